"""The language stage's stand-in for spaCy's attribute_ruler, with the model's matrix
products in row blocks (``sitroom.matmul``): the same tags, parts of speech, dependencies
and entities as the stock pipeline, on real news text and on rules written to test
the order in which the component applies them; a stream on spaCy's processes left early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from conftest import ecb_texts
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LENGTH, POS, TAG

from sitroom import language
from sitroom.config import DEFAULT_SETTINGS
from sitroom.types import Document

_KEPT = [IDX, LENGTH, TAG, POS, DEP, HEAD, ENT_TYPE, ENT_IOB]

# Sentences that reach the ruler's word rules (contractions, auxiliaries, "that", "but",
# expletive "there", runs of spaces), written for this test.
_SENTENCES = [
    "They ain't gonna sign it, and we gotta wait.  Let's see whether there is a deal.",
    "She has said that the talks, which had stalled, were over; but he did not agree.",
    "I'd have done it myself if I'd known. You're right: it's theirs, not ours.",
    "Nobody knew anything, though everyone expected something   to change.\n\nThere were  two.",
    "Do they? He does, because he's been there once, and then he'll go back.",
]


def _arrays(doc, rules: language.AttributeRules | None = None) -> np.ndarray:
    """The token table the build reads (with the rules), or the stock pipeline's."""
    if rules is None:
        return doc.to_array(_KEPT)
    return np.concatenate([language.token_table(doc, rules), doc.to_array([ENT_IOB])[:, None]], axis=1)


