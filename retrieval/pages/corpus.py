"""A folder of page files + manifest.toml → a Corpus of articles; one bad page never sinks it."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.errors import EmptyCorpusError, PageError
from retrieval.models import Article
from retrieval.pages.collection import Corpus, PageInfo
from retrieval.pages.files import content_key, read_page
from retrieval.pages.fingerprint import fingerprint_folder, page_files
from retrieval.pages.ingest import IngestReport, ingest_pages
from retrieval.pages.manifest import MANIFEST, read_manifest, read_page_dates
from retrieval.pages.paper import paper_from, read_paper_table
from retrieval.pages.parse import parse_checked, resolve_year, year_or_none
from retrieval.progress import progress
from retrieval.workers import chunked, flatten, map_chunks, worker_count

__all__ = [
    "Corpus",
    "IngestReport",
    "PageInfo",
    "fingerprint_folder",
    "ingest_pages",
    "load_corpus",
]

logger = logging.getLogger(__name__)

# Below this many pages a process pool costs more than it saves (and tests stay in-process).
PARALLEL_MIN_PAGES = 400
_CHUNK_PAGES = 16


@dataclass(slots=True)
class Loading:
    """What load_corpus has read so far."""

    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (text, sha256)
    problems: list[str] = field(default_factory=list)

    def report(self, line: str) -> None:
        """Record and log one problem line."""
        logger.warning("%s", line)
        self.problems.append(line)


def load_corpus(
    directory: Path, *, show_progress: bool = False, workers: int | None = None
) -> Corpus:
    """Load every page of a folder; skip and report bad pages; raise if none has an article.

    Pages are parsed in ``workers`` processes (by default two once there are
    PARALLEL_MIN_PAGES pages); the corpus is the same whatever the number.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EmptyCorpusError(f"{directory}: no such corpus folder")
    years, published = read_manifest(directory), read_page_dates(directory)
    loading = read_pages(page_files(directory))
    for name in sorted(set(years) - {p.name for p in page_files(directory)}):
        loading.report(f"{MANIFEST}: names {name}, which is not in {directory}")
    default = default_year(loading.texts, years)
    pages: list[PageInfo] = []
    articles: list[Article] = []
    jobs = [
        (name, text, years.get(name), default, published.get(name))
        for name, (text, _) in loading.texts.items()
    ]
    parsed = progress(
        _parse_all(jobs, workers), total=len(jobs), desc="解析", unit="页", show=show_progress
    )
    for (name, *_), (found, error, year) in zip(jobs, parsed, strict=True):
        if error:
            loading.report(f"{error}; skipped")
            continue
        if not found:
            loading.report(f"{name}: no article found (no 本报讯 lead or heading); skipped")
            continue
        pages.append(PageInfo(name, year, name not in years, loading.texts[name][1], len(found)))
        articles.extend(found)
    if not articles:
        raise EmptyCorpusError(f"{directory}: no page file with an article in it")
    paper = paper_from(read_paper_table(directory), articles)
    return Corpus(directory, tuple(pages), tuple(articles), tuple(loading.problems), paper=paper)


Job = tuple[str, str, int | None, int, dt.date | None]  # name, text, year, default, published


Parsed = tuple[list[Article], str, int]  # articles, why the page was refused ("" if not), year


def _parse_all(jobs: list[Job], workers: int | None) -> Iterator[Parsed]:
    """Each page's articles (or why it was refused) and year, in the order of ``jobs``."""
    count = worker_count(len(jobs), PARALLEL_MIN_PAGES, workers)
    if count <= 1:
        return (_parse_job(job) for job in jobs)
    return flatten(map_chunks(_parse_chunk, chunked(jobs, _CHUNK_PAGES), workers=count))


def _parse_chunk(jobs: Sequence[Job]) -> list[Parsed]:
    """Parse a chunk of pages (in a worker process when pooled)."""
    return [_parse_job(job) for job in jobs]


def _parse_job(job: Job) -> Parsed:
    """Parse one page, and resolve its year when it has articles."""
    name, text, year, default, published = job
    try:
        found = parse_checked(text, name, year, default_year=default, published=published)
    except PageError as exc:
        return [], str(exc), 0
    return found, "", resolve_year(text, year, default) if found else 0


def read_pages(paths: Iterable[Path]) -> Loading:
    """Decode page files, skipping unreadable ones and second copies of the same content."""
    loading = Loading()
    seen: dict[str, str] = {}
    for path in paths:
        try:
            page = read_page(path)
        except PageError as exc:
            loading.report(f"{exc}; skipped")
            continue
        if page.notice:
            loading.report(f"{path.name}: {page.notice}")
        key = content_key(page.text)
        if key in seen:
            loading.report(f"{path.name}: same content as {seen[key]}; skipped")
            continue
        seen[key] = path.name
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        loading.texts[path.name] = (page.text, sha)
    return loading


def default_year(texts: dict[str, tuple[str, str]], years: dict[str, int]) -> int:
    """The year for pages with no manifest entry and no usable year: the newest known one."""
    known = [years[name] for name in texts if name in years]
    known += [
        y for name, (text, _) in texts.items() if name not in years if (y := year_or_none(text))
    ]
    return max(known, default=dt.date.today().year)
