"""Answers as users see them (issue 13): paper citations, whole-word bold, pages in place."""

from __future__ import annotations

import re
from typing import Any

from tests.bot.conftest import FakeBotApi, Updates

PAGE_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
FOOTER = re.compile(r"第 (\d+)/(\d+) 页 · 共 (\d+) 条")


def buttons(params: dict[str, Any]) -> list[dict[str, str]]:
    """Every inline button under a sent or edited message."""
    markup = params.get("reply_markup") or {"inline_keyboard": []}
    return [button for row in markup["inline_keyboard"] for button in row]


def press(label: str, params: dict[str, Any], updates: Updates) -> dict[str, Any]:
    """The callback update of the button whose label starts with label."""
    (found,) = [b for b in buttons(params) if b["text"].startswith(label)]
    return updates.callback(found["callback_data"], params["text"])


async def test_sources_read_like_newspaper_citations(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    await feed(updates.message("安置房建设"))
    (sent,) = api.sent()
    visible = html_ok(sent["text"])
    sources = visible.split("来源\n", 1)[1].splitlines()
    assert sources[0].startswith("[1] 《郑州日报》2022年3月3日 · 二七区召开安置房建设工作专题会")
    assert sources[0].endswith(" · 记者 景静")
    assert not PAGE_FILE.search(visible)
    answer = engine.ask("安置房建设")
    for citation in answer.citations:  # each headline once: in its source line, not the item
        assert visible.count(citation.title) == 1, citation.title


async def test_bold_marks_whole_asked_words_only(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("安置房建设"))
    text = api.sent()[0]["text"]
    assert "<b>安置房建设</b>" in text
    assert "苏<b>" not in text  # 苏建设 is a name, not the asked 建设
    assert "<b>安置</b>" not in text
    assert not re.search(r"</b>房", text)


async def test_pages_turn_in_place_with_their_own_buttons(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("二七区"))
    (first,) = api.sent()
    number, pages, total = map(int, FOOTER.search(first["text"]).groups())  # type: ignore[union-attr]
    assert (number, total > 5, pages) == (1, True, -(-total // 5))
    assert [b["text"] for b in buttons(first)][-1] == "下一页 »"
    assert not [b for b in buttons(first) if b["text"].startswith("« 上一页")]

    await feed(press("下一页", first, updates))
    (second,) = api.sent("editMessageText")
    assert html_ok(second["text"]).startswith("🔎 二七区")
    assert f"第 2/{pages} 页 · 共 {total} 条" in second["text"]
    originals = [b["text"] for b in buttons(second) if b["text"].startswith("原文")]
    assert originals == [f"原文 {n}" for n in range(6, 6 + len(originals))]
    assert originals, "the page's items have 原文 buttons"
    assert next(b["text"] for b in buttons(second) if "页" in b["text"]) == "« 上一页"

    await feed(press("« 上一页", second, updates))
    back = api.sent("editMessageText")[-1]
    assert "第 1/" in back["text"]
    assert len(api.sent()) == 1, "pages are edits of the one results message"


async def test_the_last_page_has_no_next_and_a_forged_page_is_refused(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("二七区"))
    first = api.sent()[0]
    pages = int(FOOTER.search(first["text"]).group(2))  # type: ignore[union-attr]
    key = buttons(first)[-1]["callback_data"].rsplit(":", 1)[1]
    await feed(updates.callback(f"p:{pages}:{key}", first["text"]))
    last = api.sent("editMessageText")[-1]
    assert not [b for b in buttons(last) if b["text"].startswith("下一页")]
    await feed(updates.callback(f"p:{pages + 1}:{key}", first["text"]))
    assert api.sent("answerCallbackQuery")[-1]["text"] == "没有更多结果了。"
    await feed(updates.callback(f"p:2:{'0' * 12}", first["text"]))  # digest of another question
    assert "失效" in api.sent("answerCallbackQuery")[-1]["text"]


async def test_an_older_more_button_opens_the_matching_page(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("二七区"))
    first = api.sent()[0]
    key = buttons(first)[-1]["callback_data"].rsplit(":", 1)[1]
    await feed(updates.callback(f"m:5:{key}", first["text"]))  # what 更多 carried before
    assert "第 2/" in api.sent("editMessageText")[-1]["text"]
