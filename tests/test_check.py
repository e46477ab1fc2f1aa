"""`newsbot check FILE...`: how page files parse, shown before ingesting, with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.pages.check import check_page

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b59d7a4146e6a0ea.txt"
VARIANTS = ROOT / "tests" / "data" / "pages" / "variants"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user settings or cache; a cache folder that must stay empty."""
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NEWSBOT_CORPUS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return (status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_shows_headlines_dates_how_found_and_bylines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "check", str(SEED), str(VARIANTS / "206_today_site.txt"))
    assert (status, err) == (0, "")
    assert f"{SEED}: 6 articles; year 2021 (manifest year)" in out
    assert "  2. 区十六届人大常委会召开第三十七次会议\n     date: 2021年11月26日 (lead)\n" in out
    assert "     byline: 记者 景静 通讯员 左学彬 周祎\n" in out
    assert "date: 约2021年11月（原文“近日”） (approximate: newest date on the page)" in out
    assert "warning: no headline found: the title was made from the lead" in out
    assert "year 2023 (manifest date 2023-05-20)" in out
    assert "date: 2023年5月19日 (昨日, from the page date)" in out


def test_check_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "incoming" / "p.txt"
    page.parent.mkdir()
    page.write_bytes(SEED.read_bytes())
    run(capsys, "check", str(page))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["incoming", "p.txt"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"\x00\x01binary", "binary file, not page text"),
        ("没有导语的一段话。\n".encode(), "no article found"),
    ],
)
def test_an_unusable_file_is_named_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    status, out, err = run(capsys, "check", str(SEED), str(bad))
    assert status == 1
    assert out.splitlines()[-1].startswith(f"{bad}: unusable: {problem}")
    assert f"{SEED}: 6 articles" in out
    assert err == ""


def test_a_missing_file_is_unusable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "check", str(tmp_path / "nowhere.txt"))
    assert (status, out.strip()) == (1, f"{tmp_path / 'nowhere.txt'}: unusable: no such file")


def test_check_json_gives_one_object_per_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    status, out, _ = run(
        capsys, "check", "--json", str(VARIANTS / "204_site_dateline.txt"), "bad.txt"
    )
    good, bad = map(json.loads, out.splitlines())
    assert status == 1
    assert (good["usable"], good["problem"], good["year"]) == (True, None, None)
    assert good["year_how"] == "unknown: this year assumed"
    (article,) = good["articles"]
    assert article["title"] == "金水区部署防汛备汛工作"
    assert (article["date"], article["date_precision"], article["date_how"]) == (
        f"{dt.date.today().year}-04-28",
        "day",
        "dateline",
    )
    assert article["byline"] == {"reporters": ["王俊", "刘丽娟"], "correspondents": []}
    assert article["warnings"] == []
    assert (bad["usable"], bad["problem"], bad["articles"]) == (False, "empty file", [])


def test_a_page_the_parser_fails_on_is_unusable_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from retrieval.pages import parse

    def crash(*args: object, **kwargs: object) -> list[object]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parse, "parse_page", crash)
    check = check_page(SEED)
    assert not check.usable
    assert check.problem == "cannot be parsed (RecursionError: maximum recursion depth exceeded)"
