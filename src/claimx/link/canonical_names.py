"""One canonical name per entity across all the articles of a run.

Each article names its entities on its own (components/entities.py); as records stream out,
this registry maps a later article's "Trump" to the "Donald Trump" an earlier one named, so
the same entity has the same name everywhere; an organisation that spoke in an earlier
article stays an ORG where the tagger reads its name as a building, place or nationality
("at the White House"). Records already written are not revisited: the first article to name
an entity fully sets the name for those after it.
"""

from __future__ import annotations

from collections import defaultdict

# spaCy-free imports only: extract imports this before the pipeline's spaCy is imported
# without PyTorch (claimx.nlp.spacy_import).
from claimx.nlp.names import (
    ORGANISATION_MISREAD_AS,
    alias_key,
    initials,
    is_acronym_of,
    name_key,
)
from claimx.records.article import ArticleRecord, Entity


class CanonicalNames:
    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        # Organisations that were the speaker of a quote in an earlier article.
        self._speaking_organisations: set[str] = set()
        # Indexes, so that a lookup does not scan every name of the run:
        # (label, last words of the name key) -> names; (label, initials) -> names.
        self._by_tail: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        self._by_initials: dict[tuple[str, str], set[str]] = defaultdict(set)

    def _lookup(self, entity: Entity) -> str | None:
        known = self._by_key.get(alias_key(entity.name))
        if known is not None:
            return known
        words = name_key(entity.name).split()
        candidates = set(self._by_tail.get((entity.label, tuple(words)), ()))
        candidates |= self._by_initials.get((entity.label, "".join(words)), set())
        matches = {
            name
            for name in candidates
            if len(name.split()) > len(words)
            and (
                (entity.label == "PERSON" and name_key(name).split()[-len(words) :] == words)
                or is_acronym_of(entity.name, name)
            )
        }
        return matches.pop() if len(matches) == 1 else None

    def _register(self, entity: Entity) -> None:
        self._by_key.setdefault(alias_key(entity.name), entity.name)
        if entity.name in self._labels:
            return
        self._labels[entity.name] = entity.label
        words = tuple(name_key(entity.name).split())
        for size in range(1, len(words) + 1):
            self._by_tail[entity.label, words[-size:]].add(entity.name)
        self._by_initials[entity.label, initials(entity.name)].add(entity.name)

    def apply(self, record: ArticleRecord) -> ArticleRecord:
        """The record with its entity names made consistent with the run so far."""
        if not record.entities:
            return record
        renames = {}
        for entity in record.entities:
            known = self._lookup(entity)
            if known is not None and known != entity.name:
                renames[entity.name] = known
        merged: dict[str, Entity] = {}
        for entity in record.entities:
            name = renames.get(entity.name, entity.name)
            if name in merged:
                merged[name].mentions.extend(entity.mentions)
                merged[name].mentions.sort(key=lambda m: (m.start, m.end))
            else:
                merged[name] = entity.model_copy(update={"name": name})
        relabelled = False
        for entity in merged.values():
            misread = entity.label in ORGANISATION_MISREAD_AS
            if misread and entity.name in self._speaking_organisations:
                entity.label = "ORG"
                relabelled = True
            self._register(entity)
        speakers = {renames.get(n, n) for n in _speaker_names(record)}
        self._speaking_organisations.update(
            e.name for e in merged.values() if e.label == "ORG" and e.name in speakers
        )
        if not renames:
            if relabelled:
                return record.model_copy(update={"entities": list(merged.values())})
            return record
        for quote in record.quotes:
            if quote.speaker is not None and quote.speaker.entity in renames:
                quote.speaker.entity = renames[quote.speaker.entity]
        for claim in record.claims:
            if claim.claimant.name in renames and claim.claimant.kind == "speaker":
                claim.claimant.name = renames[claim.claimant.name]
            claim.entities = list(dict.fromkeys(renames.get(n, n) for n in claim.entities))
        return record.model_copy(update={"entities": list(merged.values())})


def _speaker_names(record: ArticleRecord) -> set[str]:
    return {q.speaker.entity for q in record.quotes if q.speaker and q.speaker.entity}
