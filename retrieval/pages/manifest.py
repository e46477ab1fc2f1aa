"""manifest.toml: each page file's publication year, and the [paper] the corpus comes from."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from retrieval.errors import ManifestError

MANIFEST = "manifest.toml"
LINE = re.compile(r"at line (\d+)")
PAPER_FIELDS = ("name", "section", "homepage")


def read_manifest(directory: Path) -> dict[str, int]:
    """Return {page file name: year}; an absent manifest is an empty one."""
    data = load_manifest(directory)
    paper_table(data, directory / MANIFEST)  # a bad [paper] table fails the load, not an answer
    return years_of(data, directory / MANIFEST)


def load_manifest(directory: Path) -> dict[str, object]:
    """Return the parsed manifest.toml of a folder ({} when it has none)."""
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        found = LINE.search(str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise ManifestError(f"{where}: malformed TOML: {exc}") from exc


def years_of(data: dict[str, object], path: Path) -> dict[str, int]:
    """Validate the parsed manifest and pull out each page's year (a date's year if no year)."""
    years: dict[str, int] = {}
    for name, entry in pages_of(data, path).items():
        year = entry.get("year") if isinstance(entry, dict) else None
        date = entry_date(name, entry, path)
        if year is None and date is not None:
            year = date.year
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            raise ManifestError(f'{path}: pages."{name}".year must be a year such as 2021')
        if date is not None and date.year != year:
            raise ManifestError(f'{path}: pages."{name}".date {date} is not in its year {year}')
        years[name] = year
    return years


def pages_of(data: dict[str, object], path: Path) -> dict[str, object]:
    """Return the manifest's [pages] table."""
    pages = data.get("pages", {})
    if not isinstance(pages, dict):
        raise ManifestError(f"{path}: [pages] must be a table of page files")
    return pages


def read_page_dates(directory: Path) -> dict[str, dt.date]:
    """Return {page file name: publication date} for the pages whose entry has a ``date``."""
    path = directory / MANIFEST
    dates: dict[str, dt.date] = {}
    for name, entry in pages_of(load_manifest(directory), path).items():
        if (date := entry_date(name, entry, path)) is not None:
            dates[name] = date
    return dates


def entry_date(name: str, entry: object, path: Path) -> dt.date | None:
    """Return a page entry's ``date`` (None if it has none), or raise naming the field."""
    date = entry.get("date") if isinstance(entry, dict) else None
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise ManifestError(f'{path}: pages."{name}".date must be a date such as 2021-11-30')
    return date


def paper_table(data: dict[str, object], path: Path) -> dict[str, str]:
    """Validate and return the manifest's [paper] table (empty when there is none)."""
    table = data.get("paper", {})
    if not isinstance(table, dict):
        raise ManifestError(f"{path}: [paper] must be a table with name, section and homepage")
    for key, value in table.items():
        if key not in PAPER_FIELDS:
            known = ", ".join(PAPER_FIELDS)
            raise ManifestError(f"{path}: paper.{key} is not a known field ({known})")
        if not isinstance(value, str) or not value.strip():
            raise ManifestError(f"{path}: paper.{key} must be a non-empty string")
    return {key: value.strip() for key, value in table.items()}
