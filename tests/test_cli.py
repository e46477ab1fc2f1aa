"""The `newsbot` command's contract: JSON shapes, options, and one-line failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

ARTICLE_KEYS = {
    "article_id",
    "title",
    "subtitle",
    "date",
    "date_precision",
    "byline",
    "source",
    "text",
}
HIT_KEYS = {"article_id", "title", "date", "source", "byline", "passage", "score"}


@pytest.fixture(autouse=True)
def isolated_cache(monkeypatch: pytest.MonkeyPatch, session_cache_dir: Path) -> None:
    """Keep the user's real cache and settings out of every CLI test."""
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(session_cache_dir))
    monkeypatch.delenv("NEWSBOT_CORPUS_DIR", raising=False)
    monkeypatch.chdir(session_cache_dir)  # no stray .env file is read


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return (status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def json_lines(text: str) -> list[dict]:
    """Parse one JSON object per non-empty line."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_articles_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "articles", "--json")
    articles = json_lines(out)
    assert status == 0
    assert len(articles) == 29
    assert all(set(a) >= ARTICLE_KEYS for a in articles)
    assert all(a["date"] and len(a["date"]) == 10 for a in articles)
    assert all(set(a["byline"]) == {"reporters", "correspondents"} for a in articles)
    assert len({a["article_id"] for a in articles}) == 29


def test_latest_is_newest_first_and_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "latest", "-n", "4", "--json")
    dates = [a["date"] for a in json_lines(out)]
    assert status == 0
    assert len(dates) == 4
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2022-03-04"


def test_ask_json_one_line_per_question(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "ask", "--json", "安置房建设工作专题会是哪天开的", "今天北京天气怎么样"
    )
    found, nothing = json_lines(out)
    assert status == 0
    assert found["question"] == "安置房建设工作专题会是哪天开的"
    assert not found["no_answer"]
    assert found["hits"]
    assert set(found["hits"][0]) >= HIT_KEYS
    assert "3月3日" in found["answer"]
    assert nothing["no_answer"]
    assert nothing["hits"] == []


def test_ask_prints_readable_chinese_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "ask", "霹雳行动是什么")
    assert status == 0
    assert "问：霹雳行动是什么" in out
    assert "来源：" in out
    assert "002_cd3e0aed241bcc9d.txt" in out


def test_article_shows_full_text_and_unknown_id_fails(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "latest", "-n", "1", "--json")
    newest = json_lines(out)[0]
    status, text, _ = run(capsys, "article", newest["article_id"])
    assert status == 0
    assert newest["title"] in text
    assert newest["text"].splitlines()[0] in text
    status, text, err = run(capsys, "article", "../../etc/passwd")
    assert status == 1
    assert text == ""
    assert "../../etc/passwd" in err


def test_corpus_option_and_environment_point_at_another_folder(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_copy / "004_84ebe029d2cf1232.txt").unlink()
    status, out, _ = run(capsys, "--corpus", str(corpus_copy), "articles", "--json")
    assert status == 0
    assert len(json_lines(out)) == 22
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(corpus_copy))
    _, out, _ = run(capsys, "articles", "--json")
    assert len(json_lines(out)) == 22


def test_missing_corpus_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    status, out, err = run(capsys, "--corpus", str(missing), "ask", "安置房")
    assert status == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "nowhere" in err
    assert "Traceback" not in err


def test_ingest_refuses_empty_file_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    before = sorted(p.name for p in corpus_copy.iterdir())
    status, _, err = run(capsys, "--corpus", str(corpus_copy), "ingest", str(empty))
    assert status == 1
    assert "empty.txt" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in corpus_copy.iterdir()) == before


def test_ingest_adds_a_page_that_is_then_searchable(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path, tmp_path: Path
) -> None:
    page = tmp_path / "new_page.txt"
    page.write_text(
        "二七区举办无人机科普展\n\n本报讯 6月2日,二七区在德化街举办无人机科普展,"
        "吸引市民近千人参观。\n记者 景静\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "--corpus", str(corpus_copy), "ingest", str(page))
    assert status == 0
    assert "new_page.txt" in out
    _, out, _ = run(capsys, "--corpus", str(corpus_copy), "ask", "--json", "无人机科普展")
    reply = json_lines(out)[0]
    assert reply["hits"][0]["title"] == "二七区举办无人机科普展"


@pytest.mark.parametrize("value", ["0", "-3", "abc"])
def test_latest_rejects_bad_counts(capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["latest", "-n", value])
    assert exit_info.value.code == 2
    assert value in capsys.readouterr().err


def test_bad_setting_is_one_line_naming_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_LATEST_MAX", "many")
    status, out, err = run(capsys, "latest")
    assert status == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "newsbot: setting NEWSBOT_LATEST_MAX is invalid: "
        "Input should be a valid integer, unable to parse string as an integer"
    ]
    assert "many" not in err  # values are never echoed: one of them could be the token


def test_index_reports_what_it_holds_and_every_skipped_page(
    capsys: pytest.CaptureFixture[str], corpus_copy: Path
) -> None:
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01binary\xff")
    status, out, err = run(capsys, "--corpus", str(corpus_copy), "index")
    assert status == 0
    assert "5 个版面，29 篇文章，2018-11-20 至 2022-03-04" in out
    assert "broken.txt" in err
    _, _, err_again = run(capsys, "--corpus", str(corpus_copy), "index")  # a cache hit too
    assert "broken.txt" in err_again


def test_operating_system_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/srv/pages/000.txt")

    monkeypatch.setattr("bot.cli.Engine.open", refuse)  # root ignores chmod, so simulate it
    status, out, err = run(capsys, "latest")
    assert status == 1
    assert out == ""
    assert err.strip() == "newsbot: error: /srv/pages/000.txt: Permission denied"


def test_a_question_over_the_cap_is_read_up_to_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_MAX_QUESTION_CHARS", "12")
    status, out, err = run(capsys, "ask", "--json", "陈红民最近开了哪些会" + "，谢谢" * 20)
    assert status == 0
    assert "question 1 is over 12 characters" in err
    assert json_lines(out)[0]["intent"] == "meetings"
