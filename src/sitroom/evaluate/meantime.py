"""Reader for NewsReader MEANTIME (English Wikinews, CAT XML) as plain records.

A document is rebuilt as the text sitroom would analyse: the tokens of a sentence joined
with single spaces, sentences joined with ``"\\n"`` (sentence 0 is the headline, sentence
1 the Wikinews dateline). Every span is a ``[start, end)`` character range into that text.

What the files hold, as verified on the 60 articles (see also ``MEANTIME_NWR.xsd``):

- ``ENTITY_MENTION`` carries ``syntactic_type`` (NAM, PRE.NAM, NOM, PRO, APP, CONJ, PTV,
  PRE.NOM, HLS, ARC; in the *airbus* articles every non-name mention has ``""``). The
  entity type is **not** on the mention: a ``REFERS_TO`` relation links mention m_ids
  (``source``) to an ``ENTITY`` instance (``target``) whose ``ent_type`` is PER, ORG,
  LOC, PRO or FIN (no MIX occurs) and whose ``instance_id`` is the cross-document id
  (missing on entities annotated only inside one document).
- Full document-level annotation covers only the first sentences (0–5; 0–6 in one
  article). Further mentions exist only where the cross-document layer (CROMER) added
  them: those ``ENTITY_MENTION``/``EVENT_MENTION`` elements carry nothing but ``m_id``
  (``syntactic_type`` is then ``None`` here). ``MeantimeDoc.annotated_end`` marks where
  the fully annotated part ends; TIMEX3 occur only inside it.
- ``TIMEX3`` with ``functionInDocument="CREATION_TIME"`` anchors the dateline. Two
  articles lack it and tag the dateline as an ordinary DATE; ``creation_time`` then falls
  back to the value of the DATE TIMEX3 anchored in sentence 1.
- Anchors may skip tokens (a comma inside "Long Beach , California", a conjoined event);
  a span runs from the first anchored token to the last.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EntityMention", "EventMention", "MeantimeDoc", "Timex", "read", "read_file"]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One gold entity mention.

    ``type`` is the MEANTIME entity type reached through ``REFERS_TO`` (PER, ORG, LOC,
    PRO, FIN), ``None`` when the mention refers to no entity instance. ``syntactic_type``
    is ``None`` for mentions added by the cross-document layer, which has no such field.
    ``instance_id`` is the cross-document entity id, ``None`` for document-only entities.
    """

    start: int
    end: int
    type: str | None
    syntactic_type: str | None
    instance_id: str | None


@dataclass(frozen=True, slots=True)
class Timex:
    """A TIMEX3 anchored in the text; ``value`` is its TimeML normalisation."""

    start: int
    end: int
    type: str
    value: str
    creation_time: bool = False


@dataclass(frozen=True, slots=True)
class EventMention:
    """A gold event mention; ``instance_id`` is the cross-document event id, if any."""

    start: int
    end: int
    instance_id: str | None


@dataclass(frozen=True, slots=True)
class MeantimeDoc:
    name: str
    text: str
    creation_time: str | None
    tokens: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    annotated_end: int
    entity_mentions: tuple[EntityMention, ...]
    timexes: tuple[Timex, ...]
    event_mentions: tuple[EventMention, ...]


def _anchors(element: ET.Element) -> list[str]:
    return [anchor.get("t_id", "") for anchor in element.findall("token_anchor")]


