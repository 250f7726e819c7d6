"""Statement grouping: one statement quoted by several outlets, in other words, is one group."""

from __future__ import annotations

import numpy as np
from sitroom import embeddings
from sitroom.quotes.grouping import Said, group, lexical_similarity, pieces

SAME = [
    Said("a1", "doc-a", "putin", "We are actively collaborating on the international stage, and our views on global events often align."),
    Said("b1", "doc-b", "putin", "We are actively working together in the international arena, and our assessments of events in the world are often very close."),
]
OTHER = Said("b2", "doc-b", "putin", "The weather in the capital was unusually cold for October, with snow expected tomorrow.")
OTHER_SPEAKER = Said("c1", "doc-c", "peskov", SAME[0].text)


def test_pieces_split_long_quotes_into_sentences():
    text = "Our relations are a priority for us. We often share close assessments of world events."
    assert pieces(text) == ["Our relations are a priority for us.", "We often share close assessments of world events."]
    assert pieces("Thank you. Good.") == ["Thank you. Good."]


def test_lexical_fallback_groups_near_verbatim_and_keeps_speakers_apart():
    verbatim = Said("d1", "doc-d", "putin", SAME[0].text.replace("often align", "often coincide"))
    groups = group([SAME[0], verbatim, OTHER, OTHER_SPEAKER])
    assert groups["d1"] == groups["a1"] == "a1"
    assert groups["b2"] == "b2" and groups["c1"] == "c1"
    assert lexical_similarity(SAME[0].text, OTHER.text) < 0.5


def test_same_document_quotes_are_not_grouped_with_each_other():
    twin = Said("a2", "doc-a", "putin", SAME[0].text)
    assert group([SAME[0], twin]) == {"a1": "a1", "a2": "a2"}


def test_embeddings_group_translations_and_not_other_statements():
    encoder = embeddings.load()
    assert encoder is not None, "make setup installs the MiniLM packages"
    quotes = [*SAME, OTHER]
    vectors = {q.id: encoder.encode(pieces(q.text)) for q in quotes}
    assert all(np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4) for v in vectors.values())
    asked = []

    def vectors_for(said):
        asked.extend(q.id for q in said)
        return {q.id: vectors[q.id] for q in said}

    groups = group(quotes, vectors_for)
    assert groups["a1"] == groups["b1"] and groups["b2"] == "b2"
    assert "b2" not in asked, "a pair sharing too few words is never embedded"


def test_the_batch_size_does_not_change_the_vectors(monkeypatch):
    encoder = embeddings.load()
    assert encoder is not None, "make setup installs the MiniLM packages"
    words = "the delegation said that talks on trade energy and security would continue through the winter".split()
    texts = [" ".join(words[: 3 + k % len(words)]) + f" ({k})" for k in range(40)]
    small = encoder.encode(texts)
    monkeypatch.setattr(embeddings, "BATCH", 32)
    assert np.allclose(encoder.encode(texts), small, atol=1e-6)


def test_corpus_remark_shown_once_with_three_outlets(corpus_store):
    from sitroom.brief import who_said_what

    speakers = {s.name: s for s in who_said_what(corpus_store, corpus_store.documents())}
    close = [st for st in speakers["Vladimir Putin"].statements if "often" in st.text and ("close" in st.text or "align" in st.text)]
    assert len(close) == 1
    assert len(close[0].sources) == 3


def test_grouping_on_labelled_pairs_meets_floors():
    import json

    from conftest import ROOT

    from sitroom.evaluate import quote_groups

    config = json.loads((ROOT / "eval" / "baseline.json").read_text())["quote-groups"]
    scores, _ = quote_groups.evaluate(ROOT / config["gold"])
    ours = scores[0]
    assert ours.system == "sitroom"
    print("\n" + "\n".join(f"{s.system:>8} " + " ".join(f"{k}={v:.3f}" for k, v in s.metrics.items()) for s in scores))
    for metric, floor in config["floors"].items():
        assert ours.metrics[metric] >= floor, f"{metric} {ours.metrics[metric]:.3f} below {floor}"


def test_blocking_for_a_much_quoted_speaker_groups_as_all_pairs(monkeypatch):
    """Above BLOCK_FROM quotes only pairs sharing a word are compared; on real sentences,
    with reworded and verbatim repeats across documents, the groups are the same."""
    import random
    import re

    from conftest import ecb_texts
    from sitroom.quotes import grouping

    sentences = [s for text in ecb_texts(60) for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6][:260]
    rng = random.Random(7)
    quotes = [Said(f"q{k:03d}", f"d{k % 40}", "speaker", s) for k, s in enumerate(sentences)]
    for k in rng.sample(range(len(sentences)), 40):  # the same statement again, elsewhere, some words dropped
        words = sentences[k].split()
        del words[rng.randrange(len(words))]
        quotes.append(Said(f"r{k:03d}", f"e{k}", "speaker", " ".join(words)))
    assert len(quotes) > grouping.BLOCK_FROM
    blocked = group(quotes)
    monkeypatch.setattr(grouping, "BLOCK_FROM", 10_000)
    assert group(quotes) == blocked
    assert sum(1 for q in quotes if blocked[q.id] != q.id) >= 40  # the repeats were found


def test_repeated_texts_are_encoded_once_and_get_the_same_vector():
    encoder = embeddings.load()
    assert encoder is not None, "make setup installs the MiniLM packages"
    texts = ["The talks will resume next week.", "Prices rose sharply.", "The talks will resume next week."]
    seen: list[int] = []
    run = encoder.session.run

    def counting(outputs, feed):
        seen.append(feed["input_ids"].shape[0])
        return run(outputs, feed)

    encoder.session.run = counting
    try:
        vectors = encoder.encode(texts)
    finally:
        del encoder.session.run
    assert sum(seen) == 2
    assert vectors.shape == (3, 384)
    assert np.array_equal(vectors[0], vectors[2]) and not np.allclose(vectors[0], vectors[1])
    assert np.allclose(vectors, np.vstack([encoder.encode([t]) for t in texts]), atol=1e-5)
