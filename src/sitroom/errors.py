"""Errors sitroom raises on purpose.

::

    SitroomError
     ├── ConfigError    a setting or option has a value we cannot use
     ├── IngestError    one input file or record cannot be read as an article
     ├── ExtractError   an analysis stage cannot run (e.g. no language model installed)
     └── StoreError     the database cannot be opened, migrated or written

Every message is one line a person can act on: what went wrong, why, and how to fix it.
"""

from __future__ import annotations


class SitroomError(Exception):
    """Base class of every error sitroom raises deliberately."""


class ConfigError(SitroomError):
    pass


class IngestError(SitroomError):
    pass


class ExtractError(SitroomError):
    pass


class StoreError(SitroomError):
    pass