def read_file(path: Path) -> MeantimeDoc:
    """Read one CAT XML article."""
    root = ET.parse(path).getroot()
    sentence_words: dict[int, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        sentence_words.setdefault(int(token.get("sentence", "0")), []).append((token.get("t_id", ""), token.text or ""))
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    tokens: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    lines: list[str] = []
    position = 0
    for index, (number, words) in enumerate(sorted(sentence_words.items())):
        if index:
            position += 1  # the "\n" between sentences
        sentence_start = position
        for i, (t_id, word) in enumerate(words):
            if i:
                position += 1
            offsets[t_id] = (position, position + len(word))
            sentence_of[t_id] = index
            tokens.append(offsets[t_id])
            position += len(word)
        sentences.append((sentence_start, position))
        lines.append(" ".join(word for _, word in words))
    text = "\n".join(lines)

    def span(t_ids: list[str]) -> tuple[int, int]:
        return offsets[t_ids[0]][0], max(offsets[t][1] for t in t_ids)

    markables = root.find("Markables")
    relations = root.find("Relations")
    markables = markables if markables is not None else ET.Element("Markables")
    relations = relations if relations is not None else ET.Element("Relations")
    refers: dict[str, str] = {}
    for relation in relations.findall("REFERS_TO"):
        target = relation.find("target")
        for source in relation.findall("source"):
            if target is not None:
                refers.setdefault(source.get("m_id", ""), target.get("m_id", ""))
    entities = {e.get("m_id", ""): e for e in markables.findall("ENTITY")}
    events = {e.get("m_id", ""): e for e in markables.findall("EVENT")}

    last_full_sentence = -1
    entity_mentions: list[EntityMention] = []
    for mention in markables.findall("ENTITY_MENTION"):
        t_ids = sorted(_anchors(mention), key=int)
        if not t_ids:
            continue
        syntactic_type = mention.get("syntactic_type")
        if syntactic_type is not None:
            last_full_sentence = max(last_full_sentence, sentence_of[t_ids[-1]])
        entity = entities.get(refers.get(mention.get("m_id", ""), ""))
        entity_mentions.append(EntityMention(
            *span(t_ids),
            type=entity.get("ent_type") if entity is not None else None,
            syntactic_type=syntactic_type,
            instance_id=(entity.get("instance_id") or None) if entity is not None else None,
        ))
    event_mentions: list[EventMention] = []
    for mention in markables.findall("EVENT_MENTION"):
        t_ids = sorted(_anchors(mention), key=int)
        if not t_ids:
            continue
        if mention.get("pred") is not None:
            last_full_sentence = max(last_full_sentence, sentence_of[t_ids[-1]])
        event = events.get(refers.get(mention.get("m_id", ""), ""))
        event_mentions.append(EventMention(*span(t_ids), instance_id=(event.get("instance_id") or None) if event is not None else None))
    timexes: list[Timex] = []
    creation_time: str | None = None
    dateline_value: str | None = None
    for timex in markables.findall("TIMEX3"):
        t_ids = sorted(_anchors(timex), key=int)
        is_creation = timex.get("functionInDocument") == "CREATION_TIME"
        if is_creation and creation_time is None:
            creation_time = timex.get("value") or None
        if not t_ids:  # implicit timexes (begin/end points of durations) have no text
            continue
        last_full_sentence = max(last_full_sentence, sentence_of[t_ids[-1]])
        if sentence_of[t_ids[0]] == 1 and timex.get("type") == "DATE" and dateline_value is None:
            dateline_value = timex.get("value") or None
        timexes.append(Timex(*span(t_ids), type=timex.get("type", ""), value=timex.get("value", ""), creation_time=is_creation))
    annotated_end = sentences[last_full_sentence][1] if last_full_sentence >= 0 else 0
    return MeantimeDoc(
        name=root.get("doc_name") or path.stem,
        text=text,
        creation_time=creation_time or dateline_value,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        annotated_end=annotated_end,
        entity_mentions=tuple(sorted(entity_mentions, key=lambda m: (m.start, m.end))),
        timexes=tuple(sorted(timexes, key=lambda t: (t.start, t.end))),
        event_mentions=tuple(sorted(event_mentions, key=lambda m: (m.start, m.end))),
    )


def read(data_dir: Path) -> Iterator[MeantimeDoc]:
    """Every article under ``data_dir`` (the MEANTIME folder or any folder below it), by path."""
    paths = sorted(Path(data_dir).rglob("*.xml"))
    if not paths:
        raise FileNotFoundError(f"no MEANTIME .xml files under {data_dir}; point at shared/data/meantime")
    for path in paths:
        yield read_file(path)
