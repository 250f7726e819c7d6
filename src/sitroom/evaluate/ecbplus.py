"""ECB+ reader and the article-grouping scorer (B³).

ECB+ holds, per topic, articles about two different real-world events of one kind: the
original ECB articles (``<topic>_<n>ecb.xml``) and the added ECB+ ones
(``<topic>_<n>ecbplus.xml``). The gold grouping of articles by the event they report is
therefore (topic, component). Texts are the tokens joined by spaces, one sentence a line;
in ``ecbplus`` files sentence 0 is the source URL and is dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import DisjointSet

from .. import stories
from .scoring import Score

_NAME = re.compile(r"^(?P<topic>\d+)_(?P<n>\d+)(?P<component>ecb|ecbplus)\.xml$")
_SPACE_BEFORE = re.compile(r" ([,.;:!?%)]|'s\b|n't\b|'')")


@dataclass(frozen=True, slots=True)
class EcbDoc:
    name: str
    topic: str
    component: str  # "ecb" or "ecbplus"
    text: str

    @property
    def event(self) -> str:
        """The gold real-world event this article reports."""
        return f"{self.topic}/{self.component}"


def read_text(path: Path, detokenise: bool = True) -> str:
    """The article text of a CAT XML file (ECB+ or MEANTIME), one sentence a line.

    With ``detokenise`` (the default), spaces before punctuation and clitics are removed
    and empty sentences dropped. Without it, the tokens are kept exactly as given, joined
    by single spaces, every sentence kept: the text the offsets in ``eval/quotes`` refer to.
    """
    sentences: dict[int, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    if path.name.endswith("ecbplus.xml"):
        sentences.pop(0, None)
    if not detokenise:
        return "\n".join(" ".join(words) for _, words in sorted(sentences.items()))
    lines = (_SPACE_BEFORE.sub(r"\1", " ".join(words)) for _, words in sorted(sentences.items()))
    return "\n".join(line for line in lines if line.strip())


def read(data_dir: Path) -> list[EcbDoc]:
    """Every ECB+ article under ``data_dir`` (the folder holding ``ECB+/``)."""
    docs = []
    for path in sorted((data_dir / "ECB+").glob("*/*.xml")):
        match = _NAME.match(path.name)
        if match:
            docs.append(EcbDoc(path.stem, match["topic"], match["component"], read_text(path)))
    return docs


def b_cubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of a clustering (item -> cluster label) against gold."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item, label in predicted.items():
        by_pred.setdefault(label, set()).add(item)
    for item, label in gold.items():
        by_gold.setdefault(label, set()).add(item)
    items = list(gold)
    precision = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in items) / len(items)
    recall = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def single_link_baseline(texts: list[str], threshold: float = 0.3) -> list[int]:
    """The naive peer: TF-IDF cosine, any pair above ``threshold`` joins two groups."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    sims = (x @ x.T).toarray()
    groups = DisjointSet(range(len(texts)))
    for i, j in zip(*np.nonzero(sims >= threshold)):
        groups.merge(int(i), int(j))
    return [groups[i] for i in range(len(texts))]


def evaluate(data_dir: Path) -> tuple[list[Score], dict[str, dict[str, str]]]:
    """B³ of sitroom's story grouping and the single-link peer on ECB+; also per topic half."""
    docs = read(data_dir)
    gold = {d.name: d.event for d in docs}
    texts = [d.text for d in docs]
    scores, details = [], {}
    for system, labels in (("sitroom", stories.group(texts)), ("tfidf-single-link", single_link_baseline(texts))):
        predicted = {d.name: str(label) for d, label in zip(docs, labels)}
        p, r, f = b_cubed(predicted, gold)
        metrics = {"b3_precision": p, "b3_recall": r, "b3_f1": f}
        for half, keep in (("odd", 1), ("even", 0)):
            part = {k: v for k, v in gold.items() if int(k.split("_")[0]) % 2 == keep}
            metrics[f"b3_f1_{half}_topics"] = b_cubed({k: predicted[k] for k in part}, part)[2]
        scores.append(Score(system, metrics))
        details[system] = predicted
    return scores, details
