"""Claim check: a claim a user types, answered from the documents in the store.

The typed claim goes through the same stages as an article's sentence (spaCy, entity
rules, the claim reader), so it is compared like any two claims (:mod:`sitroom.claims.compare`):
content-word stems, actors (a capital stands for its country: "Moscow" for Russia), counted
quantities, polarity, and MiniLM embeddings for wording the stems miss ("sent" /
"provided").

**Per document**, its claims are the passages. A passage *matches* when it states the same
thing: close enough in words (or words and embeddings together) and naming most of what
the claim names besides its actors (the rarest words weigh most: "S-400" is not "S-300").
The document's stance comes from its best matching passage, stated in its own voice first:

* **asserts** — the document states it; **hedges** — states it hedged or as a
  prediction, or is about the claim's matter without a passage that takes a position;
* **reports** — attributes it to someone ("officials said", "according to");
* **denies** — states or quotes the opposite (negation, a denial, another number);
* **unrelated** — neither a matching passage nor most of the claim's words.

When the passages take no own-voice position (only attributed or hedged ones, or none that
match), the document's stance is weighed from FNC-1-style signals instead
(:mod:`sitroom.stance`: coverage, best passage by voice, conflicting passages, refuting and
hedging word rates).

**Verdict**: *disputed* when some documents assert or report it and others deny it;
*corroborated* by N independent origins when N ≥ 2 (an outlet counts once, and what several
outlets attribute to one named source counts once); *single-source*; or *not found*.

Candidates come from the store's full-text index (the claim's words, any of them), so a
check never reads the whole store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import claims as claim_stage
from . import embeddings, entities, language, quotes
from .stance import SIGNALS, classify, scored_passages, signals
from .claims.clusters import origin
from .claims.compare import Features, Idf, conflict, features, lexical
from .claims.cues import STOP_STEMS
from .config import Settings
from .outlets import outlet_key, source_name
from .types import Claim, Document

STANCES = ("asserts", "hedges", "reports", "denies", "unrelated")
VERDICTS = ("corroborated", "disputed", "single-source", "not found")

# Chosen on eval/claim-check/dev.jsonl (`sitroom eval claim-check` reports the held-out half).
MATCH = 0.46          # 0.4 x words + 0.6 x cosine (or words alone) for a passage to match
MATTER = 0.5          # share (IDF-weighted) of the claim's non-actor words a match must name
RELATED = 0.45        # share of the claim's words (and actors) the document must hold
NAMED = 0.3           # share of the claim's actors the document must name
CONFLICT_MATCH = 0.35 # a passage this close that says otherwise denies the claim
MAX_CANDIDATES = 200  # documents the full-text search may propose
MAX_PASSAGES = 3

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*")


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DocumentStance:
    document: str
    outlet: str
    stance: str
    score: float
    passages: tuple[Passage, ...]
    origin: str = ""


@dataclass(frozen=True, slots=True)
class CheckResult:
    claim: str
    verdict: str
    origins: int
    stances: tuple[DocumentStance, ...]

    def record(self) -> dict:
        """The JSON record of ``sitroom check --format json|jsonl``."""
        return {
            "claim": self.claim, "verdict": self.verdict, "origins": self.origins,
            "stances": [{"document": s.document, "outlet": s.outlet, "stance": s.stance, "score": round(s.score, 3),
                         "passages": [{"start": p.start, "end": p.end, "text": p.text} for p in s.passages]}
                        for s in self.stances],
        }


def read_claims(texts: Sequence[str], settings: Settings) -> list[Claim]:
    """Each typed claim as a claim record: the clause that covers most of it."""
    docs = [Document(id=f"q{k}", path="", source_key="", content_hash="", format="text", text=text)
            for k, text in enumerate(texts)]
    return [_main_claim(doc, found) for doc, found in _claims_of(docs, settings, check_worthy_only=False)]


def _claims_of(docs: Iterable[Document], settings: Settings, check_worthy_only: bool = True):
    """(document, its claims) through the build's per-document stages."""
    for doc, analysis in language.analyse_stream(docs, settings):
        mentions, roles = entities.refine(doc.text, analysis.mentions)
        analysis = replace(analysis, mentions=tuple(mentions))
        said = quotes.extract(doc, analysis, settings)
        yield doc, claim_stage.extract(doc, analysis, said, roles, settings, check_worthy_only=check_worthy_only)


def _main_claim(doc: Document, found: Sequence[Claim]) -> Claim:
    own = [c for c in found if c.modality != "denied" or c.holder_kind == "author" or c.negated] or list(found)
    if own:
        # "Critics called the vote a sham" keeps its holder: a passage attributing the same
        # words to the same critics states the claim
        return max(own, key=lambda c: c.end - c.start)
    words = _WORD.findall(doc.text)
    return Claim(doc.id, 0, len(doc.text), doc.text, "the user", "author", "asserted", 0, len(doc.text),
                 terms=tuple(t for t in claim_stage.stems(words) if t not in STOP_STEMS))


