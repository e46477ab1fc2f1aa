"""Role questions scoped to a place: 惠济区区长是谁, 金水区的常务副区长是谁.

A corpus may hold pages of several districts, and the pages write a district's officials
without its name (区长秦志刚, 区委常委、宣传部部长曹丽): the district is the article's. So a
role asked for another place than the corpus's own district is looked for only in the
articles naming that place, by the holder named right after the role in their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.answers.draft import Context, search
from retrieval.answers.extract import sentences
from retrieval.answers.precise import role_holders
from retrieval.models import Hit
from retrieval.query.question import Query
from retrieval.text.patterns import lazy

# 惠济区委书记, 管城回族区的宣传部部长: a place (its kind kept) and the rest of the role.
_SCOPED = lazy(r"^(?P<place>[\u4e00-\u9fff]{2,6}?)(?P<kind>区|县)的?(?P<rest>.{2,})$")


@dataclass(frozen=True, slots=True)
class ScopedRole:
    """A role asked of a place: the place as written and how the pages may write the role."""

    place: str
    forms: tuple[str, ...]


def scoped_role(topic: str, district: str) -> ScopedRole | None:
    """Split 惠济区区长 into 惠济区 and 区长 (区委书记 keeps its 区); None for the own district."""
    found = _SCOPED.match(topic.replace(" ", ""))
    if found is None or found["place"] == district:
        return None
    rest = found["rest"]
    with_kind = (found["kind"] + rest).replace(found["kind"] * 2, found["kind"])
    forms = [with_kind] if rest.startswith(("委", "人", "政")) else [with_kind, rest]
    return ScopedRole(found["place"] + found["kind"], tuple(dict.fromkeys(forms)))


def scoped_holder(
    query: Query, context: Context, scope: ScopedRole, known: list[str]
) -> tuple[Hit, list[Hit], str, list[str]] | None:
    """The hit, all hits, sentence and names holding the role in an article naming the place."""
    hits = search(query, context, f"{scope.place} {scope.forms[-1]}", context.limit)
    local = [h for h in hits if scope.place in h.article.text or scope.place in h.article.title]
    for form in scope.forms:
        for hit in local:
            for sentence in sentences(hit.article.text):
                if names := role_holders(sentence, form, known):
                    return hit, hits, sentence, names
    return None
