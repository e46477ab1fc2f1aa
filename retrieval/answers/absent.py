"""A reply for people the pages never name: say so, and who does hold the title asked."""

from __future__ import annotations

from retrieval.answers.draft import Context, Draft
from retrieval.answers.facts import holds_role
from retrieval.query.question import Query

HOLDERS_SHOWN = 6


def absent_people(query: Query, context: Context) -> list[tuple[str, str]]:
    """The (name, title) pairs of the question that no article names."""
    return [(name, title) for name, title in query.unknown if not context.index.naming(name).any()]


def compose_absent(absent: list[tuple[str, str]], context: Context) -> Draft:
    """'报道中没有提到李国强' plus the people the pages give that title, and nothing else."""
    draft = Draft()
    for name, title in absent:
        draft.add(f"报道中没有提到{name}。", "note")
        if not title:
            continue
        holders = [p for p in context.index.people if holds_role(p.roles, title)]
        listed = "、".join(
            f"{p.name}（{next(r for r in p.roles if holds_role([r], title))}）"
            for p in holders[:HOLDERS_SHOWN]
        )
        if listed:
            draft.add(f"报道中的{title}有：{listed}。", "line")
    draft.notes = [block.text for block in draft.blocks if block.kind == "note"]
    return draft
