"""Event typing and actors scored on the PLOVER gold-standard records, next to two baselines.

The gold set (``PLOVER_GSR_CAMEO.dev.json``, openeventdata/PLOVER, CC BY-SA 4.0) is a JSON
list of records, each one news sentence (``text``) coded with one PLOVER ``event`` type
(0.5b1 labels: AGREE ... FIGHT), a ``mode``, and ``source`` / ``target`` lists of
``{actorText, code}``. The header record (``event: DOCUMENT``) has no text and is skipped.

Each record becomes a Document of its own and goes through the language stage,
``entities.refine`` and ``events.extract`` exactly as in a build. The record's predicted
type is that of its **first event**: the main event of its first sentence that has one
(a record is one sentence, which spaCy now and then splits in two). A record with no
event counts as wrong, with the label ``NONE``.

Metrics: ``accuracy`` (share of records typed right; GDELT's hand-checked event-code
accuracy, 0.81, is the reference point), ``macro_f1`` (mean F1 over the gold types present),
per-type P/R/F1 (``f1_<TYPE>``), and actor agreement where the gold names actors:
``source_overlap`` / ``target_overlap`` is the share of records whose predicted actors share
a content word with the gold actors, ``source_f1`` / ``target_f1`` the mean token F1.

Peers, computed in the same run on the same records: ``majority`` (always the most frequent
gold type) and ``keyword`` (the type of the first lexicon word found in the text by plain
word-boundary search: no parse, no framing, no modality; the majority type when none is
found). The majority baseline takes its type from the whole set it is scored on, which
flatters it slightly.

The rules are not trained, so there is no cross-validation. The lexicon was written from
the CAMEO/PLOVER category definitions and checked against about half of this set (a fixed
split by id hash); the other half, read only as aggregate scores, is the better estimate
for unseen text (see ``tests/test_events.py``). A TF-IDF + logistic-regression classifier
scored 0.35 accuracy by 5-fold cross-validation on this set and added nothing as a
fallback for sentences the rules leave untyped, so none ships.

Run ``python -m sitroom.evaluate.plover [data_dir]`` for the table and the errors.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .. import event_lexicon as lex
from ..config import DEFAULT_SETTINGS
from ..entities import refine
from ..events import extract
from ..language import analyse_stream
from ..types import Document, EventMention
from .scoring import PRF, Score

__all__ = ["GoldEvent", "Prediction", "evaluate", "load", "predict", "keyword_type", "table"]

GOLD_FILE = "PLOVER_GSR_CAMEO.dev.json"
NONE = "NONE"
_STOP = frozenset("the a an of in and on to for 's ’s by at from with".split())


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    text: str
    type: str
    mode: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    id: str
    type: str
    event: EventMention | None


def _actor_texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText"))


def load(data_dir: Path) -> list[GoldEvent]:
    """The coded sentences of the gold file in ``data_dir`` (the PLOVER folder or its parent)."""
    path = data_dir / GOLD_FILE if (data_dir / GOLD_FILE).exists() else data_dir / "plover" / GOLD_FILE
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoldEvent(r["id"], r["text"], r["event"], r.get("mode") or None, _actor_texts(r.get("source")),
                  _actor_texts(r.get("target")))
        for r in records if r.get("text") and r.get("event") in lex.TYPES
    ]


def predict(gold: list[GoldEvent]) -> list[Prediction]:
    """sitroom's first event for each gold sentence, one Document per sentence."""
    documents = [Document(id=g.id, path=g.id, source_key=g.id, content_hash="", format="text", text=g.text)
                 for g in gold]
    out = []
    for document, analysis in analyse_stream(documents, DEFAULT_SETTINGS):
        mentions, _ = refine(document.text, analysis.mentions)
        events = extract(document, replace(analysis, mentions=tuple(mentions)), DEFAULT_SETTINGS)
        first = events[0] if events else None
        out.append(Prediction(document.id, first.type if first else NONE, first))
    return out


def _keywords() -> list[tuple[re.Pattern[str], str]]:
    forms: dict[str, str] = {}
    for table in (lex.VERBS, lex.NOUNS):
        for lemma, (kind, _) in table.items():
            for form in _inflect(lemma):
                forms.setdefault(form, kind)
    for words, (kind, _) in lex.PHRASES.items():
        forms.setdefault(" ".join(words), kind)
    return [(re.compile(rf"\b{re.escape(form)}\b"), kind) for form, kind in forms.items()]


