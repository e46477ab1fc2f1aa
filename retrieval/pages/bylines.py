"""Bylines: who wrote an article, in the forms listed in retrieval/data/bylines.txt."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from retrieval.models import Byline
from retrieval.pages.datelines import split_dateline
from retrieval.pages.forms import data_lines, traditional

SEP = r"[ \t:：]+"  # a byline sets its names apart from the role word
OPEN, CLOSE = r"[（(]", r"[）)]"
HAN = r"[\u4e00-\u9fff·]"
SENTENCE_CLOSE = r"[。！？!?”]"
KINDS = frozenset({"reporter", "correspondent", "ending"})


@dataclass(frozen=True, slots=True)
class Forms:
    """The compiled byline patterns built from the role words."""

    line: re.Pattern[str]  # a whole line that is a byline
    open: re.Pattern[str]  # a byline whose names wrapped to the next line
    inline: re.Pattern[str]  # a byline closing a line of text
    lead: re.Pattern[str]  # a bracketed byline right after the dateline
    closing_name: re.Pattern[str]  # a name alone in brackets closing the article
    names_alone: re.Pattern[str]  # that bracketed name, split off
    part: re.Pattern[str]  # one role word and its names
    names_line: re.Pattern[str]  # names alone (the tail of a wrapped byline)
    kinds: dict[str, str]  # role word → reporter | correspondent


def role_words() -> dict[str, str]:
    """Read the role words and their kinds, with their traditional forms added."""
    kinds: dict[str, str] = {}
    for line in data_lines("bylines.txt"):
        word, _, kind = line.rpartition(" ")
        if kind not in KINDS or not word:
            raise ValueError(f"bylines.txt: {line!r} needs a word, then a kind: {sorted(KINDS)}")
        kinds[word] = kind
        kinds.setdefault(traditional(word), kind)
    return kinds


def word_pattern(word: str) -> str:
    """A role word as a pattern, ASCII and full-width slashes alike."""
    return "".join("[/／]" if ch in "/／" else re.escape(ch) for ch in word)


@functools.cache
def forms() -> Forms:
    """Compile the byline patterns once."""
    table = role_words()
    endings = "|".join(word for word, kind in table.items() if kind == "ending")
    kinds = {word: kind for word, kind in table.items() if kind != "ending"}
    role_word = "(?:" + "|".join(map(word_pattern, sorted(kinds, key=len, reverse=True))) + ")"
    name = rf"(?:(?!{role_word}){HAN}){{2,4}}(?!{HAN})"
    names = rf"{name}(?:[ 、]+{name})*"
    role = rf"{role_word}{SEP}{names}"
    roles = rf"{role}(?:\s+{role})*"
    # Brackets set a byline apart on their own, so inside them the names may touch the role
    # word (spaces next to Chinese characters are squeezed out when lines are joined).
    tight = rf"{role_word}(?:{SEP})?{names}"
    bracketed = rf"{OPEN}\s*{tight}(?:\s*{tight})*\s*{CLOSE}"
    return Forms(
        line=re.compile(rf"^(?:{role_word}\s*)?(?:{roles}|{bracketed})$"),
        open=re.compile(rf"^(?:{role}\s+)*{role_word}$"),
        inline=re.compile(rf"(?<={SENTENCE_CLOSE})\s*({bracketed}|{roles}(?:\s+{role_word})?)$"),
        lead=re.compile(rf"^\s*{bracketed}\s*"),
        closing_name=re.compile(
            rf"(?<={SENTENCE_CLOSE})\s*{OPEN}(?!(?:{endings}){CLOSE})({names}){CLOSE}$"
        ),
        names_alone=re.compile(rf"{OPEN}({names}){CLOSE}"),
        part=re.compile(rf"({role_word})(?:{SEP})?({names})"),
        names_line=re.compile(r"^[\u4e00-\u9fff·]{2,3}(?:[ 、]+[\u4e00-\u9fff·]{2,3})*$"),
        kinds={word.replace("／", "/"): kind for word, kind in kinds.items()},
    )


def is_byline(line: str) -> bool:
    """Tell whether a whole line is a byline (``记者 景静 通讯员 左学彬``, ``（记者 王浩江）``)."""
    return bool(forms().line.match(line))


def is_open_byline(line: str) -> bool:
    """Tell whether a whole line is a byline whose last names wrapped to the next line."""
    return bool(forms().open.match(line))


def is_names_line(line: str) -> bool:
    """Tell whether a line holds only personal names (the tail of a wrapped byline)."""
    return bool(forms().names_line.match(line))


def split_inline_byline(line: str) -> tuple[str, str]:
    """Split ``…动力。 记者 景静`` into its text and byline (byline "" if none)."""
    match = forms().inline.search(line)
    if match is None:
        return line, ""
    return line[: match.start()].rstrip(), match.group(1)


def split_lead_byline(rest: str) -> tuple[str, str]:
    """Split the bracketed byline that follows a dateline off the lead's text."""
    match = forms().lead.match(rest)
    if match is None:
        return rest, ""
    return rest[match.end() :], match.group(0).strip()


def split_lead_line(line: str) -> tuple[str, str]:
    """Split the bracketed byline off a lead line (``本网讯（记者 王浩江）5月12日…``)."""
    dateline, rest = split_dateline(line)
    text, byline = split_lead_byline(rest.lstrip()) if dateline else (rest, "")
    return (f"{dateline} {text}", byline) if byline else (line, "")


def split_closing_name(text: str) -> tuple[str, str]:
    """Split a name alone in brackets off the end of an article (``…。（王浩江）``)."""
    match = forms().closing_name.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), match.group(0).strip()


def parse_byline(parts: list[str]) -> Byline:
    """Turn byline strings into reporters and correspondents, first mention first.

    A part that is only names in brackets (the closing ``（王浩江）``) names reporters.
    """
    table = forms()
    found: dict[str, dict[str, None]] = {"reporter": {}, "correspondent": {}}
    for part in parts:
        alone = table.names_alone.fullmatch(part)
        pairs = [("", alone.group(1))] if alone else table.part.findall(part)
        for role, names in pairs:
            kind = table.kinds[role.replace("／", "/")] if role else "reporter"
            for person in re.split(r"[ 、]+", names):
                found[kind][person] = None
    return Byline(tuple(found["reporter"]), tuple(found["correspondent"]))
