"""Add page files to a corpus folder: validate every file first, then write each atomically."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.atomic import write_atomically
from retrieval.errors import IngestError, PageError
from retrieval.pages.files import content_key, read_page
from retrieval.pages.parse import parse_checked
from retrieval.progress import progress

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestReport:
    """One page file added to the corpus."""

    source: Path
    stored_as: str
    articles: int
    notice: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    """A validated file, ready to be written."""

    report: IngestReport
    data: bytes
    key: str


def ingest_pages(
    files: Sequence[Path], directory: Path, *, show_progress: bool = False
) -> list[IngestReport]:
    """Copy page files into the corpus folder, all validated before any is written."""
    directory = Path(directory)
    if not directory.is_dir():
        raise IngestError(f"{directory}: no such corpus folder")
    known = existing_pages(directory)
    taken = {path.name for path in directory.iterdir()}
    plans: list[Plan] = []
    for file in progress(
        map(Path, files), total=len(files), desc="检查", unit="页", show=show_progress
    ):
        plan = validate(file, known, taken)
        known[plan.key] = f"{file} (given earlier in this call)"
        taken.add(plan.report.stored_as)
        plans.append(plan)
    for plan in plans:
        write_new(directory / plan.report.stored_as, plan.data)
        logger.info("ingested %s as %s", plan.report.source, plan.report.stored_as)
    return [plan.report for plan in plans]


def existing_pages(directory: Path) -> dict[str, str]:
    """Map the content key of every readable page already in the folder to its name."""
    known: dict[str, str] = {}
    for path in sorted(directory.glob("*.txt")):
        with contextlib.suppress(PageError):
            known.setdefault(content_key(read_page(path).text), path.name)
    return known


def validate(file: Path, known: dict[str, str], taken: set[str]) -> Plan:
    """Check one file, or raise IngestError("<file>: <problem>")."""
    if not file.is_file():
        raise IngestError(f"{file}: no such file")
    try:
        page = read_page(file)
    except PageError as exc:
        raise IngestError(f"{file}: {exc.problem}") from exc
    try:
        articles = parse_checked(page.text, file.name, None)
    except PageError as exc:
        raise IngestError(f"{file}: {exc.problem}") from exc
    if not articles:
        raise IngestError(f"{file}: no article found (no 本报讯 lead or markdown heading)")
    key = content_key(page.text)
    if key in known:
        raise IngestError(f"{file}: same content as {known[key]}, already in the corpus")
    stored_as = file.name if file.name.endswith(".txt") else f"{file.name}.txt"
    if stored_as.startswith(".") or stored_as in taken:
        raise IngestError(f"{file}: the corpus already has a file named {stored_as}")
    report = IngestReport(file, stored_as, len(articles), page.notice)
    return Plan(report, page.text.encode("utf-8"), key)


def write_new(target: Path, data: bytes) -> None:
    """Write a new file atomically; never replace an existing one."""
    try:
        write_atomically(target, [data], overwrite=False)
    except FileExistsError:
        raise IngestError(
            f"{target.name}: appeared in the corpus meanwhile; not replaced"
        ) from None