def _inflect(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


def keyword_type(text: str, patterns: list[tuple[re.Pattern[str], str]] | None = None, default: str = NONE) -> str:
    """The baseline: the type of the lexicon word that occurs first in ``text``."""
    patterns = patterns if patterns is not None else _keywords()
    lowered = text.lower()
    best: tuple[int, int, str] | None = None
    for pattern, kind in patterns:
        match = pattern.search(lowered)
        if match:
            key = (match.start(), -len(match.group(0)), kind)
            best = min(best, key) if best else key
    return best[2] if best else default


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in _STOP}


def _overlap(predicted: tuple[str, ...], gold: tuple[str, ...]) -> tuple[bool, float]:
    p, g = _tokens(" ".join(predicted)), _tokens(" ".join(gold))
    common = len(p & g)
    if not common:
        return False, 0.0
    precision, recall = common / len(p), common / len(g)
    return True, 2 * precision * recall / (precision + recall)


def _metrics(gold: list[GoldEvent], labels: list[str]) -> dict[str, float]:
    per_type = {t: PRF() for t in sorted({g.type for g in gold})}
    right = 0
    for g, label in zip(gold, labels):
        right += label == g.type
        if label == g.type:
            per_type[g.type].tp += 1
        else:
            per_type[g.type].fn += 1
            if label in per_type:
                per_type[label].fp += 1
    metrics = {"accuracy": right / len(gold) if gold else 0.0,
               "macro_f1": sum(s.f1 for s in per_type.values()) / len(per_type) if per_type else 0.0}
    for t, s in per_type.items():
        metrics[f"precision_{t}"], metrics[f"recall_{t}"], metrics[f"f1_{t}"] = s.precision, s.recall, s.f1
    return metrics


def _actor_metrics(gold: list[GoldEvent], predictions: list[Prediction]) -> dict[str, float]:
    out = {}
    for role in ("source", "target"):
        hits, f1s = [], []
        for g, p in zip(gold, predictions):
            wanted = getattr(g, role)
            if not wanted:
                continue
            found = getattr(p.event, role) if p.event else ()
            hit, f1 = _overlap(found, wanted)
            hits.append(hit)
            f1s.append(f1)
        out[f"{role}_overlap"] = sum(hits) / len(hits) if hits else 0.0
        out[f"{role}_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return out


def evaluate(data_dir: Path, gold: list[GoldEvent] | None = None) -> tuple[list[Score], dict[str, object]]:
    """Score sitroom, the majority class and the keyword baseline; ours first.

    ``details`` holds each system's labels (``labels[system]``), the gold records and
    sitroom's predictions (with the events, for error reading).
    """
    gold = gold if gold is not None else load(data_dir)
    predictions = predict(gold)
    majority = Counter(g.type for g in gold).most_common(1)[0][0]
    patterns = _keywords()
    labels = {
        "sitroom": [p.type for p in predictions],
        "majority": [majority] * len(gold),
        "keyword": [keyword_type(g.text, patterns, majority) for g in gold],
    }
    scores = []
    for system, predicted in labels.items():
        metrics = _metrics(gold, predicted)
        if system == "sitroom":
            metrics |= _actor_metrics(gold, predictions)
            metrics["coverage"] = sum(p.event is not None for p in predictions) / len(gold) if gold else 0.0
        scores.append(Score(system, metrics))
    return scores, {"gold": gold, "predictions": predictions, "labels": labels}


def table(scores: list[Score]) -> str:
    """A plain-text table of the headline metrics, one row per system."""
    keys = ["accuracy", "macro_f1", "source_overlap", "target_overlap", "source_f1", "target_f1"]
    lines = ["system      " + "".join(f"{k:>16}" for k in keys)]
    for s in scores:
        lines.append(f"{s.system:<12}" + "".join(f"{s.metrics[k]:>16.3f}" if k in s.metrics else f"{'-':>16}" for k in keys))
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[4] / "shared" / "data" / "plover"
    scores, details = evaluate(data_dir)
    print(table(scores))
    gold: list[GoldEvent] = details["gold"]  # type: ignore[assignment]
    predictions: list[Prediction] = details["predictions"]  # type: ignore[assignment]
    print("\nper type (sitroom): precision recall f1")
    for t in sorted({g.type for g in gold}):
        m = scores[0].metrics
        print(f"  {t:<12} {m[f'precision_{t}']:.2f} {m[f'recall_{t}']:.2f} {m[f'f1_{t}']:.2f}")
    print("\nerrors:")
    for g, p in zip(gold, predictions):
        if p.type != g.type:
            trigger = p.event.trigger if p.event else ""
            print(f"  {g.id}: gold {g.type}, ours {p.type} ({trigger!r})")


if __name__ == "__main__":
    main(sys.argv[1:])
