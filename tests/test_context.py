"""Conversation context: follow-ups are read against the last question, and say how."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.cli import main
from retrieval.query.context import CONTEXT_SECONDS, Conversation, ordinal, resolve

if TYPE_CHECKING:
    from retrieval.engine import Engine

TODAY = dt.date(2022, 3, 4)
MEETINGS = Conversation(question="陈红民最近开了哪些会", people=("陈红民",), shown=("a", "b"), at=0)


def notes(answer: object) -> list[str]:
    return list(answer.notes)  # type: ignore[attr-defined]


def test_without_context_a_question_is_read_as_asked() -> None:
    assert resolve("那去年呢", None, (), TODAY).question == "那去年呢"


@pytest.mark.parametrize(
    ("fragment", "question"),
    [
        ("那去年呢", "陈红民去年开了哪些会"),
        ("三月份呢？", "陈红民三月份开了哪些会"),
        ("2021年12月的呢", "陈红民2021年12月开了哪些会"),
    ],
)
def test_a_time_alone_replaces_the_earlier_time(fragment: str, question: str) -> None:
    reading = resolve(fragment, MEETINGS, (), TODAY)
    assert reading.kind == "rewritten"
    assert reading.question == question


def test_more_and_nth_refer_to_the_articles_shown() -> None:
    more = resolve("还有吗", MEETINGS, (), TODAY)
    assert (more.kind, more.exclude) == ("more", ("a", "b"))
    nth = resolve("第二条具体说说", MEETINGS, (), TODAY)
    assert (nth.kind, nth.nth) == ("nth", 2)
    assert ordinal("10") == 10


def test_earlier_asks_before_the_oldest_article_shown() -> None:
    context = Conversation(question="陈红民最近开了哪些会", oldest=dt.date(2021, 11, 25), at=0)
    reading = resolve("更早的呢", context, (), TODAY)
    assert reading.before == dt.date(2021, 11, 24)
    assert reading.said == "陈红民2021年11月24日以前开了哪些会"


def test_a_pronoun_stands_for_the_person_the_last_answer_was_about() -> None:
    context = Conversation(question="区长是谁", subject="苏建设", at=0)
    assert resolve("他最近开了哪些会", context, (), TODAY).question == "苏建设最近开了哪些会"


def test_a_stale_context_is_forgotten(engine: Engine) -> None:
    _, context = engine.chat("陈红民最近开了哪些会", None, now=0.0)
    answer, _ = engine.chat("那去年呢", context, now=CONTEXT_SECONDS + 1.0)
    assert answer.no_answer  # read alone: 请把问题说完整


def test_follow_ups_through_the_engine(engine: Engine) -> None:
    first, context = engine.chat("陈红民最近开了哪些会", None, now=0.0)
    assert not first.notes
    last_year, context = engine.chat("那去年呢", context, now=1.0)
    assert notes(last_year)[0] == "按“陈红民去年开了哪些会”回答。"
    assert last_year.question == "那去年呢"
    assert {hit.article.date.year for hit in last_year.hits if hit.article.date} == {2021}
    other, context = engine.chat("苏建设呢", context, now=2.0)
    assert notes(other)[0] == "按“苏建设去年开了哪些会”回答。"
    assert all("苏建设" in hit.article.text for hit in other.hits)
    detail, _ = engine.chat("第一条具体说说", context, now=3.0)
    assert detail.hits[0].article == other.hits[0].article


def test_more_shows_only_articles_not_shown_yet(engine: Engine) -> None:
    first, context = engine.chat("疫情防控", None, limit=2, now=0.0)
    more, _ = engine.chat("还有吗", context, limit=2, now=1.0)
    shown = {hit.article.article_id for hit in first.hits}
    assert more.hits
    assert not shown & {hit.article.article_id for hit in more.hits}


def test_cli_chat_reads_follow_ups_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], session_cache_dir: Path
) -> None:
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(session_cache_dir))
    monkeypatch.delenv("NEWSBOT_CORPUS_DIR", raising=False)
    monkeypatch.chdir(session_cache_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("陈红民最近开了哪些会\n\n那去年呢\n"))
    assert main(["chat", "--json"]) == 0
    replies = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["question"] for r in replies] == ["陈红民最近开了哪些会", "那去年呢"]
    assert replies[1]["answer"].startswith("按“陈红民去年开了哪些会”回答。")
    assert replies[1]["hits"]
