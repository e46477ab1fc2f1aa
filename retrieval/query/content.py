"""A long question reduced to its content: the clauses that carry the corpus's information.

Residents write long messages (who they are, what they heard, thanks) around one question.
Each clause is weighed by the information its words carry in the corpus (rarer words more;
words the pages never use nothing, as they cannot be matched) once its colloquial phrases
are read as the official words they mean (泡坏的房子 carries what 受损房屋 does), and only
the asking clause that carries the most, plus any clause carrying nearly as much as the best
one, are kept in their order.  Short questions are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from retrieval.search.expand import read_colloquial
from retrieval.text.patterns import lazy

LONG_QUESTION = 60  # characters; shorter questions are read whole
KEEP_SHARE = 0.6  # a clause carrying this share of the best clause's information is kept
_CLAUSE = lazy(r"[^，,。！!？?；;\n]+[，,。！!？?；;\n]*")
_ASKING = lazy(r"什么|哪|吗|多少|几|谁|怎么|怎样|如何|是否|有没有|能不能|[?？]")


def reduce_question(
    question: str, information: Callable[[str], float], cut: Callable[[str], list[str]]
) -> str:
    """The clauses of a long question that carry its content (the question if short).

    ``cut`` splits a clause into the corpus's query words (the engine's segmenter).
    """
    if len(question) <= LONG_QUESTION:
        return question
    clauses = [m[0] for m in _CLAUSE.finditer(question) if m[0].strip()]
    weights = [weigh(clause, information, cut) for clause in clauses]
    if len(clauses) < 2 or not any(weights):
        return question
    asking = [i for i, clause in enumerate(clauses) if _ASKING.search(clause)]
    best_asking = max(asking, key=lambda i: weights[i], default=None)
    top = max(weights)
    kept = [
        clause
        for i, clause in enumerate(clauses)
        if i == best_asking or weights[i] >= KEEP_SHARE * top
    ]
    return "".join(kept)


def weigh(
    clause: str, information: Callable[[str], float], cut: Callable[[str], list[str]]
) -> float:
    """The information a clause's words carry in the corpus, colloquial phrases read officially."""
    return sum(information(token) for token in cut(read_colloquial(clause)))
