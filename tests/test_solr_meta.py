"""The Solr meta document carries every small table a stateless replica needs (no Solr)."""

from __future__ import annotations

import datetime as dt

from retrieval.models import Paper
from retrieval.search.solr_meta import CountedPerson, Meta, decode_meta, meta_doc


def test_the_sound_table_survives_the_meta_document() -> None:
    # Without it a replica reads a pinyin typo (安至房) differently from a full engine.
    meta = Meta(
        fingerprint="",
        pages=1,
        articles=1,
        passages=2,
        first=dt.date(2021, 3, 3),
        last=dt.date(2021, 3, 3),
        paper=Paper("郑州日报", "二七区", None),
        examples=("安置房什么时候开工",),
        people=(CountedPerson("陈红民", ("区委书记",), (), 1),),
        terms=("安置房",),
        abbreviations=(("经开区", "经济技术开发区"),),
        words={"安置房": 5},
        total=100,
        sounds=(("an zhi fang", "安置房"),),
    )
    doc = meta_doc(meta)
    back = decode_meta(doc["meta_json"], doc["fingerprint"])
    assert back.sounds == meta.sounds
    assert back.abbreviations == meta.abbreviations
    assert back.size() == 5
