"""BM25 over paragraphs with a sparse fast path: build, search, group per article.

Scoring is rank-bm25's ``BM25Okapi`` (k1=1.5, b=0.75, epsilon=0.25, the negative-idf floor
``epsilon * mean idf``), precomputed: ``weights[term, passage]`` holds that term's whole BM25
contribution to that passage, so a query costs only the postings of its terms.

A passage is one paragraph plus its article's printed headline (title and subtitle tokens are
added to every passage of the article): a headline word then counts for the article wherever
the best paragraph is, and the shown passage is always real body text.  Derived titles (cut
from the lead) are not added, as the lead already holds those words.

No-answer rule: an article is relevant only when the query tokens it contains carry at least
``MIN_COVERAGE`` of the query's information, information being a term's idf before the
floor, clipped at 0 (a term in more than half of the passages says nothing), and a term
absent from the corpus carrying the most (df = 0).  So a one-word or name-only query that
the corpus has answers, while 今天北京天气怎么样 (only 天气 is known) does not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from retrieval.models import Article, Hit, Passage
from retrieval.pages.lookup import ArticleIds, ArticleLookup
from retrieval.search import kernel, pruning
from retrieval.search.articles import ArticleStore
from retrieval.search.expand import VARIANT_WEIGHT, Expander
from retrieval.search.gate import unseen_information
from retrieval.search.keys import USERDICT
from retrieval.search.people import Person, searchable_text
from retrieval.search.selection import sorted_union
from retrieval.search.sounds import Sounds
from retrieval.search.tables import Tables
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus
    from retrieval.search.bm25 import Overrides

logger = logging.getLogger(__name__)

MIN_COVERAGE = 0.5


class SearchIndex:
    """Paragraph-level BM25 over one corpus, searched per article."""

    remote: ClassVar[bool] = False  # True where articles live in a search server (article())

    def __init__(
        self,
        articles: Sequence[Article],
        tables: Tables,
        segmenter: Segmenter,
        *,
        lookup: ArticleLookup | None = None,
    ) -> None:
        """Search ``tables`` over ``articles``; ``segmenter`` must be the one that built them.

        ``articles`` is kept as given (a cached corpus's lazy store is never copied);
        ``lookup`` finds an article's position by id (computed when not given).
        """
        self.articles = articles if isinstance(articles, tuple | ArticleStore) else tuple(articles)
        self.people: tuple[Person, ...] = tables.people
        self.segmenter = segmenter
        self._t = tables
        self._lookup = lookup if lookup is not None else ArticleLookup.of(self.articles)
        self._naive: Any = None
        self._named_cache: dict[str, np.ndarray] = {}
        self._texts: list[str] | None = None  # normalised article texts, for name filters
        self._expander: Expander | None = None
        self._sounds: Sounds | None = None
        self._useful_cache: dict[tuple[str, str], bool] = {}
        self._kernel = kernel.Kernel(
            tables.weights, tables.passage_article, int(tables.article_days.shape[0])
        )

    def article(self, article_id: str) -> Article | None:
        """One article by id (None for an unknown id)."""
        position = self._lookup.position(article_id)
        return None if position is None else self.articles[position]

    @property
    def lookup(self) -> ArticleLookup:
        """Where each article is (id → position), without reading articles."""
        return self._lookup

    @property
    def tables(self) -> Tables:
        """The arrays behind the index (what the cache persists)."""
        return self._t

    @classmethod
    def build(
        cls, corpus: Corpus, *, progress: bool = False, workers: int | None = None
    ) -> SearchIndex:
        """Segment every paragraph and precompute the BM25 weight matrix."""
        from retrieval.search import bm25  # noqa: PLC0415 - scipy and tqdm: building only

        directory = getattr(corpus, "directory", None)
        tables, segmenter = bm25.build_tables(
            corpus.articles, overrides=_overrides(directory), progress=progress, workers=workers
        )
        return cls(corpus.articles, tables, segmenter)

    @classmethod
    def load_or_build(
        cls, corpus: Corpus, cache_dir: Path | None, *, progress: bool = False
    ) -> SearchIndex:
        """Load the persisted index for this corpus, or build and persist it."""
        from retrieval.search import cache as store  # noqa: PLC0415 - cache imports this module

        if cache_dir is not None:
            cached = store.load_cached(corpus.directory, cache_dir)
            if cached is not None:
                return cached[1]
        index = cls.build(corpus, progress=progress)
        if cache_dir is not None:
            store.save(corpus, index, cache_dir)
        return index

    # -- queries ---------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        people: Sequence[str] = (),
    ) -> list[Hit]:
        """Return the best articles for ``text``, one hit each (its best passage), best first.

        ``date_from``/``date_to`` are inclusive (undated articles drop out when either is
        given); ``people`` keeps articles that name every listed person.  Returns [] for an
        empty or filler-only query and when no passage is relevant (see the module docstring).
        """
        groups = self.segmenter.query_groups(text)
        variants = self._variants(text, groups) if groups else []
        return self._search(
            groups, variants, limit, date_from=date_from, date_to=date_to, people=people
        )

    def search_segmented(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        *,
        limit: int = 10,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        people: Sequence[str] = (),
    ) -> list[Hit]:
        """``search`` for a question already cut by ``query_groups``, without its variants."""
        return self._search(groups, [], limit, date_from=date_from, date_to=date_to, people=people)

    def matching_articles(
        self,
        text: str,
        *,
        limit: int,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        people: Sequence[str] = (),
    ) -> np.ndarray:
        """Return the positions of the articles ``search`` returns for the same arguments.

        In ascending order, not ranked: when ``limit`` covers every relevant article (the
        usual case for a filter), nothing is sorted and no Hit is built.
        """
        groups = self.segmenter.query_groups(text)
        if limit <= 0 or not groups:
            return np.empty(0, dtype=np.int64)
        variants = self._variants(text, groups)
        found = self._relevant_articles(
            [groups, *(v for v, _ in variants)], self._article_filter(date_from, date_to, people)
        )
        if found is None:
            candidates, _ = self._expanded(groups, variants, date_from, date_to, people)
            owners = self._t.passage_article[candidates]  # sorted passages: owners ascend
            found = owners[np.flatnonzero(np.diff(owners, prepend=-1))]
        if found.size <= limit:
            return found.astype(np.int64)
        hits = self.search(text, limit=limit, date_from=date_from, date_to=date_to, people=people)
        return np.sort(
            np.array([self.lookup.position(h.article.article_id) for h in hits], np.int64)
        )

    def _relevant_articles(
        self, scorings: Sequence[Sequence[tuple[str, Sequence[str]]]], allowed: np.ndarray | None
    ) -> np.ndarray | None:
        """The articles (ascending) where the question or a variant is relevant, not scored.

        An article passing the coverage rule holds a token that carries information, so
        one of its passages scores: the rule over every article, one pass over each token's
        postings, finds them without summing any.  None when a scoring's tokens carry no
        information (every article would pass the rule, found or not).
        """
        everything = np.arange(len(self.articles))
        passing = np.zeros(everything.size, dtype=bool)
        memo: dict[int | None, np.ndarray] = {}
        for groups in scorings:
            tokens = self._tokens(groups)
            if sum(token.info for token in tokens) <= 0:
                return None
            passing |= self._kernel.covering(everything, tokens, MIN_COVERAGE, memo)
        if allowed is not None:
            passing &= allowed
        return np.flatnonzero(passing)

    def scores(self, text: str) -> np.ndarray:
        """Return the BM25 score of every passage for ``text`` through the fast path."""
        passages, values = self._kernel.score(self._rows(Counter(self.segmenter.query_terms(text))))
        dense = np.zeros(self.passage_count)
        dense[passages] = values
        return dense

    def top_passages(self, terms: Sequence[str], k: int = 10) -> np.ndarray:
        """Return the ``k`` passages with the highest BM25 score for ``terms``, best first.

        Plain BM25Okapi ranking of segmented terms, with no relevance rule and no grouping
        per article: what rank-bm25, bm25s and tantivy return, for side-by-side comparison.
        """
        return self._kernel.best(self._rows(Counter(terms)), k)

    def naive_scores(self, text: str) -> list[float]:
        """Return ``BM25Okapi.get_scores`` over the same tokens (the slow reference)."""
        if self._naive is None:
            from rank_bm25 import BM25Okapi  # noqa: PLC0415 - the slow reference, tests only

            from retrieval.search.bm25 import passage_tokens  # noqa: PLC0415

            self._naive = BM25Okapi(list(passage_tokens(self.articles, self.segmenter)))
        return [float(s) for s in self._naive.get_scores(self.segmenter.query_terms(text))]

    def passages(self, article_id: str) -> list[Passage]:
        """Return the paragraphs of an article as passages ([] for an unknown id)."""
        position = self.lookup.position(article_id)
        if position is None:
            return []
        article = self.articles[position]
        return [Passage(article_id, i, text) for i, text in enumerate(article.paragraphs)]

    def naming(self, name: str) -> np.ndarray:
        """Mask the articles whose headline, text or byline names ``name`` (people filter)."""
        return self._naming(name)

    @property
    def passage_count(self) -> int:
        """How many passages the index ranks."""
        return int(self._t.passage_article.shape[0])

    def information(self, term: str) -> float:
        """The information a term the corpus uses carries (0 for a term it never uses)."""
        row = self._t.vocabulary.get(term)
        return float(self._t.info[row]) if row is not None and len(term) > 1 else 0.0

    def alternatives(self, text: str) -> Sequence[str]:
        """Abbreviations and synonyms of the text's phrases that the corpus holds."""
        return self._expansions().alternatives(normalize(text), self._useful)

    def respell(
        self, text: str, keep: Sequence[str] = ()
    ) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Read sound-alike typos (安至房) as the corpus words they sound like (安置房).

        Returns the respelled text and the (typed, word) pairs read differently; the words
        in ``keep`` (names the question gives) are left as typed.
        """
        if self._sounds is None:
            self._sounds = Sounds(self._t.sounds)
        segmenter = self.segmenter
        return self._sounds.respell(
            text, self._uses, segmenter.dictionary_words, segmenter.words, keep
        )

    def _uses(self, word: str) -> bool:
        """Whether the corpus uses ``word`` as an index term."""
        return word in self._t.vocabulary

    # -- internals -------------------------------------------------------------------------

    def _search(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        variants: list[tuple[list[tuple[str, list[str]]], frozenset[str]]],
        limit: int,
        *,
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
    ) -> list[Hit]:
        """The best passage of each of the ``limit`` best relevant articles, as hits."""
        if limit <= 0 or not groups:
            return []
        allowed = self._article_filter(date_from, date_to, people)
        pruned = self._pruned(groups, variants, allowed, limit)
        if pruned is not None:  # a frequent word's postings are not summed everywhere
            best, values = pruned
        elif variants:
            dense = self._expanded_dense(groups, variants, allowed)
            if dense is not None:
                best, values = kernel.top_articles(None, dense, self._t.passage_article, limit)
            else:
                passages, scores = self._expanded(groups, variants, date_from, date_to, people)
                best, values = kernel.top_articles(passages, scores, self._t.passage_article, limit)
        else:  # the usual case: coverage is probed for the best articles only
            rows = self._rows(_counts(groups))
            dense = self._kernel.dense(rows) if allowed is None else None
            tokens = self._tokens(groups)
            if dense is not None:  # many postings: the passages found are never listed
                best, values = self._kernel.top_relevant(None, dense, tokens, MIN_COVERAGE, limit)
            else:
                passages, scores = self._kernel.score(rows)
                if allowed is not None:
                    keep = allowed[self._t.passage_article[passages]]
                    passages, scores = passages[keep], scores[keep]
                best, values = self._kernel.top_relevant(
                    passages, scores, tokens, MIN_COVERAGE, limit
                )
        return [self._hit(p, v) for p, v in zip(best.tolist(), values.tolist(), strict=True)]

    def _pruned(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        variants: list[tuple[list[tuple[str, list[str]]], frozenset[str]]],
        allowed: np.ndarray | None,
        limit: int,
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """``_search``'s best passages by MaxScore over articles (retrieval/search/pruning.py),
        or None where that does not pay."""
        asked = [(groups, self._rows(_weighted_counts(groups)))]
        asked += [(varied, self._rows(_weighted_counts(varied, new))) for varied, new in variants]
        if not pruning.worth_trying(self._kernel, [rows for _, rows in asked]):
            return None  # the usual case: no tokens are weighed for nothing
        scorings = [pruning.Scoring(rows, self._tokens(g)) for g, rows in asked]
        return pruning.top_relevant(
            self._kernel,
            scorings,
            allowed=allowed,
            share=MIN_COVERAGE,
            cap_weight=VARIANT_WEIGHT,
            limit=limit,
        )

    def _variants(
        self, text: str, groups: Sequence[tuple[str, Sequence[str]]]
    ) -> list[tuple[list[tuple[str, list[str]]], frozenset[str]]]:
        """The query's variants (see retrieval/search/expand.py), with the words each adds."""
        asked = {term for token, subwords in groups for term in (token, *subwords)}
        found = []
        for variant in self._expansions().variants(normalize(text), self._useful):
            varied = self.segmenter.query_groups(variant)
            new = frozenset(t for token, sub in varied for t in (token, *sub) if t not in asked)
            found.append((varied, new))
        return found

    def _expanded(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        variants: list[tuple[list[tuple[str, list[str]]], frozenset[str]]],
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidates (sorted) of the query and of its variants, with their scores.

        A passage found only through a variant never outranks the best passage the words
        asked find themselves: its score is capped at VARIANT_WEIGHT of that passage's, so
        植树会议 puts the article on 植树 before a long one on 绿化.  A candidate's score is
        the most it gets from the query or any variant, all over the candidates only.
        """
        candidates, exact_scores, scored = self._candidates(groups, date_from, date_to, people)
        if not variants:
            return candidates, exact_scores
        cap = VARIANT_WEIGHT * float(exact_scores.max()) if candidates.size else np.inf
        found = [self._candidates(v, date_from, date_to, people, new) for v, new in variants]
        union = sorted_union([candidates, *(more for more, _, _ in found)])
        exact = _member(union, candidates)
        scores = _lookup(union, *scored)
        for _, _, (passages, values) in found:
            more = _lookup(union, passages, values)
            scores = np.where(
                exact, np.maximum(scores, more), np.maximum(scores, np.minimum(more, cap))
            )
        return union, scores

    def _expansions(self) -> Expander:
        """The expansion tables with this corpus's abbreviations (built on first use)."""
        if self._expander is None:
            self._expander = Expander(self._t.abbreviations)
        return self._expander

    def _useful(self, phrase: str, alternative: str) -> bool:
        """Tell whether searching ``alternative`` for ``phrase`` can help (cached per pair).

        It can when the corpus holds every word of it (or all their bigrams) and uses it more
        than the phrase: the phrase's words carry more information than the alternative's.
        """
        key = (phrase, alternative)
        if key not in self._useful_cache:
            self._useful_cache[key] = self._holds(alternative) and (
                self._rarity(alternative) < self._rarity(phrase)
            )
        return self._useful_cache[key]

    def _holds(self, phrase: str) -> bool:
        """Tell whether the corpus holds every word of a phrase (or all its bigrams)."""
        groups = self.segmenter.query_groups(phrase)
        vocabulary = self._t.vocabulary
        return bool(groups) and all(
            token in vocabulary or (subwords and all(w in vocabulary for w in subwords))
            for token, subwords in groups
        )

    def _rarity(self, phrase: str) -> float:
        """The information of a phrase's rarest word, a word the corpus lacks the most."""
        most = float(np.log((self.passage_count + 0.5) / 0.5))
        rows = [self._t.vocabulary.get(token) for token, _ in self.segmenter.query_groups(phrase)]
        return max((most if r is None else float(self._t.info[r]) for r in rows), default=most)

    def _expanded_dense(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        variants: list[tuple[list[tuple[str, list[str]]], frozenset[str]]],
        allowed: np.ndarray | None,
    ) -> np.ndarray | None:
        """``_expanded`` as one score per passage (0: no candidate), for questions with many
        postings (``Kernel.many_postings``): over a million passages, the sorted candidate
        lists of the question and its variants and the binary searches that merge them cost
        several times what whole-corpus arrays do.  None when the question's own postings
        are fewer (``_expanded`` is then the cheap way) or a found passage may not score
        above 0.
        """
        kern = self._kernel
        rows = self._rows(_weighted_counts(groups))
        if not kern.many_postings(rows):
            return None
        varied_rows = [self._rows(_weighted_counts(varied, new)) for varied, new in variants]
        sums, *others = kern.sums_many([rows, *varied_rows])
        if sums is None:
            return None
        ok = None if allowed is None else allowed[self._t.passage_article]
        memo: dict[int | None, np.ndarray] = {}  # each word's articles, once per question

        def relevant(groups: Sequence[tuple[str, Sequence[str]]], sums: np.ndarray) -> np.ndarray:
            keep = kern.relevant_dense(sums, self._tokens(groups), MIN_COVERAGE, memo)
            return keep if ok is None else keep & ok

        exact = relevant(groups, sums)
        cap = VARIANT_WEIGHT * float(sums[exact].max()) if exact.any() else np.inf
        union, scores = exact.copy(), sums
        for (varied, _), more in zip(variants, others, strict=True):
            if more is None:
                return None
            union |= relevant(varied, more)
            capped = np.minimum(more, cap)  # where exact: ``more`` itself (fewer passes)
            np.copyto(capped, more, where=exact)
            scores = np.maximum(scores, capped)
        return np.where(union, scores, 0.0)

    def _candidates(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        date_from: dt.date | None,
        date_to: dt.date | None,
        people: Sequence[str],
        discounted: frozenset[str] = frozenset(),
    ) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """The relevant passages passing the filters, their scores, and every scored passage."""
        passages, scores = self._kernel.score(self._rows(_weighted_counts(groups, discounted)))
        keep = self._kernel.relevant(passages, self._tokens(groups), MIN_COVERAGE)
        allowed = self._article_filter(date_from, date_to, people)
        if allowed is not None:
            keep &= allowed[self._t.passage_article[passages]]
        return passages[keep], scores[keep], (passages, scores)

    def _rows(self, counts: Counter[str]) -> list[tuple[int, float]]:
        """The weight-matrix rows of the known terms, with how much each was asked."""
        vocabulary = self._t.vocabulary
        return [(vocabulary[term], c) for term, c in counts.items() if term in vocabulary]

    def _tokens(self, groups: Sequence[tuple[str, Sequence[str]]]) -> list[kernel.Token]:
        """The query's tokens as the coverage rule weighs them."""
        vocabulary = self._t.vocabulary
        return [
            kernel.Token(
                self._info(token), vocabulary.get(token), tuple(vocabulary.get(w) for w in subwords)
            )
            for token, subwords in groups
        ]

    def _info(self, term: str) -> float:
        """The information a query term carries (see the module docstring)."""
        if len(term) < 2:
            return 0.0  # 做, 开, 搞: one character says what is done, not what about
        row = self._t.vocabulary.get(term)
        if row is not None:
            return float(self._t.info[row])
        return unseen_information(term, float(np.log((self.passage_count + 0.5) / 0.5)))

    def _article_filter(
        self, date_from: dt.date | None, date_to: dt.date | None, people: Sequence[str]
    ) -> np.ndarray | None:
        """Return a mask of articles passing the date and people filters (None: no filter)."""
        if date_from is None and date_to is None and not people:
            return None
        days = self._t.article_days
        mask = np.ones(days.shape[0], dtype=bool)
        if date_from is not None or date_to is not None:
            low = date_from.toordinal() if date_from else 0
            high = date_to.toordinal() if date_to else np.iinfo(np.int32).max
            mask &= (days >= low) & (days <= high) & (days > 0)
        for name in people:
            mask &= self._naming(name)
        return mask

    def _naming(self, name: str) -> np.ndarray:
        """Return a mask of the articles whose headline, text or byline names ``name``."""
        key = normalize(name).strip()
        if key not in self._named_cache:
            known = next((p for p in self.people if p.name == key), None)
            if known is not None:  # by id: no article is read
                mask = np.zeros(len(self.articles), dtype=bool)
                ids = known.article_ids
                if isinstance(ids, ArticleIds):  # a cached person: positions already
                    mask[ids.positions] = True
                else:
                    found = [self.lookup.position(i) for i in ids]
                    mask[[i for i in found if i is not None]] = True
                self._named_cache[key] = mask
            else:
                found = [bool(key) and key in text for text in self._searchable()]
                self._named_cache[key] = np.array(found, dtype=bool)
        return self._named_cache[key]

    def _searchable(self) -> list[str]:
        """The normalised headline, text and byline of every article (built on first use)."""
        if self._texts is None:
            self._texts = [searchable_text(a) for a in self.articles]
        return self._texts

    def _hit(self, passage: int, score: float) -> Hit:
        """Turn a passage number into a Hit."""
        article = self.articles[int(self._t.passage_article[passage])]
        index = int(self._t.passage_paragraph[passage])
        return Hit(article, Passage(article.article_id, index, article.paragraphs[index]), score)


def _counts(groups: Sequence[tuple[str, Sequence[str]]]) -> Counter[str]:
    """How often each term (token or bigram) of the query occurs."""
    return Counter(term for token, subwords in groups for term in (token, *subwords))


def _weighted_counts(
    groups: Sequence[tuple[str, Sequence[str]]], discounted: frozenset[str] = frozenset()
) -> Counter[str]:
    """``_counts``, the ``discounted`` words (those a variant put in) worth a little less."""
    counts = _counts(groups)
    for term in discounted & counts.keys():
        counts[term] *= VARIANT_WEIGHT  # type: ignore[assignment]
    return counts


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Mask the ``values`` found in the sorted array ``sorted_set``."""
    if sorted_set.size == 0:
        return np.zeros(values.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), sorted_set.size - 1)
    return np.asarray(sorted_set[at] == values)


def _lookup(wanted: np.ndarray, passages: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The scores of the ``wanted`` passages in the sorted (passages, scores), 0 if absent."""
    found = _member(wanted, passages)
    values = np.zeros(wanted.size)
    values[found] = scores[np.searchsorted(passages, wanted[found])]
    return values


def _overrides(directory: Path | None) -> Overrides:
    """Read the corpus folder's hand-kept word overrides, if it has one."""
    from retrieval.search import bm25  # noqa: PLC0415 - scipy and tqdm: building only

    if directory is None:
        return bm25.Overrides()
    return bm25.read_overrides(Path(directory) / USERDICT)
