"""Which paper and section a corpus comes from: manifest.toml's [paper] table, else the pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from retrieval.models import Article, Paper
from retrieval.pages.manifest import MANIFEST, load_manifest, paper_table

# A district or county named with one of its organs (二七区委, 婺城区政府, 某某县人大).
ORGAN = re.compile(r"[区县](?=委|政府|人大|政协|纪委|人民法院|人民检察院)")
HANZI = re.compile(r"[\u4e00-\u9fff]+")
SECTION_SAMPLE = 400  # articles read to find the section when the manifest names none


def read_paper(directory: Path, articles: Iterable[Article]) -> Paper:
    """Return the corpus's paper: the manifest's [paper] table, filled in from the pages."""
    return paper_from(read_paper_table(directory), articles)


def read_paper_table(directory: Path) -> dict[str, str]:
    """The manifest's validated [paper] table ({} without one); raises ManifestError."""
    return paper_table(load_manifest(Path(directory)), Path(directory) / MANIFEST)


def paper_from(table: dict[str, str], articles: Iterable[Article]) -> Paper:
    """The paper a [paper] table names, its section taken from the pages when it gives none."""
    section = table.get("section") or section_of(articles)
    return Paper(name=table.get("name"), section=section, homepage=table.get("homepage"))


PLACE_ENDINGS = ("市", "省", "区", "县")


class PlaceNames:
    """Tell whether the pages name a place (郑州, as 郑州市; 二七区), each word looked up once."""

    def __init__(self, articles: Sequence[Article], paper: Paper) -> None:
        self._articles = articles
        self._known = {paper.section, paper.stem} - {None, ""}
        self._seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        """Tell whether a word is a place the pages name (never a word they merely use)."""
        if word not in self._seen:
            self._seen[word] = word in self._known or self._named(word)
        return self._seen[word]

    def _named(self, word: str) -> bool:
        if not HANZI.fullmatch(word):
            return False
        forms = (word,) if word.endswith(PLACE_ENDINGS) else tuple(word + e for e in PLACE_ENDINGS)
        return any(
            form in a.title or any(form in p for p in a.paragraphs)
            for a in self._articles
            for form in forms
        )


def section_of(articles: Iterable[Article]) -> str | None:
    """The district the pages are about: the name whose organs they mention most often.

    Every stem of two to four characters before an organ's 区/县 is counted (提请区人大 counts
    提请区 once, while 二七区 recurs on every page), so no word list is needed.
    """
    counts: Counter[str] = Counter()
    listed = list(articles)
    # An even sample is enough to tell the district, and keeps a big corpus's first answer
    # from paying for a scan of every page.
    for article in listed[:: max(1, len(listed) // SECTION_SAMPLE)]:
        text = article.title + article.text
        for found in ORGAN.finditer(text):
            end = found.end()
            for width in (3, 4, 5):
                name = text[max(0, end - width) : end]
                if len(name) == width and HANZI.fullmatch(name):
                    counts[name] += 1
    # The longest of the most frequent: 管城回族区 recurs exactly as often as 回族区.
    best = max(counts.items(), key=lambda item: (item[1], len(item[0])), default=None)
    return best[0] if best and best[1] > 1 else None
