"""The webhook server: Telegram POSTs updates; a full backlog answers 503 so Telegram retries.

PTB's own webhook server puts every update in an unbounded queue and answers 200 at once,
which acknowledges work the bot may not finish before it is stopped. This one answers 200
only for an update the intake took.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from typing import TYPE_CHECKING

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.intake import Intake

if TYPE_CHECKING:
    from telegram import Bot

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
RETRY_AFTER_S = "1"


class UpdateHandler(tornado.web.RequestHandler):
    """One POST from Telegram carrying one update."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot: Bot, intake: Intake, secret: str) -> None:
        self.bot, self.intake, self.secret = bot, intake, secret

    async def post(self) -> None:
        """Take the update if there is room; 503 otherwise, 403/400 for forged or bad bodies."""
        sent = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.secret.encode()):
            self._reply(HTTPStatus.FORBIDDEN)
            return
        update = self._parse()
        if update is None:
            self._reply(HTTPStatus.BAD_REQUEST)
        elif self.intake.admit(update):
            self._reply(HTTPStatus.OK)
        else:
            logger.info("backlog full: asked Telegram to send update %d again", update.update_id)
            self.set_header("Retry-After", RETRY_AFTER_S)
            self._reply(HTTPStatus.SERVICE_UNAVAILABLE)

    def _parse(self) -> Update | None:
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            logger.warning("webhook: refused a request that is not a Telegram update")
        return update

    def _reply(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.finish({"ok": status == HTTPStatus.OK})

    def log_exception(self, *args: object) -> None:
        """Tornado's default would log request details; errors here are answered, not raised."""


def _no_access_log(handler: tornado.web.RequestHandler) -> None:
    """Each POST is one update: an access log line per update would drown the real ones."""


class WebhookServer:
    """Listens for Telegram's POSTs on one path; stop() closes the port at once."""

    def __init__(self, bot: Bot, intake: Intake, secret: str, path: str) -> None:
        route = (rf"/{path.strip('/')}/?", UpdateHandler, {"bot": bot, "intake": intake,
                                                          "secret": secret})  # fmt: skip
        app = tornado.web.Application([route], log_function=_no_access_log)
        self.server = tornado.httpserver.HTTPServer(app)

    def start(self, listen: str, port: int) -> None:
        """Bind and serve on the running event loop."""
        self.server.listen(port, address=listen)

    async def stop(self) -> None:
        """Stop listening and close idle connections; requests in progress still get answers."""
        self.server.stop()
        await self.server.close_all_connections()
