"""spaCy's matrix products done by NumPy's BLAS, a fixed number of rows at a time.

thinc (spaCy's network library) multiplies float32 matrices with the BLIS it bundles. On
this project's 2-core AMD EPYC machine that ran at 30 GFLOP/s on the products of spaCy's
small English model's convolution layers (300 to 10,000 token rows by 288 columns, times a
288 by 288 matrix), against 91-95 GFLOP/s for NumPy's OpenBLAS on one thread. ``RowBlockOps`` is thinc's ``NumpyOps`` with
``gemm`` replaced; ``language.pipeline`` gives it to every layer of the model. On 300 of
the benchmark's articles the pipeline took 10.5-10.6 s against 14.1-15.2 s, with the same
tags, parses and entities on all 107,162 tokens (``test_language`` compares the model's
output with the stock pipeline's). The parser's transition loop keeps BLIS: thinc gives it
BLIS's function pointers in C.

Written by hand (a thin subclass) because no library offers it: thinc's own switch
(``NumpyOps(use_blis=False)``) hands the product to NumPy whole, and then a row's result
depends on what it is multiplied with. spaCy multiplies all the tokens of a batch of texts
at once, and the batches differ between a single-process build and a Dask build (each
partition starts its own), which must write the same store. OpenBLAS picks other kernels
for small products: here a product of up to 4 rows differed in its last bits from the same
rows inside a large one. So every product is made of blocks of exactly ``ROWS`` rows, the
last one padded with zero rows: each has the same shape, so each row goes through the same
kernel. That this holds is checked, not assumed: the first product of each shape is tried
on rows in other places and with other neighbours (``_row_stable``), and a shape that
fails keeps BLIS.

Products must run on one BLAS thread, as BLIS does, so that ``--processes`` says how many
cores spaCy uses: :func:`one_thread` is held while spaCy runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
from thinc.api import Model, NumpyOps

# Rows per product. The pipeline on 300 articles took 11.8 s with 128 rows, 10.5-10.6 s with
# 256 and 10.9 s with 1,024 (10.0-10.5 s with one product per call, whose rows are not
# stable; 14.1-15.2 s with BLIS).
ROWS = 256


class RowBlockOps(NumpyOps):
    """``NumpyOps`` whose float32 products are NumPy's, in blocks of ``ROWS`` rows."""

    def __init__(self) -> None:
        super().__init__()
        self._stable: dict[tuple, bool] = {}  # by the right matrix's shape and layout: rows come out the same

    def gemm(self, x, y, *, out=None, trans1=False, trans2=False):
        if trans1 or x.ndim != 2 or y.ndim != 2 or x.dtype != np.float32 or y.dtype != np.float32 \
                or (out is not None and (out.dtype != np.float32 or not out.flags.c_contiguous)):
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        right = y.T if trans2 else y
        key = (right.shape, right.strides)
        stable = self._stable.get(key)
        if stable is None:
            stable = self._stable[key] = _row_stable(right)
        if not stable:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        return _blocks(np.ascontiguousarray(x), right, out)


def _blocks(x: np.ndarray, right: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    rows = x.shape[0]
    if out is None:
        out = np.empty((rows, right.shape[1]), dtype=np.float32)
    whole = rows - rows % ROWS
    for start in range(0, whole, ROWS):
        np.matmul(x[start:start + ROWS], right, out=out[start:start + ROWS])
    if whole < rows:
        padded = np.zeros((ROWS, x.shape[1]), dtype=np.float32)
        padded[:rows - whole] = x[whole:]
        out[whole:] = np.matmul(padded, right)[:rows - whole]
    return out


def _row_stable(right: np.ndarray) -> bool:
    """Whether rows multiplied by ``right`` in :func:`_blocks` come out the same, bit for
    bit, wherever they sit in a block and whatever rows are beside them."""
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((2 * ROWS, right.shape[0])).astype(np.float32)
    first = _blocks(rows, right, None)
    shifted = _blocks(np.concatenate([rows[ROWS - 3:ROWS], rows[:ROWS - 3]]), right, None)  # other places, other blocks
    few = _blocks(rows[:5], right, None)  # a padded block
    one = _blocks(rows[7:8], right, None)
    return (np.array_equal(first[:ROWS - 3], shifted[3:]) and np.array_equal(first[:5], few)
            and np.array_equal(first[7:8], one))


def use_row_blocks(nlp) -> None:
    """Give every layer of ``nlp``'s components :class:`RowBlockOps` (thinc's own way of
    moving a model between CPU and GPU sets each layer's ``ops`` the same way)."""
    ops = RowBlockOps()
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """NumPy's BLAS on one thread in this process (and the processes it forks meanwhile)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
