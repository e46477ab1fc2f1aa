"""The paper and section a corpus comes from: manifest [paper] table, else the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.errors import ManifestError
from retrieval.models import Paper
from retrieval.pages.corpus import load_corpus
from retrieval.pages.paper import read_paper, section_of

OTHER_DISTRICT = """婺城区召开防汛工作会议

本报讯 6月10日，婺城区召开防汛工作会议。婺城区委书记张三出席会议并讲话，婺城区政府区长李四主持。
会议要求，各社区要排查隐患，城区内涝点要逐一整改。记者 王五
"""


def write_corpus(folder: Path, manifest: str) -> Path:
    """A one-page corpus about another district, with the given manifest text."""
    folder.mkdir()
    (folder / "200_other.txt").write_text(OTHER_DISTRICT, encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


def test_seeds_name_their_paper_and_section(engine: Engine) -> None:
    assert engine.paper == Paper(name="郑州日报", section="二七区")


def test_manifest_table_wins_over_the_pages(tmp_path: Path) -> None:
    manifest = '[paper]\nname = "金华日报"\nsection = "婺城"\nhomepage = "https://example.org"\n'
    folder = write_corpus(tmp_path / "c", manifest)
    paper = read_paper(folder, load_corpus(folder).articles)
    assert paper == Paper(name="金华日报", section="婺城", homepage="https://example.org")


def test_without_a_table_the_section_comes_from_the_pages(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "c", '[pages."200_other.txt"]\nyear = 2023\n')
    paper = read_paper(folder, load_corpus(folder).articles)
    assert paper == Paper(name=None, section="婺城区", homepage=None)


def test_seed_pages_alone_give_their_district(seeds_dir: Path) -> None:
    # 提请区人大 and 彻落实区委 mention organs too; only the recurring name wins.
    assert section_of(load_corpus(seeds_dir).articles) == "二七区"


def test_pages_naming_no_district_leave_the_section_unknown(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("读书节开幕\n\n本报讯 6月1日，读书节开幕。记者 王五\n", "utf-8")
    assert read_paper(folder, load_corpus(folder).articles) == Paper()


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ("[paper]\nname = 3\n", "paper.name"),
        ('[paper]\nsection = ""\n', "paper.section"),
        ('[paper]\nmasthead = "x"\n', "paper.masthead"),
        ('paper = "郑州日报"\n', "[paper]"),
    ],
)
def test_a_bad_paper_table_names_the_field(tmp_path: Path, table: str, field: str) -> None:
    folder = write_corpus(tmp_path / "c", table)
    with pytest.raises(ManifestError, match=re.escape(field)):
        read_paper(folder, ())


def test_a_bad_paper_table_fails_the_corpus_load(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "c", "[paper]\nname = 3\n")
    with pytest.raises(ManifestError, match=r"paper\.name"):
        Engine.open(folder, None)


def test_a_big_corpus_is_sampled_for_its_section(engine: Engine) -> None:
    many = list(engine.corpus.articles) * 40  # past the sample size: still the same district
    assert len(many) > 1000
    assert section_of(many) == "二七区"
