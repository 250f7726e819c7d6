"""spaCy's matrix products in row blocks (``sitroom.matmul``): the same rows whatever they
are multiplied with, close to thinc's own products, BLIS kept for a shape that fails the
check, every layer of the pipeline given the operations, one BLAS thread while spaCy runs."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest
from conftest import ecb_texts
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, TAG
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from sitroom import language, matmul
from sitroom.config import DEFAULT_SETTINGS


def _blas_threads() -> list[int]:
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


@pytest.mark.parametrize("inner, outer", [(288, 288), (96, 50), (64, 1024), (576, 288), (7, 3)])
def test_each_row_comes_out_the_same_whatever_rows_are_beside_it(inner, outer):
    rng = np.random.default_rng(inner * outer)
    ops = matmul.RowBlockOps()
    weights = rng.standard_normal((outer, inner)).astype(np.float32)
    rows = rng.standard_normal((3 * matmul.ROWS + 41, inner)).astype(np.float32)
    whole = ops.gemm(rows, weights, trans2=True)
    assert whole.shape == (len(rows), outer)
    # thinc's own product (BLIS) agrees to float32 rounding
    assert np.allclose(whole, NumpyOps().gemm(rows, weights, trans2=True), rtol=1e-4, atol=1e-4)
    for start, stop in [(0, 1), (5, 9), (250, 262), (matmul.ROWS, 2 * matmul.ROWS), (17, 700), (len(rows) - 3, len(rows))]:
        assert np.array_equal(ops.gemm(rows[start:stop], weights, trans2=True), whole[start:stop]), (start, stop)


def test_the_product_is_written_into_out_when_given():
    rng = np.random.default_rng(1)
    ops = matmul.RowBlockOps()
    x, y = rng.standard_normal((300, 64)).astype(np.float32), rng.standard_normal((64, 384)).astype(np.float32)
    out = np.full((300, 384), np.nan, dtype=np.float32)
    assert ops.gemm(x, y, out=out) is out
    assert np.array_equal(out, ops.gemm(x, y))


def test_a_shape_that_fails_the_check_keeps_thincs_own_product(monkeypatch):
    monkeypatch.setattr(matmul, "_row_stable", lambda right: False)
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((40, 96)).astype(np.float32), rng.standard_normal((50, 96)).astype(np.float32)
    assert np.array_equal(matmul.RowBlockOps().gemm(x, y, trans2=True), NumpyOps().gemm(x, y, trans2=True))


def test_other_products_are_thincs():
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((20, 30)).astype(np.float32), rng.standard_normal((20, 40)).astype(np.float32)
    assert np.array_equal(matmul.RowBlockOps().gemm(x, y, trans1=True), NumpyOps().gemm(x, y, trans1=True))


def test_every_layer_of_the_pipeline_multiplies_in_row_blocks():
    nlp, _ = language.pipeline(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    layers = [node for _, c in nlp.components if hasattr(c, "model") and hasattr(c.model, "walk") for node in c.model.walk()]
    assert len(layers) > 100
    assert {type(node.ops) for node in layers} == {matmul.RowBlockOps}


def test_a_text_parses_the_same_alone_or_in_a_batch():
    """Dask partitions batch the texts otherwise than one process does: a text's parse must
    not depend on its neighbours in spaCy's batch."""
    nlp, _ = language.pipeline(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    texts = ecb_texts(12) + ["Talks resumed.", "He left."]
    kept = [TAG, DEP, HEAD, ENT_TYPE, ENT_IOB]
    with matmul.one_thread():
        batched = [d.to_array(kept) for d in nlp.pipe(texts, batch_size=32)]
        alone = [nlp(t).to_array(kept) for t in texts]
    assert all(np.array_equal(a, b) for a, b in zip(batched, alone))


def _child_threads(queue) -> None:
    queue.put(_blas_threads())


def test_blas_runs_on_one_thread_while_spacy_runs_and_in_the_processes_it_forks():
    before = _blas_threads()
    with matmul.one_thread():
        assert set(_blas_threads()) == {1}
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        child = context.Process(target=_child_threads, args=(queue,))
        child.start()
        assert set(queue.get(timeout=60)) == {1}
        child.join()
    assert _blas_threads() == before  # the cross-document stages get every core back
