"""Stage 4, entities: mentions grouped into canonical actors across documents.

This first version groups mentions of the same type by a normalised surface form
(case, possessive, leading article and punctuation folded): "Tass" and "TASS" are one
entity, "the United States" and "United States" too. Resolution of surnames, titles and
role descriptions to people builds on it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .types import Entity

# spaCy labels that name actors, places and things an analyst tracks; numbers, dates,
# money and ordinals are handled by other stages.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)


def surface_key(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    text = _LEADING_THE.sub("", text)
    return re.sub(r"[^\w]+", " ", text).strip().lower()


def entity_id(label: str, key: str) -> str:
    return hashlib.sha256(f"{label}\0{key}".encode()).hexdigest()[:12]


def group(mentions: Iterable[tuple[str, str, str]]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Group ``(document, text, label)`` mentions; return entities and (label, key) -> id."""
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for document, text, label in mentions:
        if label not in ACTOR_LABELS:
            continue
        key = surface_key(text)
        if not key:
            continue
        surfaces[(label, key)][_POSSESSIVE.sub("", text.strip())] += 1
        documents[(label, key)].add(document)
    entities: list[Entity] = []
    ids: dict[tuple[str, str], str] = {}
    for (label, key), forms in surfaces.items():
        eid = entity_id(label, key)
        ids[(label, key)] = eid
        name = forms.most_common(1)[0][0]
        entities.append(
            Entity(
                id=eid, name=name, type=label,
                aliases=tuple(sorted(f for f in forms if f != name)),
                documents=tuple(sorted(documents[(label, key)])),
                mentions=sum(forms.values()),
            )
        )
    entities.sort(key=lambda e: (-e.mentions, e.name))
    return entities, ids
