"""The records that travel between pipeline stages.

Every record is a frozen, slotted dataclass of plain data: strings, numbers, tuples of
other records. Spans are character offsets ``[start, end)`` into ``Document.text`` (the
cleaned main text), never spaCy objects, so records pickle across Dask workers and map
straight onto database rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter
from typing import Literal, TypeVar, dataclass_transform

RemovedKind = Literal["boilerplate", "comments", "navigation", "metadata"]
REMOVED_KINDS: tuple[str, ...] = ("boilerplate", "comments", "navigation", "metadata")

SourceFormat = Literal["text", "markdown", "html", "json"]

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def record(cls: type[_T]) -> type[_T]:
    """A frozen, slotted dataclass that pickles as a call of its constructor.

    Slotted dataclasses otherwise unpickle through a generic ``__setstate__`` that looks up
    the class's fields again for every object: a list of 500 tokens took 3.5 ms to pickle
    and unpickle that way and takes 1.2 ms this way, and the Dask build's client unpickles
    every record its workers find.
    """
    cls = dataclass(frozen=True, slots=True)(cls)
    values = attrgetter(*(f.name for f in fields(cls)))
    single = len(fields(cls)) == 1

    def __reduce__(self):
        return cls, ((values(self),) if single else values(self))

    cls.__reduce__ = __reduce__
    return cls


@record
class Removed:
    """A part of the source taken out of the main text, kept so a reader can see it."""

    kind: RemovedKind
    text: str


@record
class Block:
    """One paragraph-like block of a source, in reading order, before cleaning.

    ``link_ratio`` is the share of the block's characters inside links (HTML, Markdown);
    ``container`` names the structural region it came from when the format says so
    (``"nav"``, ``"header"``, ``"footer"``, ``"aside"``, ``"comments"``, ``""``);
    ``heading`` marks headings; ``separator`` marks rule lines such as ``----`` or ``*``.
    """

    text: str
    link_ratio: float = 0.0
    container: str = ""
    heading: bool = False
    separator: bool = False
    pre_removed: RemovedKind | None = None


@record
class RawDocument:
    """A source after reading and format parsing, before boilerplate removal."""

    id: str
    path: str
    source_key: str
    content_hash: str
    format: SourceFormat
    blocks: tuple[Block, ...]
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    metadata_blocks: tuple[int, ...] = ()  # header blocks (title, byline, dateline) by index


@record
class Document:
    """A cleaned article: the unit every later stage works on."""

    id: str
    path: str
    source_key: str
    content_hash: str
    format: SourceFormat
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    published_inferred: bool = False
    url: str | None = None
    removed: tuple[Removed, ...] = ()
    duplicate_of: str | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@record
class Sentence:
    start: int
    end: int


@record
class Mention:
    """A named-entity mention as the language stage found it."""

    start: int
    end: int
    text: str
    label: str


@record
class Token:
    """One token of the parse, as plain data (spaCy's own objects never leave ``language``).

    ``head`` and ``sent`` are indexes into the document's token and sentence tuples; ``tag``
    is the Penn Treebank tag, ``pos`` the universal POS, ``dep`` the dependency label and
    ``ent`` the entity label the token is part of ("" when none).
    """

    start: int
    end: int
    tag: str
    pos: str
    dep: str
    head: int
    sent: int
    ent: str = ""


def _token_maker():
    """``new_token``: ``Token(...)`` in half the time (0.5 against 1.0 µs).

    Written by hand because a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``; this sets the slots directly. A document's tokens are made
    each time its analysis is made (some 600,000 per 2,000 articles) or read back from the
    store or a Dask worker. ``test_types`` checks it against the constructor.
    """
    names = tuple(f.name for f in fields(Token))
    assert names == ("start", "end", "tag", "pos", "dep", "head", "sent", "ent"), names
    new = object.__new__
    s_start, s_end, s_tag, s_pos, s_dep, s_head, s_sent, s_ent = (getattr(Token, n).__set__ for n in names)

    def new_token(start: int, end: int, tag: str, pos: str, dep: str, head: int, sent: int, ent: str = "") -> Token:
        token = new(Token)
        s_start(token, start)
        s_end(token, end)
        s_tag(token, tag)
        s_pos(token, pos)
        s_dep(token, dep)
        s_head(token, head)
        s_sent(token, sent)
        s_ent(token, ent)
        return token

    new_token.__qualname__ = "new_token"  # pickled by reference, as the module's ``new_token``
    values = attrgetter(*names)
    Token.__reduce__ = lambda self: (new_token, values(self))  # unpickled as fast (Dask workers' tokens)
    return new_token


new_token = _token_maker()


@record
class Analysis:
    """What the language stage produced for one document."""

    document: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    tokens: tuple[Token, ...] = ()


@record
class Role:
    """A document's statement that a person holds an office ("Russian President X")."""

    person: str      # the name as written after the title
    office: str      # lower-case office ("president", "deputy foreign minister")
    country: str | None


@record
class MentionRef:
    """A stored mention, with the document it is in: what cross-document stages read."""

    document: str
    start: int
    end: int
    text: str
    label: str


@record
class Quote:
    """Something a speaker said, as one document reports it.

    ``start``/``end`` span the quoted words inside the quote marks (direct, partial) or the
    reported clause (indirect). ``speaker_name`` is the fullest name the document gives the
    speaker ("Maria Okafor" for "she said" after "director Maria Okafor"), or the
    describing phrase when no name is given ("police", "a witness"); ``speaker_start``/
    ``speaker_end`` span the mention nearest the quote. ``channel`` is how the words came
    out ("to reporters", "in a post on X", "according to the Kremlin transcript").
    """

    document: str
    start: int
    end: int
    kind: str  # direct | partial | indirect
    speaker_name: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    channel: str | None = None


@record
class Entity:
    """A canonical actor, grouped over mentions in all documents."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    mentions: int = 0
    roles: tuple[str, ...] = ()


@record
class Failure:
    """An input that could not be used, and why (one line, for a person)."""

    path: str
    reason: str


@record
class BuildReport:
    """What one ``build`` did: every input accounted for."""

    added: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    duplicates: int = 0
    documents: int = 0
    failures: tuple[Failure, ...] = field(default_factory=tuple)
    relinked: bool = True  # the cross-document stages ran (False: nothing they read had changed)


@record
class TimeExpr:
    """A temporal expression of one document, normalised to ISO 8601 (stage 5, ``temporal``).

    ``value`` is ``2024-10-11``, ``2024-10``, ``2024``, ``2024-SU``, ``2024-W41``,
    ``2024-Q4``, ``2024-10-08T10:00``, an interval ``2024-10-22/2024-10-24`` (type DATE),
    a duration ``P25Y`` / ``PT48H`` / ``PXD`` (X: an unknown number, as in TimeML), or a
    period ``P1Y`` for a SET ("every year"). ``value`` is ``None`` when the expression is
    relative and the document has no date to anchor it. ``anchored`` is true when the value
    was computed from the document date (directly or through another anchored expression),
    false when the text alone gives it. ``type`` is DATE, TIME, DURATION or SET.
    """

    document: str
    start: int
    end: int
    text: str
    value: str | None
    type: str
    anchored: bool = False


EventStatus = Literal["occurred", "planned", "predicted", "hypothetical", "denied"]
EVENT_STATUSES: tuple[str, ...] = ("occurred", "planned", "predicted", "hypothetical", "denied")


@record
class EventMention:
    """One event as one sentence reports it: who did what to whom, typed in PLOVER.

    ``start``/``end`` span the sentence, ``trigger_start``/``trigger_end`` the words that name
    the event ("met", "imposed sanctions", "hunger strike"). ``type`` is the PLOVER event type
    (the labels of the PLOVER gold-standard records: AGREE ... FIGHT), ``cameo`` its CAMEO root
    code ("04") or None, ``mode`` PLOVER's sub-type ("visit", "arrest", "heavy-weapons") when
    the words say it. PLOVER codes a stated intent as the intent: "X will meet Y" is AGREE;
    ``action`` then keeps the type of the act itself (CONSULT), so later stages can match
    the plan with the meeting. ``status`` is whether the text presents the event as having
    happened (occurred), arranged (planned), forecast (predicted), conditional or possible
    (hypothetical) or as not having happened (denied). ``source``/``target`` are actor texts
    as written (entity mentions where one covers the word), several for "X and Y".
    """

    document: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    type: str
    status: EventStatus
    cameo: str | None = None
    mode: str | None = None
    action: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()


@record
class Event:
    """One real-world event, merged over every document that reports it.

    ``actors`` are entity ids; ``date`` is ISO 8601 (a day, a month or an interval) or
    None; ``evidence`` holds every reporting sentence as (document, start, end).
    """

    id: str
    type: str
    summary: str
    actors: tuple[str, ...]
    location: str | None
    date: str | None
    status: str
    documents: tuple[str, ...]
    evidence: tuple[tuple[str, int, int], ...]
    cameo: str | None = None


@record
class DateInference:
    """A publication date inferred for an undated document, with why.

    ``earliest``/``latest`` bound the date from the events the document reports (after an
    event it reports as done, before one it reports as coming); ``value`` is the estimate;
    ``evidence`` says which events gave each bound, for a reader.
    """

    document: str
    value: str
    earliest: str | None
    latest: str | None
    evidence: tuple[str, ...]


ClaimModality = Literal["asserted", "reported", "hedged", "denied", "predicted", "question"]
CLAIM_MODALITIES: tuple[str, ...] = ("asserted", "reported", "hedged", "denied", "predicted", "question")
HolderKind = Literal["author", "quoted", "named", "unnamed"]


@record
class Claim:
    """A check-worthy statement of one document, with who holds it and how (stage 8).

    ``start``/``end`` span the proposition (the reported clause of "X said that ...", the
    quoted words, or the sentence); ``sentence_start``/``sentence_end`` the sentence it is
    in. ``holder`` names who holds it: the document's author(s) or outlet
    (``holder_kind`` "author"), a quoted speaker ("quoted"), a named source of an
    attribution ("according to Reuters": "named") or an unnamed one ("U.S. officials",
    "reports": "unnamed"). ``modality``: asserted (the author's own statement), reported
    (attributed to a holder), hedged ("reportedly", "may have"), denied (the holder says
    it is false), predicted (future or modal: "will", "is expected to", "might"),
    question. ``negated`` is the polarity of the words themselves ("did not provide");
    ``hedged`` marks a prediction or report that is also hedged ("will likely").
    ``actors`` names the actors the proposition is about, pronouns resolved ("we" in a
    minister's quote is the minister's country); ``terms`` are its content-word stems
    and ``numbers`` its counted things ("killed=7"), ``predicate`` the stem of what it says
    happened ("sign" for "signed the treaty"), for comparing claims across documents.
    """

    document: str
    start: int
    end: int
    text: str
    holder: str
    holder_kind: HolderKind
    modality: ClaimModality
    sentence_start: int
    sentence_end: int
    negated: bool = False
    hedged: bool = False
    cue: str | None = None
    actors: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    predicate: str | None = None

    @property
    def id(self) -> str:
        """Stable: the document, the span and who holds it how (one span may be asserted by
        one holder and denied by another)."""
        return f"{self.document}:{self.start}-{self.end}:{_holder_digest(self.holder, self.modality)}"


@lru_cache(maxsize=65536)
def _holder_digest(holder: str, modality: str) -> str:
    # Cached: claim ids are asked for hundreds of thousands of times in the cross-document
    # stages, and the same (holder, modality) pairs recur across many claims.
    return hashlib.sha1(f"{holder}|{modality}".encode()).hexdigest()[:6]


ClusterStatus = Literal["corroborated", "single-source", "disputed"]
Stance = Literal["asserts", "hedges", "reports", "denies", "silent"]


@record
class ClaimCluster:
    """One proposition across documents (stage 8).

    ``supporting`` holds the ids of claims that state it (in any modality but denial),
    ``disputing`` of those that deny or contradict it. ``origins`` counts the independent
    sources behind the supporting claims: each outlet once (its copies are not analysed),
    and claims a document attributes to a named source ("citing TASS", a quoted minister)
    once per source however many outlets repeat them. ``status``: disputed when it is both
    stated and denied, corroborated when two or more independent origins state it, else
    single-source. ``stances`` maps each outlet (or document without one) to asserts,
    hedges, reports or denies.
    """

    id: str
    summary: str
    status: ClusterStatus
    supporting: tuple[str, ...]
    disputing: tuple[str, ...]
    origins: int
    stances: tuple[tuple[str, str], ...] = ()


ForecastOutcome = Literal["confirmed", "partly confirmed", "not reported", "contradicted"]


@record
class Forecast:
    """A prediction of a dated document, scored against documents written after it (stage 9).

    ``due`` is the ISO date or interval the prediction is about (from a time expression
    of its sentence, the event it concerns, or the document's date plus the horizon);
    ``evidence`` holds (claim id, document, start, end, relation) of the later passages
    that decided the ``outcome``, relation being "confirms", "partly confirms" or
    "contradicts".
    """

    id: str
    claim: str
    document: str
    text: str
    start: int
    end: int
    holder: str
    due: str | None
    outcome: ForecastOutcome
    evidence: tuple[tuple[str, str, int, int, str], ...] = ()


RelationKind = Literal["cooperation", "conflict", "mixed"]


@record
class Relation:
    """How two actors relate across the corpus (stage 10): an edge of the actor graph.

    ``source``/``target`` are entity ids (``source`` < ``target``: the edge is undirected);
    ``score`` is a PLOVER-style intensity from -10 (most hostile) to +10 (most cooperative),
    ``kind`` cooperation, conflict or mixed; ``evidence`` holds (document, start, end) of
    every event sentence and claim behind it, ``events`` and ``claims`` how many of each.
    """

    source: str
    target: str
    kind: RelationKind
    score: float
    evidence: tuple[tuple[str, int, int], ...]
    events: int = 0
    claims: int = 0