def test_the_model_runs_without_its_attribute_ruler_and_the_rules_stand_in():
    nlp, rules = language.pipeline(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    assert rules is not None and rules.rules
    assert "attribute_ruler" in nlp.component_names and "attribute_ruler" not in nlp.pipe_names
    assert language.load(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model) is nlp


def test_the_rules_give_the_components_tags_parts_of_speech_dependencies_and_entities():
    nlp, rules = language.pipeline(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    stock = spacy.load(_model_name(), disable=["lemmatizer"])
    assert "attribute_ruler" in stock.pipe_names
    texts = _SENTENCES + ecb_texts(40)
    differing = []
    for text, ours, theirs in zip(texts, nlp.pipe(texts), stock.pipe(texts)):
        if not np.array_equal(_arrays(ours, rules), _arrays(theirs)):
            differing.append(text[:60])
    assert differing == []
    # The rules did something: without them the parts of speech would be missing.
    bare = nlp(_SENTENCES[0]).to_array([POS])
    assert not bare.any()


def test_the_docs_leave_without_the_tok2vec_tensor_and_keep_their_annotations():
    """spaCy's processes send every Doc back serialised; the tok2vec output, read by no
    stage, is dropped before (``test_build`` checks two processes give the same store)."""
    nlp, rules = language.pipeline(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    stock = spacy.load(_model_name(), disable=["lemmatizer"])
    text = ecb_texts(1)[0]
    ours, theirs = nlp(text), stock(text)
    assert theirs.tensor.size > 0 and ours.tensor.size == 0
    assert len(ours.to_bytes()) < len(theirs.to_bytes()) / 2
    assert np.array_equal(_arrays(ours, rules), _arrays(theirs))


def test_analyses_carry_the_rules_parts_of_speech():
    document = Document(id="d", path="d.txt", source_key="d", content_hash="", format="text", text=_SENTENCES[1])
    analysis = next(language.analyse([document], DEFAULT_SETTINGS))
    stock = spacy.load(_model_name(), disable=["lemmatizer"])
    assert [t.pos for t in analysis.tokens] == [t.pos_ for t in stock(_SENTENCES[1])]
    assert "AUX" in {t.pos for t in analysis.tokens} and "SCONJ" in {t.pos for t in analysis.tokens}


def _model_name() -> str:
    for name in (DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model):
        try:
            spacy.util.get_package_path(name)
        except Exception:  # noqa: BLE001 - not installed: try the next
            continue
        return name
    raise AssertionError("no spaCy model installed")


def _blank_with(patterns: list[dict]):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_later_rules_win_conditions_read_the_tokens_as_they_came_and_the_index_picks_the_token():
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"TAG": "DT", "POS": "DET"}},
        {"patterns": [[{"LOWER": "the"}, {"IS_SPACE": False}]], "attrs": {"POS": "PRON"}, "index": -1},
        {"patterns": [[{"LOWER": "the"}]], "attrs": {"POS": "X"}},  # overrides the first rule
        # Tests the tag as the tokens came (none), not the "DT" the first rule sets.
        {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "NUM"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a", "cat"]}, "IS_SPACE": False}]], "attrs": {"DEP": "dep"}},
        {"patterns": [[{"IS_SPACE": True}], [{"LOWER": "cat"}]], "attrs": {"TAG": "_SP"}},
    ]
    nlp = _blank_with(patterns)
    rules = language.AttributeRules.of(nlp)
    assert rules is not None
    text = "The cat saw a dog  and the bird"
    ruled = nlp(text)
    with nlp.select_pipes(disable=["attribute_ruler"]):
        bare = nlp(text)
    expected = ruled.to_array([TAG, POS, DEP])
    assert np.array_equal(language.token_table(bare, rules)[:, 2:5], expected)
    assert [t.pos_ for t in ruled][:2] == ["X", "PRON"]  # the cases above did happen


@pytest.mark.parametrize("pattern", [
    {"patterns": [[{"LOWER": {"REGEX": "^n't$"}}]], "attrs": {"POS": "PART"}},  # an operator it does not read
    {"patterns": [[{"SHAPE": "xxxx"}]], "attrs": {"POS": "NOUN"}},  # an attribute it does not read
    {"patterns": [[{"LOWER": "gonna"}]], "attrs": {"NORM": "going to"}},  # sets what the rest may read
    {"patterns": [[{"LOWER": "so"}, {"LOWER": "far", "OP": "?"}]], "attrs": {"POS": "ADV"}},
])
def test_a_ruler_the_rules_cannot_read_keeps_spacys_component(pattern):
    assert language.AttributeRules.of(_blank_with([pattern])) is None


def test_rules_that_set_only_what_sitroom_does_not_keep_are_left_out_whatever_they_test():
    nlp = _blank_with([
        {"patterns": [[{"LOWER": {"REGEX": "^n't$"}}]], "attrs": {"LEMMA": "not"}},
        {"patterns": [[{"LOWER": "n't"}]], "attrs": {"POS": "PART"}},
    ])
    rules = language.AttributeRules.of(nlp)
    assert rules is not None and len(rules.rules) == 1


_LEAVE_EARLY = """
import sys, time
from sitroom.config import DEFAULT_SETTINGS
from sitroom.language import analyse_stream
from sitroom.types import Document
sys.path.insert(0, sys.argv[1])
from conftest import ecb_texts
docs = [Document(id=f"d{i}", path=f"d{i}.txt", source_key=f"d{i}", content_hash="", format="text", text=t)
        for i, t in enumerate(ecb_texts(300))]
stream = analyse_stream(docs, DEFAULT_SETTINGS.with_overrides(processes=2))
for k, _ in enumerate(stream):
    if k == 40:
        break
stream.close()  # as when writing its records fails (a full disk) or the build is interrupted
print("closed", flush=True)
"""


def test_a_stream_on_spacys_processes_left_early_ends_them_and_the_interpreter_exits():
    """spaCy's own clean-up joins processes blocked sending results nobody reads, and the
    interpreter's exit waits for the threads feeding their queues: either hung a build whose
    store raised mid-analysis with ``--processes 2``."""
    tests = str(Path(__file__).parent)
    done = subprocess.run([sys.executable, "-c", _LEAVE_EARLY, tests], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["closed"]
    assert "Traceback" not in done.stderr and "W127" not in done.stderr, done.stderr
