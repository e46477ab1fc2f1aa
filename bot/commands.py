"""Every command the bot knows, once: the menu (set_my_commands) and /help are made from it."""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """One command: its name, what it takes, and what it does (in Chinese)."""

    name: str
    usage: str
    summary: str


COMMANDS = (
    Command("ask", "问题", "提问，例如 /ask 陈红民最近开了哪些会"),
    Command("latest", "[N]", "最新 N 篇文章"),
    Command("article", "编号", "阅读一篇文章的全文"),
    Command("subscribe", "关键词", "订阅人物或话题，有新文章时提醒"),
    Command("subscriptions", "", "查看和取消我的订阅"),
    Command("unsubscribe", "关键词", "取消一个订阅"),
    Command("help", "", "使用说明与收录范围"),
)
