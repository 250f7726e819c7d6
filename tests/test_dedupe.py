"""Dedupe: copies found through LSH, judged on Jaccard and containment, richest canonical."""

from __future__ import annotations

import pytest
from conftest import ecb_texts

from sitroom import DEFAULT_SETTINGS
from sitroom.dedupe import fingerprint, group, normalised_tokens, richness


def fp(doc_id, text, meta=0):
    return fingerprint(doc_id, text, (meta, len(text.split())), DEFAULT_SETTINGS)


@pytest.fixture(scope="module")
def texts():
    return ecb_texts(12)


def test_normalisation_folds_quotes_case_and_markup_left_overs():
    assert normalised_tokens("“It’s DONE,” she said.") == normalised_tokens('"Its done," She said')


def test_distinct_articles_stay_apart(texts):
    verdicts = group([fp(str(i), t) for i, t in enumerate(texts)], DEFAULT_SETTINGS)
    assert all(v is None for v in verdicts.values())


def test_reformatted_copy_and_excerpt_are_duplicates(texts):
    original = texts[0]
    copy = original.replace('"', "“").replace("\n", "\n\n").upper()
    paragraphs = original.split("\n")
    excerpt = "\n".join(paragraphs[: max(3, len(paragraphs) * 2 // 3)])
    prints = [fp("orig", original, meta=3), fp("copy", copy), fp("excerpt", excerpt), fp("other", texts[1])]
    verdicts = group(prints, DEFAULT_SETTINGS)
    assert verdicts == {"orig": None, "copy": "orig", "excerpt": "orig", "other": None}


def test_canonical_is_the_richest_copy_whatever_the_order(texts):
    a, b = fp("a", texts[2], meta=0), fp("b", texts[2], meta=2)
    assert group([a, b], DEFAULT_SETTINGS) == {"a": "b", "b": None}
    assert group([b, a], DEFAULT_SETTINGS) == {"a": "b", "b": None}


def test_richness_counts_metadata_before_length():
    assert richness("2024-01-01", "T", ("A",), "O", 10) > richness(None, None, (), None, 10_000)


def test_duplicate_is_not_analysed(corpus_store):
    dup = next(d for d in corpus_store.documents() if d.duplicate_of)
    rows = corpus_store.conn.execute("SELECT count(*) FROM mentions WHERE document_id = ?", (dup.id,)).fetchone()[0]
    assert rows == 0
    assert dup.id not in {d for e in corpus_store.entities() for d in e.documents}
