"""sitroom: news coverage of an event in, a sourced situation picture out.

Python API::

    from sitroom import Settings, build, open_store
    with open_store("sitroom.db") as store:
        report = build(["articles/"], store, Settings())
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import DEFAULT_SETTINGS, Settings
from .store import open_store

if TYPE_CHECKING:
    from .pipeline import build

__version__ = "0.1.0"
__all__ = ["Settings", "DEFAULT_SETTINGS", "build", "open_store", "__version__"]


def __getattr__(name: str):
    # ``build`` is imported on first use (PEP 562): the pipeline pulls in every stage, and
    # a process that needs one module (a Dask worker unpickling a task, the web app) should
    # not pay for the others (scikit-learn, networkx, datasketch: about 1.5 s of imports).
    if name == "build":
        from .pipeline import build

        return build
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
