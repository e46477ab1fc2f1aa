"""manifest.toml: the publication year of each page file, established by reading it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from retrieval.errors import ManifestError

MANIFEST = "manifest.toml"
LINE = re.compile(r"at line (\d+)")


def read_manifest(directory: Path) -> dict[str, int]:
    """Return {page file name: year}; an absent manifest is an empty one."""
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        found = LINE.search(str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise ManifestError(f"{where}: malformed TOML: {exc}") from exc
    return years_of(data, path)


def years_of(data: dict[str, object], path: Path) -> dict[str, int]:
    """Validate the parsed manifest and pull out each page's year."""
    pages = data.get("pages", {})
    if not isinstance(pages, dict):
        raise ManifestError(f"{path}: [pages] must be a table of page files")
    years: dict[str, int] = {}
    for name, entry in pages.items():
        year = entry.get("year") if isinstance(entry, dict) else None
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            raise ManifestError(f'{path}: pages."{name}".year must be a year such as 2021')
        years[name] = year
    return years
