"""Cross-document work that runs as a Dask task or in the build's process: the claims'
features, claim clusters and forecasts (``pipeline._link`` decides where).

Each function takes only plain records and returns only plain records (the store is the
caller's), and embeds with the model the build named, so its result is the same wherever
it runs. This module imports no more than those stages need: a Dask worker loads it at the
start of the cross-document stages, and scikit-learn, networkx and the store would add a
second to that.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from . import embeddings, forecasts
from .claims import clusters, compare
from .config import Settings
from .types import Claim

__all__ = ["ClaimSet", "claim_clusters", "claim_set", "forecast_outcomes"]


class ClaimSet(NamedTuple):
    """The claims of the canonical documents and what comparing needs of each (by claim id)."""

    claims: list[Claim]
    features: dict[str, compare.Features]


def claim_set(found: list[Claim]) -> ClaimSet:
    return ClaimSet(found, {c.id: compare.features(c) for c in found})


def claim_clusters(claims: ClaimSet, outlets: dict[str, str], cached: dict[str, bytes], model: str | None,
                   ) -> tuple[list, dict[str, str], dict[str, bytes]]:
    """Claims grouped across outlets (``claims.clusters.group``), with the embeddings of
    ``model`` (None: words alone), ``cached`` ones first. Returns the clusters, each claim's
    cluster and the vectors encoded here. Runs on a Dask worker or in the build's process."""
    vectors = embeddings.cache_for(model, cached)
    grouped, of_claim = clusters.group(claims.claims, outlets, vectors, claims.features)
    return grouped, of_claim, vectors.fresh if vectors else {}


def forecast_outcomes(claims: ClaimSet, clustered: tuple, dates: dict[str, date], times: dict, event_dates: dict,
                      settings: Settings, cached: dict[str, bytes], model: str | None) -> tuple[list, dict[str, bytes]]:
    """Every forecast among the claims with its outcome (``forecasts.resolve``), and the
    vectors encoded here. ``clustered`` is what :func:`claim_clusters` returned: the vectors
    it encoded are used, not encoded again. Runs on a Dask worker or in the build's process."""
    vectors = embeddings.cache_for(model, {**cached, **clustered[2]})
    found = forecasts.resolve(claims.claims, dates, times, event_dates, settings, vectors, claims.features)
    return found, vectors.fresh if vectors else {}