def document_words(text: str) -> frozenset[str]:
    """The stems of every word of a document (what "the document holds the claim's words" reads)."""
    return frozenset(claim_stage.stems(_WORD.findall(text)))


def _matter(q: Features) -> frozenset[str]:
    return q.terms - q.actors - {q.predicate}


@dataclass(frozen=True, slots=True)
class Reading:
    """What one document says towards a claim: the stance, its score and the passages
    cited for it."""

    stance: str
    score: float
    passages: tuple[Claim, ...]


def read_document(query: Features, claims: Sequence[Claim], words: frozenset[str], idf: Idf,
                  vectors: Mapping[str, np.ndarray] | None = None, text: str = "") -> Reading:
    """The stance of one document towards ``query`` (see the module docstring).

    ``claims`` are the document's claims, ``words`` its stems, ``text`` its text; ``vectors``
    unit embeddings by claim id (the query's under ``query.id``) where known.

    The passage rules decide when they find a position in the document's own voice (asserts,
    denies: the cited passage says it); otherwise — only attributed, hedged, no matching
    passage, or too little of the claim — the weighed signals of :mod:`sitroom.stance`
    decide. Chosen on eval/claim-check/dev.jsonl: letting the signals overrule an own-voice
    reading too scores higher there, but it turns stray negations ("not just a handshake")
    into denials of claims the document plainly states.
    """
    rules = _read_by_rules(query, claims, words, idf, vectors)
    if rules.stance in ("asserts", "denies"):
        return rules
    found = signals(query, claims, words, idf, vectors, text)
    label, _ = classify(found)
    if label == "unrelated":
        return Reading("unrelated", rules.score, ())
    if label == "discuss" and rules.stance in ("reports", "hedges"):
        return rules
    # the score is how closely the cited passage states the claim (as the rules' is), so
    # documents sort by their passages
    values = dict(zip(SIGNALS, found.values))
    if label == "agree":
        picked, passage, score = "asserts", found.own or found.best, values["own"] or values["best"]
    elif label == "disagree":
        picked, passage, score = "denies", found.against or found.best, values["against"] or values["best"]
    else:
        passage = (found.reported if not values["own_over_reported"] else found.hedged) or found.best
        picked = "reports" if passage is not None and passage.holder_kind != "author" else "hedges"
        score = values["best"]
    return Reading(picked, score, (passage,) if passage is not None else ())


def _read_by_rules(query: Features, claims: Sequence[Claim], words: frozenset[str], idf: Idf,
                   vectors: Mapping[str, np.ndarray] | None = None) -> Reading:
    """The passage rules: a matching passage, its voice, and whether it says otherwise."""
    related = idf.coverage(words, query.terms | query.actors)
    named = idf.coverage(words, frozenset(claim_stage.stems(query.actors))) if query.actors else 1.0
    scored = scored_passages(query, claims, idf, vectors)
    scored.sort(key=lambda x: -x[0])
    best = scored[0][0] if scored else 0.0
    if named < NAMED or (related < RELATED and best < MATCH):
        # the claim's actors are not in the document: another event of the same kind
        return Reading("unrelated", max(best, related), ())
    matter = _matter(query)
    matches = [(s, c, f) for s, c, f in scored if s >= MATCH and idf.coverage(f.terms | f.actors, matter) >= MATTER]
    # a passage about the same thing that says otherwise ("nobody was injured", "sixth
    # round", "life sentences") denies it, in the document's own voice
    against = [(s, c, f) for s, c, f in scored if s >= CONFLICT_MATCH and c.holder_kind == "author" and conflict(query, f)
               and idf.coverage(f.terms | f.actors, matter) >= MATTER]
    if against and not any(c.holder_kind == "author" and s > against[0][0] and not conflict(query, f)
                           for s, c, f in matches):
        return Reading("denies", against[0][0], tuple(c for _, c, _ in against[:MAX_PASSAGES]))
    if not matches:
        if related < RELATED:
            return Reading("unrelated", max(best, related), ())
        return Reading("hedges", related, tuple(c for _, c, _ in scored[:1]))
    # the document's own voice decides before what it attributes to others (a claim typed
    # as someone's statement is stated by a passage attributing it to the same someone)
    own = [m for m in matches if m[1].holder_kind == "author" or (query.holder and m[2].holder == query.holder)]
    score, passage, f = (own or matches)[0]
    if conflict(query, f):
        stance = "denies"
    elif passage.holder_kind != "author" and not (query.holder and f.holder == query.holder):
        stance = "reports"
    elif passage.modality in ("hedged", "question") or passage.hedged:
        stance = "hedges"
    else:
        stance = "asserts"
    return Reading(stance, score, (passage, *[c for _, c, _ in matches if c is not passage][:MAX_PASSAGES - 1]))


