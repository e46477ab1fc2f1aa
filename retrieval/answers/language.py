"""The reply to a question in English or pinyin: a short hint in both languages."""

from __future__ import annotations

from retrieval.answers.draft import Context, Draft
from retrieval.query.question import Query


def explain_language(query: Query, context: Context, official: str) -> Draft:
    """Ask for the question in Chinese, with an example (about the person named, if any)."""
    person = query.people[0] if query.people else official
    example = f"{person}最近开了哪些会" if person else "最近开了哪些会"
    draft = Draft(no_answer=True)
    draft.add(
        "请用中文提问。Please ask in Chinese — the pages are Chinese newspaper articles.", "note"
    )
    draft.add(f"例如 For example：“{example}”", "line")
    draft.notes = [draft.blocks[0].text]
    return draft
