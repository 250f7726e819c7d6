"""sitroom: news coverage of an event in, a sourced situation picture out.

Python API::

    from sitroom import Settings, build, open_store
    with open_store("sitroom.db") as store:
        report = build(["articles/"], store, Settings())
"""

from .config import DEFAULT_SETTINGS, Settings
from .pipeline import build
from .store import open_store

__version__ = "0.1.0"
__all__ = ["Settings", "DEFAULT_SETTINGS", "build", "open_store", "__version__"]
