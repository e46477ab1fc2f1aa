"""Replies that survive a hiccup: resend a Bot API request Telegram did not act on.

The rule, by what the failure says about the request:

- **Not delivered** — Telegram answered 5xx, or the request never fully left (connection
  refused, connect/pool/write timeout, write error): resent up to ``retries`` times with
  exponential backoff. No duplicate is possible.
- **Maybe delivered** — the request was sent but no answer came (read timeout, connection
  dropped while waiting): resent **once**. A rare duplicate answer beats a lost one; a second
  such failure gives up.
- Anything else (4xx, including 429, which AIORateLimiter waits out) is returned untouched.

getUpdates does not go through this class: the poller has its own backoff.
"""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any

import httpx
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
)
BACKOFF_S = 0.5  # before the first resend; doubled for each next one
MAYBE_SENT = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)
PLAIN: dict[type[httpx.HTTPError], str] = {
    httpx.ConnectError: "cannot connect",
    httpx.ConnectTimeout: "connecting timed out",
    httpx.PoolTimeout: "no free connection",
    httpx.WriteError: "connection broke while sending",
    httpx.WriteTimeout: "sending timed out",
    httpx.ReadTimeout: "no answer within the read timeout",
    httpx.ReadError: "connection broke while waiting for the answer",
    httpx.RemoteProtocolError: "connection closed without an answer",
}


def describe(error: TelegramError) -> str:
    """Say in plain words what went wrong, without URLs (they hold the token)."""
    cause = error.__cause__
    if isinstance(cause, httpx.HTTPError):
        return PLAIN.get(type(cause), type(cause).__name__)
    return error.message


def _status_phrase(code: int) -> str:
    try:
        return f"{HTTPStatus(code).phrase} ({code})"
    except ValueError:
        return f"HTTP {code}"


class RetryingRequest(HTTPXRequest):
    """An HTTPXRequest that resends what Telegram did not act on (see the module docstring)."""

    def __init__(self, *, retries: int = 3, backoff: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retries = retries
        self.backoff = BACKOFF_S if backoff is None else backoff

    async def do_request(  # type: ignore[override]  # same parameters, spelled loosely
        self, url: str, method: str, request_data: RequestData | None = None, **timeouts: Any
    ) -> tuple[int, bytes]:
        """Send once, then resend by the rule above; raise a NetworkError naming the method."""
        name = url.rsplit("/", 1)[-1]
        attempt, resent_unanswered = 0, False
        while True:
            try:
                code, payload = await super().do_request(url, method, request_data, **timeouts)
            except (TimedOut, NetworkError) as error:
                maybe_sent = isinstance(error.__cause__, MAYBE_SENT)
                if not isinstance(error.__cause__, NOT_SENT + MAYBE_SENT):
                    raise
                if attempt >= self.retries or (maybe_sent and resent_unanswered):
                    raise type(error)(f"{name} failed: {describe(error)}") from error
                resent_unanswered |= maybe_sent
                reason = describe(error)
            else:
                if code < HTTPStatus.INTERNAL_SERVER_ERROR:
                    return code, payload
                reason = _status_phrase(code)
                if attempt >= self.retries:
                    raise NetworkError(f"{name} failed: {reason}")
            attempt += 1
            delay = self.backoff * 2 ** (attempt - 1)
            logger.warning(
                "%s failed: %s; retry %d of %d in %.1f s",
                name,
                reason,
                attempt,
                self.retries,
                delay,
            )
            await asyncio.sleep(delay)
