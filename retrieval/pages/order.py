"""The one newest-first order of articles: /latest, answer lists and inline mode all use it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.models import Article


def newest_first_positions(articles: Sequence[Article]) -> np.ndarray:
    """Positions of the articles newest first; same-day ties by page, then place on the page.

    Pages compare by file name, the order a corpus loads them in; undated articles come last.
    """
    count = len(articles)
    days = np.fromiter((a.date.toordinal() if a.date else 0 for a in articles), np.int64, count)
    pages = np.unique(np.array([a.source for a in articles], dtype=str), return_inverse=True)[1]
    spots = np.fromiter((a.position for a in articles), np.int64, count)
    return np.lexsort((spots, pages.reshape(-1), -days))


def newest_first(articles: Sequence[Article]) -> list[Article]:
    """The articles in newest-first order (see ``newest_first_positions``)."""
    return [articles[i] for i in newest_first_positions(articles).tolist()]
