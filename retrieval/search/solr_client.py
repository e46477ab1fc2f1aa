"""A small client for Solr's JSON APIs (select, update, collections), on the standard library.

Only what newsbot needs: it speaks to one base URL (``http://host:8983/solr``) and one
collection; SolrCloud routes each request to the shards itself.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from retrieval.errors import NewsbotError

logger = logging.getLogger(__name__)

TIMEOUT = 30.0  # seconds; a whole-collection request (create, commit) can take a while
Params = Sequence[tuple[str, str]]


class SolrError(NewsbotError):
    """Solr cannot be reached or refused a request."""


class SolrConflict(SolrError):
    """A document added as new (``_version_`` -1) exists already (HTTP 409)."""


@dataclass(frozen=True, slots=True)
class SolrTarget:
    """Where the Solr backend lives: a node's base URL and the collection name."""

    url: str
    collection: str

    @property
    def base(self) -> str:
        """The base URL without a trailing slash."""
        return self.url.rstrip("/")


class SolrClient:
    """JSON requests to one collection of a SolrCloud."""

    def __init__(self, target: SolrTarget, *, timeout: float = TIMEOUT) -> None:
        self.target = target
        self.timeout = timeout

    def select(self, params: Params) -> dict[str, Any]:
        """Run a search with form-encoded parameters and return the decoded response."""
        return self._post(f"/{self.target.collection}/select", _form(params))

    def add(self, docs: Iterable[dict[str, Any]], *, commit: bool = False) -> None:
        """Add (or replace, by id) documents; ``commit`` makes them searchable at once."""
        path = f"/{self.target.collection}/update" + ("?commit=true" if commit else "")
        self._post(path, json.dumps(list(docs), ensure_ascii=False).encode(), json_body=True)

    def delete_query(self, query: str) -> None:
        """Delete every document matching ``query`` (visible after the next commit)."""
        body = json.dumps({"delete": {"query": query}}, ensure_ascii=False).encode()
        self._post(f"/{self.target.collection}/update", body, json_body=True)

    def commit(self) -> None:
        """Make every added document searchable."""
        self._post(f"/{self.target.collection}/update?commit=true", b"{}", json_body=True)

    def create_collection(self, shards: int, *, config: str = "newsbot") -> None:
        """Create the collection from an uploaded configset (articles routed by id prefix)."""
        params = [
            ("action", "CREATE"),
            ("name", self.target.collection),
            ("numShards", str(shards)),
            ("replicationFactor", "1"),
            ("collection.configName", config),
            ("router.name", "compositeId"),
        ]
        self._post("/admin/collections", _form(params))

    def delete_collection(self) -> None:
        """Delete the collection (tests and benchmarks only)."""
        params = [("action", "DELETE"), ("name", self.target.collection)]
        self._post("/admin/collections", _form(params))

    def _post(self, path: str, body: bytes, *, json_body: bool = False) -> dict[str, Any]:
        """POST to Solr and decode its JSON answer; failures become one SolrError line."""
        kind = "application/json" if json_body else "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            self.target.base + path, data=body, headers={"Content-Type": kind}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return dict(json.load(response))
        except urllib.error.HTTPError as error:
            if error.code == 409:
                raise SolrConflict(f"Solr {path.partition('?')[0]}: {_reason(error)}") from None
            raise SolrError(f"Solr {path.partition('?')[0]}: {_reason(error)}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise SolrError(f"cannot reach Solr at {self.target.base}: {error}") from None


def _form(params: Params) -> bytes:
    """Encode parameters as a form body (repeated keys kept, wt=json added)."""
    return urllib.parse.urlencode([*params, ("wt", "json")]).encode()


def _reason(error: urllib.error.HTTPError) -> str:
    """The message Solr put in its error response, else the HTTP status."""
    try:
        body = json.loads(error.read() or b"{}")
        message = str(body.get("error", {}).get("msg", "")).splitlines()[0]
    except (ValueError, AttributeError, IndexError, OSError):
        message = ""
    return f"HTTP {error.code} {message}".strip()
