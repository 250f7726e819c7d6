"""Quote and speaker extraction scored on the annotated ECB+ set in ``eval/quotes``.

The gold set (``gold.jsonl``) gives, per article, every direct, partial and indirect quote
with its span and speaker (see ``eval/quotes/README.md``). The article texts are not kept
in the project: each is rebuilt from its ECB+ or MEANTIME XML under ``../shared/data``
(:func:`article_text`, tokens as given, the convention the offsets refer to) and analysed
by the language stage exactly as written, so character offsets line up.

Matching: a predicted quote matches a gold quote when their spans overlap by at least half
of the shorter span (``MIN_OVERLAP``), one to one — pairs of the same kind are matched
first, then any remaining pairs, each time largest overlap first. Detection P/R/F1 counts
matches of any kind; the per-kind scores match only quotes of that kind (``direct_f1`` is
the headline number). Speaker accuracy is over matched quotes whose gold speaker is
non-null: the share whose predicted ``speaker_name`` is the same speaker (see
:func:`same_speaker`); ``named_speaker_accuracy`` keeps only gold speakers that are proper
names.

The peer is textacy's ``extract.triples.direct_quotations`` on spaCy Docs of the same texts
and model (it finds direct quotes only, so its partial/indirect recall is zero by
design). Two adapters keep the comparison fair: textacy matches cue verbs by lemma, so the
peer's model is loaded with its lemmatizer (sitroom's ``language.load`` disables it; without
it textacy finds nothing), and spaCy splits the PTB marks (two backticks, two apostrophes)
of these tokenised texts into two tokens each, which are merged back into one mark
(direct F1 0.29 without the merge).

Run ``python -m sitroom.evaluate.quotes [gold_dir]`` for the table and the errors.
"""

from __future__ import annotations

from dataclasses import replace

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_SETTINGS
from ..entities import refine
from ..language import analyse
from ..quotes import extract
from ..types import Document
from .ecbplus import read_text
from .scoring import PRF, Score, table

__all__ = ["evaluate", "same_speaker", "is_proper_name", "table", "DocumentResult", "MIN_OVERLAP", "article_text"]

# The shared data folder, ../shared/data from the project root (never copied into it).
DATA_DIR = Path(__file__).resolve().parents[4] / "shared" / "data"
_ECB_NAME = re.compile(r"^(?P<topic>\d+)_\d+ecb(?:plus)?$")

KINDS = ("direct", "partial", "indirect")
# Half the shorter span: boundaries of a reported clause are a matter of judgment (a
# trailing gloss, a leading "Instead ,"), so exact spans would score the annotator's taste.
MIN_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str = ""


@dataclass(slots=True)
class DocumentResult:
    """One article's matches and misses for one system (for reading errors)."""

    doc: str
    matched: list[tuple[Span, Span]] = field(default_factory=list)  # (gold, predicted)
    missed: list[Span] = field(default_factory=list)
    spurious: list[Span] = field(default_factory=list)