def stance_of(query: Features, claims: Sequence[Claim], words: frozenset[str], idf: Idf,
              vectors: Mapping[str, np.ndarray] | None = None, text: str = "") -> tuple[str, float, list[Claim]]:
    """(stance, score, deciding passages) of one document towards ``query``."""
    reading = read_document(query, claims, words, idf, vectors, text)
    return reading.stance, reading.score, list(reading.passages)


def verdict(stances: Sequence[DocumentStance]) -> tuple[str, int]:
    """(verdict, independent origins behind it) over the documents' stances."""
    supporting = {s.origin for s in stances if s.stance in ("asserts", "reports")}
    denying = {s.origin for s in stances if s.stance == "denies"}
    if supporting and denying - supporting:
        return "disputed", len(supporting)
    if len(supporting) >= 2:
        return "corroborated", len(supporting)
    if supporting:
        return "single-source", 1
    return "not found", 0


def _search_terms(text: str) -> str:
    """An FTS5 query matching any of the claim's words; every word quoted, so no character
    of the user's text is FTS syntax."""
    words = {w.lower() for w in _WORD.findall(text) if len(w) > 2} - {"the", "and", "was", "were", "has", "have"}
    return " OR ".join('"' + w.replace('"', "") + '"' for w in sorted(words))


class Checker:
    """Answers claims from one store; the language model and embeddings load once."""

    def __init__(self, store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.encoder = embeddings.load() if settings.embeddings else None
        self.cached = store.vectors("claim", self.encoder.name) if self.encoder is not None else {}
        documents = [d for d in store.documents() if d.duplicate_of is None]
        self.documents = {d.id: d for d in documents}
        self.claims: dict[str, list[Claim]] = {}
        for claim, _ in store.claims():
            self.claims.setdefault(claim.document, []).append(claim)
        self._words: dict[str, frozenset[str]] = {}
        self.idf = Idf(features(c) for cs in self.claims.values() for c in cs)


    def words(self, doc_id: str) -> frozenset[str]:
        if doc_id not in self._words:
            self._words[doc_id] = document_words(self.documents[doc_id].text)
        return self._words[doc_id]

    def check(self, texts: Sequence[str]) -> list[CheckResult]:
        return [self._answer(text, claim) for text, claim in zip(texts, read_claims(texts, self.settings))]

    def _vectors(self, query: Claim, candidates: Iterable[Claim]) -> dict[str, np.ndarray]:
        if self.encoder is None:
            return {}
        # the build's cache where it has a claim; the rest computed and not stored (a check
        # only reads the store)
        asked = list(candidates)
        out = {cid: np.frombuffer(blob, dtype="float32") for cid, blob in self.cached.items()}
        fresh = [c for c in asked if c.id not in out]
        if fresh:
            out.update(zip((c.id for c in fresh), self.encoder.encode([c.text for c in fresh]).astype("float32")))
        out[query.id] = self.encoder.encode([query.text])[0]
        return out

    def _answer(self, text: str, claim: Claim) -> CheckResult:
        query = features(claim)
        found = self.store.search(_search_terms(text), limit=MAX_CANDIDATES) if _search_terms(text) else []
        candidates = [doc for doc, _ in found if doc in self.documents]
        passages = [c for doc in candidates for c in self.claims.get(doc, ())
                    if lexical(query, features(c), self.idf) >= 0.1]
        vectors = self._vectors(claim, passages)
        stances = []
        for doc_id in candidates:
            doc = self.documents[doc_id]
            stance, score, deciding = stance_of(query, self.claims.get(doc_id, ()), self.words(doc_id), self.idf, vectors,
                                                doc.text)
            if stance == "unrelated":
                continue
            origin_key = origin(deciding[0], outlet_key(doc)) if deciding and stance in ("asserts", "reports") \
                else "outlet:" + outlet_key(doc)
            stances.append(DocumentStance(
                document=doc_id, outlet=source_name(doc), stance=stance, score=score, origin=origin_key,
                passages=tuple(Passage(c.start, c.end, c.text) for c in deciding),
            ))
        stances.sort(key=lambda s: (STANCES.index(s.stance), -s.score, s.document))
        found_verdict, origins = verdict(stances)
        return CheckResult(text, found_verdict, origins, tuple(stances))


def render_text(result: CheckResult) -> str:
    """A result for a person: one line a document, the passages quoted, then the verdict."""
    lines = [f"Claim: {result.claim}"]
    for s in result.stances:
        lines.append(f"  {s.stance:<8} {s.outlet} ({s.document})")
        for p in s.passages:
            lines.append(f"             [{p.start}-{p.end}] “{p.text}”")
    tail = {"corroborated": f"corroborated by {result.origins} independent outlets",
            "single-source": "single-source"}.get(result.verdict, result.verdict)
    lines.append(f"Verdict: {tail}")
    return "\n".join(lines)

