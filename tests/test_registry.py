"""The intent registry: every intent declared once, with examples, cues and a template."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from retrieval.answers.compose import TEMPLATES
from retrieval.query.intents import CUES, DECLARATIONS, REGISTRY, Intent
from retrieval.query.question import parse_question
from retrieval.search.people import Person
from retrieval.text import vocab

PEOPLE = (
    Person("陈红民", ("区委书记",), ("a1",)),
    Person("苏建设", ("区委副书记", "区长"), ("a2",)),
)
EXAMPLES = [(spec.intent, example) for spec in DECLARATIONS for example in spec.examples]


def test_every_intent_is_declared_once_with_a_template() -> None:
    assert [spec.intent for spec in DECLARATIONS] == list(REGISTRY)
    assert set(REGISTRY) == set(Intent)
    assert set(TEMPLATES) == set(Intent)


def test_every_intent_has_examples() -> None:
    assert all(spec.examples for spec in DECLARATIONS)


@pytest.mark.parametrize(("intent", "question"), EXAMPLES)
def test_each_example_asks_for_its_intent(intent: Intent, question: str) -> None:
    query = parse_question(question, PEOPLE, today=dt.date(2022, 3, 4))
    assert query.intent is intent


def test_cue_ranks_leave_no_tie() -> None:
    ranks = [cue.rank for _, cue in CUES]
    assert ranks == sorted(set(ranks))


def test_slots_not_filled_take_the_declared_default() -> None:
    query = parse_question("陈红民最近开了哪些会", PEOPLE, today=None)
    assert query.slot("event_kind") == "meeting"
    assert query.slot("measure") == ""  # a slot of another intent
    widened = query.with_slots(event_kind="event")
    assert (widened.slot("event_kind"), query.slot("event_kind")) == ("event", "meeting")


def test_code_spells_no_word_list() -> None:
    """Titles and surnames live in retrieval/data/zh.toml only (they were listed 3 times)."""
    titles, surnames = vocab.words("people.titles"), "".join(vocab.words("people.surnames"))
    for path in Path("retrieval").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert surnames[:8] not in code, path
        assert f'"{titles[0]}", "{titles[1]}"' not in code, path
        assert "书记|区长|主任" not in code, path


def test_no_word_list_repeats_a_word() -> None:
    for key in vocab._lists():
        words = vocab.words(key)
        assert len(set(words)) == len(words), key


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[a]\nwords = 3\n", "a.words must be a list"),
        ('[a]\nwords = [""]\n', "a.words must be a list"),
        ('[a]\nbad_patterns = ["(x"]\n', "a.bad_patterns: bad pattern"),
        ('a = "x"\n', "a must be a table"),
        ("[a\n", "zh.toml"),
    ],
)
def test_a_bad_vocabulary_file_names_the_list(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "zh.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(vocab.VocabularyError, match=problem):
        vocab._lists(path)


def test_a_number_table_must_hold_whole_numbers(tmp_path: Path) -> None:
    path = tmp_path / "zh.toml"
    path.write_text('[time]\ndays_per = { "周" = "七" }\n', encoding="utf-8")
    with pytest.raises(vocab.VocabularyError, match=r"time\.days_per must map words"):
        vocab._tables(path)
    assert vocab.numbers("time.relative_years")["去年"] == -1


def test_a_missing_list_is_named() -> None:
    with pytest.raises(vocab.VocabularyError, match=r"no list people\.nicknames"):
        vocab.words("people.nicknames")


def test_a_new_phrasing_is_a_data_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy-phrasing added to zh.toml makes a fresh meetings cue match it; no code edit."""
    meetings = next(cue for spec, cue in CUES if spec.intent is Intent.MEETINGS and cue.keep)
    assert meetings.find("苏建设在捣鼓啥", has_person=True) is None
    data = vocab.VOCABULARY.read_text(encoding="utf-8")
    path = tmp_path / "zh.toml"
    path.write_text(data.replace('"在做啥",', '"在做啥", "在捣鼓啥",'), encoding="utf-8")
    monkeypatch.setattr(vocab, "VOCABULARY", path)
    fresh = dataclasses.replace(meetings)  # compiles its pattern from the new data
    found = fresh.find("苏建设在捣鼓啥", has_person=True)
    assert found is not None
    assert found["busy"] == "在捣鼓啥"
