"""The JSON API's records, as pydantic models: they validate what the API returns and are
what ``/docs`` (OpenAPI) shows a user. Fields follow SPEC.md's export where it has one.
Character offsets (``start``/``end``) are into the document's cleaned main text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class PageInfo(BaseModel):
    total: int = Field(description="How many items match, over all pages.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Index of the first item of this page.")


class Span(BaseModel):
    document: str
    start: int
    end: int


class Removed(BaseModel):
    kind: str = Field(description="boilerplate, comments, navigation or metadata")
    text: str


class DocumentSummary(BaseModel):
    id: str
    path: str
    outlet: str | None
    title: str | None
    authors: list[str]
    published: str | None = Field(description="ISO 8601 date, or null when unknown")
    published_inferred: bool = Field(description="true when the date was inferred from what the article reports")
    url: str | None
    duplicate_of: str | None = Field(description="id of the canonical copy when this document is a copy")
    words: int
    source: str = Field(description="How the document is named in lists: outlet, else title, else file name")


class DocumentPage(PageInfo):
    items: list[DocumentSummary]


class MentionSpan(BaseModel):
    start: int
    end: int
    text: str
    label: str
    entity: str | None
    entity_name: str | None


class QuoteSpan(BaseModel):
    id: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_name: str | None
    cue: str | None
    channel: str | None
    group: str | None


class ClaimSpan(BaseModel):
    id: str
    start: int
    end: int
    text: str
    holder: str
    holder_kind: str
    modality: str
    cluster: str | None
    cluster_status: str | None


class TimeSpan(BaseModel):
    start: int
    end: int
    text: str
    value: str | None
    type: str


class DocumentDetail(DocumentSummary):
    text: str = Field(description="The cleaned main text; every offset points into it")
    removed: list[Removed] = Field(description="Parts taken out of the main text, with their kind")
    copies: list[DocumentSummary]
    mentions: list[MentionSpan]
    quotes: list[QuoteSpan]
    claims: list[ClaimSpan]
    times: list[TimeSpan]


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    mentions: int = Field(description="Number of mentions over all documents")
    documents: list[str]


class EntityPage(PageInfo):
    items: list[EntitySummary]


class EntityMention(BaseModel):
    document: str
    source: str
    start: int
    end: int
    text: str
    label: str
    before: str
    after: str


class MentionPage(PageInfo):
    items: list[EntityMention]


class Quote(BaseModel):
    id: str
    document: str
    source: str
    speaker: str | None = Field(description="entity id of the speaker, when resolved")
    speaker_name: str | None
    text: str
    kind: str = Field(description="direct, partial or indirect")
    cue: str | None
    channel: str | None
    start: int
    end: int
    group: str | None = Field(description="statement group shared with the same statement in other documents")


class QuotePage(PageInfo):
    items: list[Quote]


class Event(BaseModel):
    id: str
    type: str = Field(description="PLOVER event type")
    summary: str
    actors: list[str] = Field(description="entity ids")
    location: str | None
    date: str | None = Field(description="ISO 8601 day, month or interval")
    status: str = Field(description="occurred, planned, predicted, hypothetical or denied")
    cameo: str | None
    documents: list[str]
    evidence: list[Span]


class EventPage(PageInfo):
    items: list[Event]


class Relation(BaseModel):
    source: str
    target: str
    kind: str = Field(description="cooperation, conflict or mixed")
    score: float = Field(description="-10 (hostile) .. +10 (cooperative)")
    events: int
    claims: int
    evidence: list[Span]


class EntityDetail(EntitySummary):
    mentions_page: MentionPage = Field(description="A page of the entity's mentions, with the words around each")
    quotes: QuotePage = Field(description="A page of what the entity said")
    events: EventPage = Field(description="A page of the events the entity takes part in")
    relations: list[Relation]


class Stance(BaseModel):
    outlet: str = Field(description="the outlet (lower case), or the id of a document without one")
    stance: str = Field(description="asserts, hedges, reports or denies; outlets not listed are silent")


class ClaimCluster(BaseModel):
    id: str
    summary: str
    status: str = Field(description="corroborated, single-source or disputed")
    origins: int = Field(description="independent sources stating it")
    supporting: list[str] = Field(description="claim ids")
    disputing: list[str] = Field(description="claim ids")
    stances: list[Stance]


class ClaimPage(PageInfo):
    items: list[ClaimCluster]


class SearchHit(DocumentSummary):
    snippet: str = Field(description="Text around the hits, plain")
    highlights: list[list[int]] = Field(description="[start, end] of each hit inside snippet")
    score: float = Field(description="bm25 relevance, higher is better")


class SearchPage(PageInfo):
    query: str = Field(description="What was asked")
    fts_query: str = Field(description="The FTS5 query run: each term quoted")
    items: list[SearchHit]


class GraphNode(BaseModel):
    id: str
    name: str
    type: str
    mentions: int


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[Relation]


class CheckPassage(BaseModel):
    start: int
    end: int
    text: str


class CheckStance(BaseModel):
    document: str
    outlet: str
    stance: Literal["asserts", "hedges", "reports", "denies", "unrelated"]
    score: float
    passages: list[CheckPassage]


class CheckAnswer(BaseModel):
    """A claim checked against the store (``sitroom check --format json``)."""

    claim: str
    verdict: Literal["corroborated", "disputed", "single-source", "not found"]
    origins: int = Field(description="independent origins behind the claim (an outlet, or a source several cite, counts once)")
    stances: list[CheckStance]


class Problem(BaseModel):
    detail: str
