"""People in a question: full names, surname + title aliases (陈书记), near-miss spellings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from retrieval.search.people import Person
from retrieval.text import vocab
from retrieval.text.normalize import normalize
from retrieval.text.patterns import lazy

# Titles a person can be called by after their surname (陈书记, 苏区长, 吕主任), longest first.
TITLES = vocab.words("people.titles")
SURNAMES = vocab.characters("people.surnames")
# A surname + title that fits no one in the paper (王书记 when no 王 is a 书记): said so
# instead of searching for the title alone.
_UNKNOWN_ALIAS = lazy(
    rf"(?:^|(?<=[^\u4e00-\u9fff]|[的问找请和与跟是位个下])){SURNAMES}(?:{'|'.join(TITLES)})"
)
COMPOUND_SURNAMES = vocab.words("people.compound_surnames")


def surname(name: str) -> str:
    """The family name: one character, or two for the compound surnames."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def alias_table(people: Sequence[Person]) -> dict[str, tuple[list[str], list[str]]]:
    """Map surname+title aliases to (people holding that title, people one rank below)."""
    table: dict[str, tuple[list[str], list[str]]] = {}
    for person in people:
        for role in person.roles:
            for title in TITLES:
                if not role.endswith(title):
                    continue
                exact, _ = table.setdefault(surname(person.name) + title, ([], []))
                add_once(exact, person.name)
                # 李副区长 is called 李区长 too, but a real 区长 named 李 wins.
                for plain in {title[1:], title.removeprefix("常务副"), title.removeprefix("常务")}:
                    if plain != title and plain in TITLES:
                        add_once(table.setdefault(surname(person.name) + plain, ([], []))[1],
                                 person.name)  # fmt: skip
                break
    return table


def add_once(names: list[str], name: str) -> None:
    """Append a name unless it is already there."""
    if name not in names:
        names.append(name)


def find_people(
    text: str, people: Sequence[Person], district: str = ""
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], str]:
    """Find full names and aliases; return names, ambiguous aliases and the rest of the text.

    ``district`` is the corpus's district as the pages prefix it (二七 of 二七区).
    """
    found: list[str] = []
    rest = text
    longest_first, aliases = prepared(people)
    for person, spelled in longest_first:
        if spelled in rest:
            add_once(found, person.name)
            # 二七区区委书记陈红民同志: the title said who, it is no topic.
            rest = re.sub(titled(person, district), " ", rest)
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    for alias, (exact, loose) in aliases:
        if alias not in rest:
            continue
        rest = rest.replace(alias, " ")
        candidates = exact or loose
        if len(candidates) == 1:
            add_once(found, candidates[0])
        elif not set(candidates) & set(found):
            ambiguous.append((alias, tuple(candidates)))
    for match in _UNKNOWN_ALIAS.finditer(rest):  # 王书记 with no 王 holding that title
        ambiguous.append((match[0], ()))
    rest = _UNKNOWN_ALIAS.sub(" ", rest)
    return (
        tuple(sorted(found, key=lambda name: first_mention(text, name, people))),
        tuple(ambiguous),
        rest,
    )


Prepared = tuple[list[tuple[Person, str]], list[tuple[str, tuple[list[str], list[str]]]]]


class Roster(tuple[Person, ...]):
    """A corpus's people with their question lookups prepared once (one per engine).

    A tuple of the people, so it goes wherever a people sequence goes; ``prepared`` reads
    its lookups instead of redoing them for every question.
    """

    lookups: Prepared

    def __new__(cls, people: Iterable[Person]) -> Roster:
        roster = super().__new__(cls, people)
        roster.lookups = _prepare(roster)
        return roster


def prepared(people: Sequence[Person]) -> Prepared:
    """People longest name first with their normalised names, and the aliases longest first.

    A Roster's are kept with it; any other sequence's are computed afresh.
    """
    return people.lookups if isinstance(people, Roster) else _prepare(people)


def _prepare(people: Sequence[Person]) -> Prepared:
    """Compute the lookups ``prepared`` returns."""
    named = [(p, normalize(p.name)) for p in sorted(people, key=lambda p: -len(p.name))]
    aliases = sorted(alias_table(people).items(), key=lambda a: -len(a[0]))
    return [(p, n) for p, n in named if len(p.name) >= 2], aliases


def titled(person: Person, district: str = "") -> str:
    """A pattern for the name with the titles the paper gives it (二七区区委书记陈红民同志)."""
    roles = "|".join(map(re.escape, sorted({*person.roles, *TITLES}, key=len, reverse=True)))
    place = rf"(?:{re.escape(district)}[区县市]?)?" if district else ""
    return rf"{place}(?:(?:{roles})、?)*{re.escape(normalize(person.name))}(?:同志)?"


def first_mention(text: str, name: str, people: Sequence[Person]) -> int:
    """Where a person is first named in the question, by full name or by alias."""
    spots = [text.find(normalize(name))]
    for person in people:
        if person.name == name:
            spots += [text.find(surname(name) + title) for title in TITLES]
    return min((spot for spot in spots if spot >= 0), default=len(text))


# What may follow a name in a question; a near-miss is taken for a name only before these.
_AFTER_NAME = lazy(
    r"(?:最近|近期|今年|去年|开|主持|出席|参加|是|的|在|去|到|同志|有|都|和|与"
    rf"|跟|说|讲|写|做|干|忙|、|，|,|？|\?|\s|$|{'|'.join(TITLES)})"
)


def find_near_names(text: str, people: Sequence[Person]) -> list[tuple[str, str]]:
    """Names typed with one wrong given-name character (陈红明 → 陈红民), as (typed, name).

    Only three-character names qualify, and only where a name may stand (before 最近, 开 …):
    two-character names are too close to ordinary words.
    """
    known = {person.name for person in people}
    found: list[tuple[str, str]] = []
    for start in range(len(text) - 2):
        window = text[start : start + 3]
        if window in known or not re.fullmatch(r"[\u4e00-\u9fff]{3}", window):
            continue
        if not _AFTER_NAME.match(text, start + 3):
            continue
        close = [name for name in known if len(name) == 3 and one_off(window, name)]
        if len(close) == 1:
            found.append((window, close[0]))
    return found


def one_off(typed: str, name: str) -> bool:
    """Tell whether the surname matches and exactly one given-name character differs."""
    return (
        typed[0] == name[0] and sum(a != b for a, b in zip(typed[1:], name[1:], strict=True)) == 1
    )
