"""The meetings (or events) of a person or topic, newest first: date · name · role · quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from retrieval.answers import extract
from retrieval.answers.catalog import Catalog
from retrieval.answers.draft import Context, Draft, hit_for, on_topic, pool
from retrieval.answers.extract import sentences, trim
from retrieval.items import MeetingItem
from retrieval.models import Article, Block, Citation, describe_date
from retrieval.query.question import Query


def compose_meetings(query: Query, context: Context) -> Draft | None:
    """List the person's meetings (or events), newest first, with role and quote."""
    catalog = context.catalog
    named = pool(query, context)
    draft = Draft()
    if query.topic and catalog.count(named):
        topical = on_topic(query, context, named)
        if topical.any():
            named = topical
        else:  # 参加了哪些重要会议: a stray word must not hide every meeting
            draft.notes.append(f"没有找到与“{query.topic}”有关的记载，下面列出全部。")
            query = replace(query, topic="")
    event = query.slot("event_kind") == "event"
    events = catalog.newest(named if event else catalog.held(named))
    events = of_body(query.topic, catalog, events, context.paper.stem)
    if query.slot("person_role") and query.people:
        name, role = query.people[0], query.slot("person_role")
        chosen = [i for i in events.tolist() if role in catalog.roles(name, catalog.articles[i])]
        if chosen:
            events = np.array(chosen, dtype=np.int64)
        elif events.size:
            draft.notes.append(f"报道中没有{name}{role}会议的记载，下面列出{name}参与的会议。")
            query = query.with_slots(person_role="")
    if not events.size and query.people:
        names = "、".join(query.people)
        draft.notes.append(f"报道中没有找到{names}开会的记载，下面是提到{names}的报道。")
        query = query.with_slots(event_kind="event", person_role="")
        events = catalog.newest(named)
    if not events.size:
        return None
    list_events(query, context, catalog.select(events[: context.limit]), events.size, draft)
    return draft


def of_body(topic: str, catalog: Catalog, events: np.ndarray, district: str = "") -> np.ndarray:
    """Keep the meetings of the body a topic names (区委常委会开了几次), when any match.

    A search for 区委常委会 also finds the 纪委常委会 and the 人大常委会: only the meetings
    whose name holds the asked body are that body's.
    """
    body = topic.strip().removeprefix(district).strip() if district else topic.strip()
    if " " in body or not body.endswith(("会", "会议")) or len(body) < 3:
        return events
    kept = events[catalog.meetings_of(events, body)]
    return kept if kept.size else events


def list_events(
    query: Query, context: Context, shown: list[Article], total: int, draft: Draft
) -> None:
    """Write the heading and one item per event (the newest of ``total``)."""
    # The asked period already names the range; the span would only repeat it.
    span = None if query.period else date_span(shown)
    draft.period = query.period or span
    draft.add(meetings_heading(query, context, (len(shown), total), span), "heading")
    draft.blocks.extend(Block(note, "note") for note in draft.notes)
    for article in shown:
        item = meeting_item(query, context, article)
        draft.add_item(item, "item", *context.terms)
        draft.hits.append(hit_for(article, item.quote or None))


def meetings_heading(
    query: Query, context: Context, counts: tuple[int, int], span: str | None
) -> str:
    """E.g. 陈红民 最近的 3 场会议（2021年12月14日—2022年3月4日）."""
    shown, total = counts
    who = "、".join(query.people) or context.paper.section or "报道中"
    when = query.period or ("最近" if query.newest_first else "")
    about = f"与“{query.topic}”有关" if query.topic else ""
    role = query.slot("person_role")
    kind = "会议" if query.slot("event_kind") == "meeting" else "活动"
    notes = [span] if span else []
    if total > shown:
        notes.append(f"共 {total} 场，列出最近 {shown} 场")
    extra = f"（{'，'.join(notes)}）" if notes else ""
    return f"{who} {when}{about}{role}的 {shown} 场{kind}{extra}"


def date_span(articles: Sequence[Article]) -> str | None:
    """The oldest and newest dates of the listed articles, in words (approximate ones by month)."""

    def dated(article: Article) -> bool:
        return bool(article.date) and article.date_precision != "unknown"

    first = next(filter(dated, articles), None)
    if first is None:
        return None
    last = next(filter(dated, reversed(articles)))  # the same list: one is dated
    newest, oldest = span_end(first), span_end(last)
    return newest if newest == oldest else f"{oldest}—{newest}"


def span_end(article: Article) -> str:
    """A date for a span: the day when the paper gives it, else 约 + the month."""
    return describe_date(article.date, article.date_precision)


def meeting_item(query: Query, context: Context, article: Article) -> MeetingItem:
    """The meeting or event: date, name, the person's roles and a quote."""
    roles: tuple[str, ...] = ()
    quote: str | None = None
    if query.people:
        roles = context.catalog.roles(query.people[0], article)
        visit = query.slot("event_kind") == "event" and not query.topic
        quote = extract.quote_about(query.people[0], article, context.terms, visit=visit)
    if quote is None:
        found = extract.best_sentence(sentences(article.text), context.terms)
        quote = trim(found, context.terms) if found else None
    meeting = context.catalog.meeting_name(article)
    return MeetingItem(Citation.of(article), meeting, tuple(roles), quote or "")
