"""Raw page text → Articles: leads, headlines before or after, bylines, dates, paragraphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

from retrieval.models import Article
from retrieval.pages.dates import (
    PageYear,
    article_date,
    infer_year,
    lead_date,
    newest_date,
    page_year,
)
from retrieval.pages.headlines import (
    WORD,
    Headline,
    Unit,
    bigrams,
    compose_headline,
    derive_title,
    overlap,
    split_region,
    split_stacked,
)
from retrieval.pages.lines import (
    LEAD,
    byline_wraps,
    ends_sentence,
    heading_text,
    is_byline,
    is_furniture,
    is_heading,
    is_headline_like,
    is_label,
    is_lead,
    is_names_line,
    is_open_byline,
    join_lines,
    normalize_text,
    parse_byline,
    split_inline_byline,
)

__all__ = ["infer_year", "page_id", "parse_page", "resolve_year"]

logger = logging.getLogger(__name__)

NARROW = 40  # lines at most this long are newspaper columns, not whole paragraphs
SHORT_LINE = 0.75  # a column line this much shorter than the column ends its paragraph
TAIL_AT_END = 0.3  # a trailing block must share this much with the last article to be its title


@dataclass(slots=True)
class Draft:
    """An article being assembled: its headline blocks and raw body lines."""

    body: list[str]
    head: list[Unit] = field(default_factory=list)


def page_id(text: str) -> str:
    """Return the 10-hex prefix that article ids of this page share."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:10]


def parse_page(
    text: str, source: str, year: int | None, *, default_year: int | None = None
) -> list[Article]:
    """Split one page's text into articles; year None → infer it and mark it inferred."""
    clean = normalize_text(text)
    lines = ["" if is_furniture(line) else line for line in clean.split("\n")]
    drafts = draft_articles(lines)
    if not drafts:
        return []
    inferred = year is None
    when = page_year(clean, resolve_year(clean, year, default_year))
    prefix = hashlib.sha256(clean.encode("utf-8")).hexdigest()[:10]
    bodies = [read_body(draft.body) for draft in drafts]
    newest = newest_event(bodies, when) or newest_date(clean, when)
    articles: list[Article] = []
    for draft, body in zip(drafts, bodies, strict=True):
        article = build(
            draft,
            body,
            prefix=prefix,
            position=len(articles),
            source=source,
            when=(when, newest, inferred),
        )
        if article is not None:
            articles.append(article)
    return articles


def newest_event(bodies: list[tuple[list[str], list[str]]], when: PageYear) -> dt.date | None:
    """Return the newest date an article's lead reports (undated articles are shortly before)."""
    dates = [lead_date(paragraphs[0], when) for paragraphs, _ in bodies if paragraphs]
    return max((d for d in dates if d is not None), default=None)


def resolve_year(text: str, year: int | None, default_year: int | None) -> int:
    """Return the page's year: the given one, else inferred, else the default, else this year."""
    if year is not None:
        return year
    return infer_year(normalize_text(text)) or default_year or dt.date.today().year


def find_anchors(lines: list[str]) -> list[tuple[int, bool]]:
    """Return (line, is_heading) for every article start: a lead, or a heading over plain text."""
    anchors: list[tuple[int, bool]] = []
    for i, line in enumerate(lines):
        if is_lead(line):
            anchors.append((i, False))
        elif is_heading(line) and heads_plain_text(lines, i):
            anchors.append((i, True))
    return anchors


def heads_plain_text(lines: list[str], index: int) -> bool:
    """Tell whether a heading is followed by body text that has no lead of its own."""
    for line in lines[index + 1 :]:
        if is_heading(line):
            return False
        if line and not is_label(line) and not is_headline_like(line):
            return not is_lead(line) and not is_byline(line)
    return False


def closes_text(line: str) -> bool:
    """Tell whether a line finishes what came before it (a sentence end or a byline)."""
    if byline_wraps(line):
        return False
    text, byline = split_inline_byline(line)
    return bool(byline) or is_byline(line) or ends_sentence(text) or is_heading(line)


def region_start(lines: list[str], stop: int, floor: int) -> int:
    """Return where the run of headline-like lines that ends just before ``stop`` begins."""
    i = stop
    while i > floor and (
        not lines[i - 1] or is_label(lines[i - 1]) or is_headline_like(lines[i - 1])
    ):
        i -= 1
    if i > floor and not closes_text(lines[i - 1]):
        while i < stop and lines[i]:  # lines glued to unfinished text continue that text
            i += 1
    while i < stop and i > floor and signs(lines[i - 1]) and is_names_line(lines[i]):
        i += 1  # names wrapped from the byline just above ("记者 景静\n张改华")
    return i


def signs(line: str) -> bool:
    """Tell whether a line is or ends with a byline."""
    return is_byline(line) or bool(split_inline_byline(line)[1])


