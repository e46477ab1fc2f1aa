"""Wire the bot: build the Application over one engine, register handlers, run it."""

from __future__ import annotations

import logging
import os
import re
import secrets
import sys
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import alerts, buttons, commands, handlers, inline, pushes, reload
from bot import edits as edits_handler
from bot.access import Gate
from bot.delivery import RetryingRequest
from bot.intake import ALLOWED_UPDATES
from bot.ratelimit import RateLimiter
from bot.serve import run_until_stopped, serve
from bot.settings import Settings
from bot.state import BotState, store_state

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.refresh import Refresher

logger = logging.getLogger(__name__)

TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
WEBHOOK_PATH = "telegram-webhook"
# The menu is /help's command list (bot/commands.py), so the two always match.
COMMANDS = tuple(BotCommand(c.name, c.summary) for c in commands.COMMANDS)
HELP_MISSING = (
    "newsbot: 请设置 NEWSBOT_TOKEN（从 @BotFather 获取的令牌）/ "
    "set NEWSBOT_TOKEN to the bot token from @BotFather"
)
HELP_MALFORMED = (
    "newsbot: NEWSBOT_TOKEN 格式不对，应形如 123456:ABC-def / "
    "NEWSBOT_TOKEN is malformed, expected 123456:ABC-def"
)
HELP_REJECTED = (
    "newsbot: Telegram 拒绝了 NEWSBOT_TOKEN，请向 @BotFather 核对 / "
    "Telegram rejected NEWSBOT_TOKEN, check it with @BotFather"
)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class _Redactor:
    """A log-record factory that removes secrets from messages and tracebacks."""

    def __init__(self) -> None:
        self.secrets: set[str] = set()
        self.inner = logging.getLogRecordFactory()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        if not self.secrets:
            return record
        message = self.scrub(record.getMessage())
        record.msg, record.args = message, ()
        if record.exc_info:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
        return record

    def scrub(self, text: str) -> str:
        """Replace every known secret in text."""
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text


_REDACTOR = _Redactor()


def protect_secret(secret: str) -> None:
    """Keep a secret (the token) out of every log line from now on; quiet httpx's URL logs."""
    if logging.getLogRecordFactory() is not _REDACTOR:
        _REDACTOR.inner = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_REDACTOR)
    _REDACTOR.secrets.add(secret)
    for name in ("httpx", "httpcore"):  # they log every request URL, token included
        logging.getLogger(name).setLevel(logging.WARNING)


def token_problem(settings: Settings) -> str | None:
    """One line saying what to set when the token is missing or malformed, else None."""
    if settings.token is None or not settings.token.get_secret_value().strip():
        return HELP_MISSING
    if not TOKEN_SHAPE.fullmatch(settings.token.get_secret_value().strip()):
        return HELP_MALFORMED
    return None


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    flood_limit: bool = True,
    refresher: Refresher | None = None,
) -> AnyApplication:
    """An Application over one engine, with every handler registered (not started).

    ``refresher`` says which version of the corpus folder ``engine`` was opened from; without
    one, live reload takes the folder as it is when the bot starts.
    """
    if token_problem(settings) or settings.token is None:
        raise ValueError("settings.token is missing or malformed; check token_problem() first")
    token = settings.token.get_secret_value().strip()
    protect_secret(token)
    # PTB 22 warns on its own RetryAfter handling unless durations are opted in as timedelta.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
        .request(make_request(settings))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_stop(reload.stop_watcher)
        .post_shutdown(reload.stop_watcher)
    )
    if flood_limit:
        # PTB types the builder for a limiter without arguments; AIORateLimiter takes an int.
        limiter = AIORateLimiter(overall_max_rate=settings.send_rate, max_retries=2)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application = builder.build()
    store_state(application, BotState(engine, settings, make_gate(settings), refresher=refresher))
    register(application)
    return application


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def make_request(settings: Settings) -> RetryingRequest:
    """The HTTP client for every Bot API call but getUpdates: resends what did not arrive."""
    timeout = settings.http_timeout
    return RetryingRequest(retries=settings.send_retries, read_timeout=timeout,
                           write_timeout=timeout)  # fmt: skip


def make_gate(settings: Settings) -> Gate:
    """The allow-list and per-user budget the settings ask for."""
    window = settings.user_rate_window
    limiter = RateLimiter(settings.user_rate_limit, window)
    browse = RateLimiter(settings.browse_rate_limit, window)
    notices = RateLimiter(1, window)  # one throttle notice per user per window
    return Gate(settings.allowed_chats, settings.allowed_users, limiter, browse, notices)