def _overlap(a: Span, b: Span) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def match(gold: list[Span], predicted: list[Span], same_kind_only: bool = False) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same kind first, largest overlap first."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for kind_pass in (True, False) if not same_kind_only else (True,):
        candidates = sorted(
            ((_overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
             if (g.kind == p.kind or not kind_pass) and _overlap(g, p) >= MIN_OVERLAP),
            reverse=True,
        )
        for _, gi, pi in candidates:
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                pairs.append((gi, pi))
    return pairs


_FUNCTION = {"the", "a", "an"}


def _tokens(name: str) -> list[str]:
    name = re.sub(r"\s*['’]\s*s\b", "'s", name.lower())  # "Reid 's" == "Reid's"
    words = re.findall(r"[\w'.-]+", name.replace("'s", " 's"))
    words = [w.strip(".") for w in words if w.strip(".")]
    while words and words[0] in _FUNCTION:
        words.pop(0)
    return words


def is_proper_name(name: str) -> bool:
    """A proper name: every word but short function words capitalised ("Tara Reid")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'.-]*", name) if w.lower() not in {"of", "and", "the", "de", "'s", "van", "von"}]
    return bool(words) and all(w[0].isupper() for w in words)


def same_speaker(gold: str, predicted: str | None) -> bool:
    """Whether two speaker strings name the same speaker.

    Case, punctuation, spacing and a leading article are ignored ("Reid 's rep" = "Reid's
    rep", "the police" = "police"). For proper names one may be part of the other when the
    shorter keeps the surname ("Merkel" = "Angela Merkel", "Boone Isaacs" = "Cheryl Boone
    Isaacs", but not "Tony DiLeo" = "T.J. DiLeo"); coordinated names compare name by name.
    Descriptions must match exactly.
    """
    if predicted is None:
        return False
    g, p = _tokens(gold), _tokens(predicted)
    if g == p:
        return True
    if not g or not p or not is_proper_name(gold):
        return False
    if "and" in g or "and" in p:
        gs = [part.split() for part in " ".join(g).split(" and ")]
        ps = [part.split() for part in " ".join(p).split(" and ")]
        return len(gs) == len(ps) and all(_name_within(a, b) for a, b in zip(gs, ps))
    return _name_within(g, p)


def _name_within(a: list[str], b: list[str]) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short[-1] != long[-1]:
        return False
    return long[len(long) - len(short):] == short


def source_xml(doc: str, data_dir: Path = DATA_DIR) -> Path:
    """The CAT XML file under ``data_dir`` that a gold ``doc`` key ("texts/NAME.txt") names.

    ECB+ names (``<topic>_<n>ecb[plus]``) are in ``ecbplus/ECB+/<topic>/``; any other name
    is a MEANTIME article in ``meantime/intra_cross-doc_annotation/corpus_*/``.
    """
    name = Path(doc).name.removesuffix(".txt")
    match = _ECB_NAME.match(name)
    if match:
        candidates = [data_dir / "ecbplus" / "ECB+" / match["topic"] / f"{name}.xml"]
    else:
        candidates = [corpus / f"{name}.xml" for corpus in sorted((data_dir / "meantime" / "intra_cross-doc_annotation").glob("corpus_*"))]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"no XML for '{doc}' under {data_dir}; the quote sets read their texts from ../shared/data")


def article_text(doc: str, data_dir: Path = DATA_DIR) -> str:
    """The text a gold ``doc``'s offsets refer to, rebuilt from its XML: tokens as given,
    joined by one space, sentences by ``"\\n"``, sentence 0 (the URL) dropped in ``ecbplus``."""
    return read_text(source_xml(doc, data_dir), detokenise=False)


def read_gold(gold_dir: Path, data_dir: Path = DATA_DIR) -> list[tuple[Document, list[Span]]]:
    """The gold articles as Documents (text rebuilt from ``data_dir``) with their quotes."""
    items = []
    for line in (gold_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        text = article_text(entry["doc"], data_dir)
        doc = Document(id=entry["doc"], path=entry["doc"], source_key=entry["doc"], content_hash="", format="text", text=text)
        spans = [Span(q["start"], q["end"], q["kind"], q["speaker"], q["text"]) for q in entry["quotes"]]
        items.append((doc, spans))
    return items


def ours(documents: list[Document]) -> list[list[Span]]:
    """sitroom's quotes for each document."""
    results = []
    for doc, analysis in zip(documents, analyse(documents, DEFAULT_SETTINGS)):
        # As in a build: the entities stage refines the mentions the quotes stage reads.
        mentions, _ = refine(doc.text, analysis.mentions)
        quotes = extract(doc, replace(analysis, mentions=tuple(mentions)), DEFAULT_SETTINGS)
        results.append([Span(q.start, q.end, q.kind, q.speaker_name, doc.text[q.start:q.end]) for q in quotes])
    return results


def textacy_quotes(documents: list[Document]) -> list[list[Span]]:
    """textacy's direct quotations on spaCy Docs of the same texts (the peer)."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(DEFAULT_SETTINGS.spacy_model)  # with the lemmatizer textacy relies on
    results = []
    for document in documents:
        doc = nlp(document.text)
        with doc.retokenize() as retokenizer:
            i = 0
            while i < len(doc) - 1:
                tok = doc[i]
                if tok.text in ("`", "'") and doc[i + 1].text == tok.text and tok.whitespace_ == "":
                    retokenizer.merge(doc[i:i + 2])  # `` and '' as one mark each, as PTB meant them
                    i += 1
                i += 1
        spans = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # an odd number of quote marks: textacy bails out on the document
            triples = []
        for speaker, _cue, content in triples:
            inner = content[1:-1] if len(content) > 2 else content
            name = " ".join(t.text for t in speaker)
            spans.append(Span(inner.start_char, inner.end_char, "direct", name, inner.text))
        results.append(spans)
    return results


def _score(gold: list[list[Span]], predicted: list[list[Span]], docs: list[str]) -> tuple[dict[str, float], list[DocumentResult]]:
    total = PRF()
    per_kind = {kind: PRF() for kind in KINDS}
    speakers = Counter()
    results = []
    for doc, g, p in zip(docs, gold, predicted):
        pairs = match(g, p)
        total += PRF(tp=len(pairs), fp=len(p) - len(pairs), fn=len(g) - len(pairs))
        for kind in KINDS:
            gk = [s for s in g if s.kind == kind]
            pk = [s for s in p if s.kind == kind]
            hits = len(match(gk, pk, same_kind_only=True))
            per_kind[kind] += PRF(tp=hits, fp=len(pk) - hits, fn=len(gk) - hits)
        result = DocumentResult(doc)
        for gi, pi in pairs:
            result.matched.append((g[gi], p[pi]))
            if g[gi].speaker is None:
                continue
            right = same_speaker(g[gi].speaker, p[pi].speaker)
            speakers["all"] += 1
            speakers["all_right"] += right
            if is_proper_name(g[gi].speaker):
                speakers["named"] += 1
                speakers["named_right"] += right
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        result.missed = [s for i, s in enumerate(g) if i not in matched_g]
        result.spurious = [s for i, s in enumerate(p) if i not in matched_p]
        results.append(result)
    metrics = {"precision": total.precision, "recall": total.recall, "f1": total.f1}
    for kind, prf in per_kind.items():
        metrics[f"{kind}_precision"] = prf.precision
        metrics[f"{kind}_recall"] = prf.recall
        metrics[f"{kind}_f1"] = prf.f1
    metrics["speaker_accuracy"] = speakers["all_right"] / speakers["all"] if speakers["all"] else 0.0
    metrics["named_speaker_accuracy"] = speakers["named_right"] / speakers["named"] if speakers["named"] else 0.0
    return metrics, results


def evaluate(gold_dir: Path, data_dir: Path = DATA_DIR) -> tuple[list[Score], dict[str, list[DocumentResult]]]:
    """Score sitroom and textacy on the set in ``gold_dir``, texts from ``data_dir``; ours first."""
    items = read_gold(gold_dir, data_dir)
    documents = [doc for doc, _ in items]
    gold = [spans for _, spans in items]
    ids = [doc.id for doc in documents]
    scores, details = [], {}
    for system, predicted in (("sitroom", ours(documents)), ("textacy", textacy_quotes(documents))):
        metrics, results = _score(gold, predicted, ids)
        scores.append(Score(system, metrics))
        details[system] = results
    return scores, details


def _main(argv: list[str]) -> int:
    gold_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[3] / "eval" / "quotes"
    scores, details = evaluate(gold_dir)
    print(table(scores))
    if "--errors" in argv:
        for result in details["sitroom"]:
            for s in result.missed:
                print(f"MISSED   {result.doc} {s.kind:8} {s.speaker!s:25} | {s.text[:90]!r}")
            for s in result.spurious:
                print(f"SPURIOUS {result.doc} {s.kind:8} {s.speaker!s:25} | {s.text[:90]!r}")
            for g, p in result.matched:
                if g.speaker is not None and not same_speaker(g.speaker, p.speaker):
                    print(f"SPEAKER  {result.doc} {g.kind:8} gold={g.speaker!r} ours={p.speaker!r} | {g.text[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