def units_of(lines: list[str]) -> tuple[list[Unit], int]:
    """Group headline lines into blank-separated blocks; also the first heading block's index."""
    units: list[Unit] = []
    current: list[str] = []
    forced = -1
    for line in [*lines, ""]:
        if line and not is_label(line):
            if is_heading(line) and forced < 0:
                forced = len(units) + (1 if current else 0)
                if current:
                    units.append(tuple(current))
                    current = []
            current.append(heading_text(line))
        elif current:
            units.append(tuple(current))
            current = []
    return units, (forced if forced >= 0 else len(units))


def draft_articles(lines: list[str]) -> list[Draft]:
    """Cut a page's lines into drafts, giving each headline block to the article it describes."""
    anchors = find_anchors(lines)
    if not anchors:
        return []
    starts = [i + 1 if heading else i for i, heading in anchors]
    floors = [0, *starts[:-1]]
    regions = [region_start(lines, a, f) for (a, _), f in zip(anchors, floors, strict=True)]
    ends = [*regions[1:], region_start(lines, len(lines), starts[-1])]
    drafts = [Draft(lines[s:e]) for s, e in zip(starts, ends, strict=True)]
    orphan = [line for line in lines[: regions[0]] if line and not is_label(line)]
    for k, ((anchor, heading), first) in enumerate(zip(anchors, regions, strict=True)):
        units, forced = units_of(lines[first : anchor + 1 if heading else anchor])
        previous = drafts[k - 1] if k else None
        before = text_of(previous) if previous and not previous.head else None
        if before is not None:
            units, forced = split_stacked(units, forced, before, text_of(drafts[k]))
        cut = split_region(units, before, text_of(drafts[k]), forced_head=forced)
        if previous is not None:
            previous.head.extend(units[:cut])
        drafts[k].head.extend(units[cut:])
    attach_trailing(drafts[-1], lines[ends[-1] :])
    if orphan:
        logger.debug("text before the first article start kept as its own article")
        drafts.insert(0, Draft(lines[: regions[0]]))
    return drafts


def attach_trailing(last: Draft, lines: list[str]) -> None:
    """Give the page's trailing headline block to the last article when it describes it."""
    units, _ = units_of(lines)
    if last.head or not units:
        return
    grams = bigrams(text_of(last))
    last.head.extend(u for u in units if overlap(u, grams) >= TAIL_AT_END)


def text_of(draft: Draft) -> str:
    """Return a draft's body as one string, for content matching."""
    return "".join(draft.body)


def build(
    draft: Draft,
    body: tuple[list[str], list[str]],
    *,
    prefix: str,
    position: int,
    source: str,
    when: tuple[PageYear, dt.date | None, bool],
) -> Article | None:
    """Turn a draft and its read body into an Article, or None when it holds no text."""
    year, newest, inferred = when
    paragraphs, bylines = body
    if not WORD.search("".join(paragraphs).removeprefix(LEAD)):
        return None
    headline = compose_headline(draft.head) if draft.head else None
    date, precision, note = article_date(paragraphs[0], year, newest)
    title = headline or Headline(derive_title(paragraphs[0]), "")
    return Article(
        article_id=f"{prefix}-{position:02d}",
        source=source,
        title=title.title,
        subtitle=title.subtitle,
        title_derived=headline is None,
        date=date,
        date_precision=precision,
        date_note=note,
        year_inferred=inferred,
        byline=parse_byline(bylines),
        paragraphs=tuple(paragraphs),
        position=position,
    )


def column_width(lines: list[str]) -> int:
    """Return the longest line's length: the column width of the page's layout."""
    return max((len("".join(line.split())) for line in lines), default=0)


def read_body(lines: list[str]) -> tuple[list[str], list[str]]:
    """Undo column breaks and pull bylines out: (paragraphs, byline strings)."""
    width = column_width(lines)
    paragraphs: list[str] = []
    bylines: list[str] = []
    block: list[str] = []
    runs_on = False  # the last paragraph stopped mid-sentence and continues in the next block

    def close(hard: bool) -> None:
        nonlocal runs_on
        if block:
            text = join_lines(block)
            if runs_on and paragraphs:
                paragraphs[-1] = join_lines([paragraphs[-1], text])
            else:
                paragraphs.append(text)
            block.clear()
        if paragraphs:
            runs_on = not hard and not ends_sentence(paragraphs[-1])

    signed = False  # the line before was (or ended with) a byline
    for line in lines:
        if signed and is_names_line(line):
            bylines[-1] += " " + line  # the byline wrapped: "记者 景静 通讯员\n胡伟"
            continue
        signed = False
        if not line or is_label(line):
            close(hard=False)
        elif is_byline(line) or is_open_byline(line):
            bylines.append(line)
            close(hard=True)
            signed = True
        else:
            text, byline = split_inline_byline(line)
            block.append(text)
            if byline:
                bylines.append(byline)
                close(hard=True)
                signed = True
            elif ends_sentence(text) and (width > NARROW or len(text) <= SHORT_LINE * width):
                close(hard=False)
    close(hard=False)
    return [p for p in paragraphs if p], bylines
