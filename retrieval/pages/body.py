"""A draft's body lines → paragraphs (column breaks undone) and the byline strings in them."""

from __future__ import annotations

from retrieval.pages.bylines import split_closing_name, split_lead_line
from retrieval.pages.lines import (
    ends_sentence,
    is_byline,
    is_label,
    is_names_line,
    is_open_byline,
    join_lines,
    split_inline_byline,
)

NARROW = 40  # lines at most this long are newspaper columns, not whole paragraphs
SHORT_LINE = 0.75  # a column line this much shorter than the column ends its paragraph


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
    return pull_bylines([p for p in paragraphs if p], bylines)


def pull_bylines(paragraphs: list[str], bylines: list[str]) -> tuple[list[str], list[str]]:
    """Take out a byline bracketed after the dateline, or else a closing bracketed name."""
    if paragraphs:
        paragraphs[0], lead_byline = split_lead_line(paragraphs[0])
        bylines[:0] = [lead_byline] if lead_byline else []
    if paragraphs and not bylines:
        paragraphs[-1], name = split_closing_name(paragraphs[-1])
        bylines += [name] if name else []
    return [p for p in paragraphs if p], bylines