def register(application: AnyApplication) -> None:
    """Route commands, private text, group mentions, buttons and inline queries."""
    new = filters.UpdateType.MESSAGE  # channel posts are not questions
    private, groups = new & filters.ChatType.PRIVATE, new & filters.ChatType.GROUPS
    for name, callback in (
        ("start", handlers.start),
        ("help", handlers.help_command),
        ("latest", handlers.latest),
        ("ask", handlers.ask),
        ("article", handlers.article),
        *extra_commands(),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new))
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(private & text, handlers.private_text))
    application.add_handler(MessageHandler(groups & text, handlers.group_text))
    register_inputs(application)
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(private, handlers.unsupported))
    application.add_handler(CallbackQueryHandler(buttons.button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_error_handler(handlers.error_handler)


# --- issue 13: alerts commands, captions and edited questions -------------------------------
# Update kinds these need beyond messages: edited_message (allowed_updates must include it).


def extra_commands() -> tuple[tuple[str, Any], ...]:
    """The alert commands, registered beside the others."""
    return (
        ("subscribe", alerts.subscribe),
        ("subscriptions", alerts.subscriptions),
        ("unsubscribe", alerts.unsubscribe),
    )


def register_inputs(application: AnyApplication) -> None:
    """Captions of photos and documents are questions; an edited question is answered again."""
    captioned = filters.CAPTION & (filters.PHOTO | filters.Document.ALL) & ~filters.COMMAND
    new = filters.UpdateType.MESSAGE
    application.add_handler(
        MessageHandler(new & filters.ChatType.PRIVATE & captioned, handlers.private_text)
    )
    application.add_handler(
        MessageHandler(new & filters.ChatType.GROUPS & captioned, handlers.group_text)
    )
    edits = filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION)
    application.add_handler(MessageHandler(edits & ~filters.COMMAND, edits_handler.edited))


# --- end of issue 13 block --------------------------------------------------------------------


async def post_init(application: AnyApplication) -> None:
    """Register the command menu (a failure is logged, never fatal); start live reload."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as error:
        logger.warning("could not register the command menu: %s", error)
    await pushes.push_new(application)  # issue 13: pages ingested while the bot was down
    await reload.start_watcher(application)


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for run_webhook/start_webhook; a random secret when none is configured."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    base = (settings.webhook_url or "").rstrip("/")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": WEBHOOK_PATH,
        "webhook_url": f"{base}/{WEBHOOK_PATH}",
        "secret_token": secret or secrets.token_urlsafe(32),
        "allowed_updates": ALLOWED_UPDATES,
    }


def run(settings: Settings) -> int:
    """Start the bot (long polling, or a webhook when NEWSBOT_WEBHOOK_URL is set) until stopped."""
    problem = token_problem(settings)
    if problem:
        sys.stderr.write(problem + "\n")
        return 2
    from retrieval.engine import Engine  # noqa: PLC0415 - loads jieba and the index
    from retrieval.refresh import Refresher, ReplicaRefresher  # noqa: PLC0415
    from retrieval.replica import ReplicaEngine  # noqa: PLC0415

    solr = settings.solr_target()
    refresher: Refresher
    if solr is not None:  # a stateless replica: the collection is the corpus
        replica = ReplicaEngine.open_replica(solr, settings.cache_dir, settings.corpus_dir)
        engine: Engine = replica
        refresher = ReplicaRefresher(replica, settings.cache_dir)
    else:
        # Fingerprint before reading, so a page ingested while the index loads is reloaded.
        refresher = Refresher(settings.corpus_dir, settings.cache_dir)
        engine = Engine.open(settings.corpus_dir, settings.cache_dir)
    application = build_application(settings, engine, refresher=refresher)
    try:
        webhook = webhook_options(settings) if settings.webhook_url else None
        run_until_stopped(serve(application, settings, webhook))
    except InvalidToken:
        sys.stderr.write(HELP_REJECTED + "\n")
        return 2
    except NetworkError as error:
        reason = _REDACTOR.scrub(str(error))
        sys.stderr.write(f"newsbot: 无法连接 Telegram / cannot reach Telegram: {reason}\n")
        return 1
    return 0
