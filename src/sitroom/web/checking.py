"""Claim check for the web app: one ``Checker`` per app, built on first use.

A ``Checker`` loads every claim of the store and the language model once (seconds), then
answers a claim in about a second; requests share it under a lock (spaCy and the ONNX
session are not shared across threads here). It reads through its own read-only
connection, never the request pool's.
"""

from __future__ import annotations

import threading

from ..check import Checker, CheckResult
from ..config import DEFAULT_SETTINGS
from .queries import ReadOnlyStore

MIN_CLAIM_CHARS = 3
MAX_CLAIM_CHARS = 300


class SharedChecker:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._lock = threading.Lock()
        self._checker: Checker | None = None

    def check(self, claim: str) -> CheckResult:
        with self._lock:
            if self._checker is None:
                self._checker = Checker(ReadOnlyStore(self.db_path), DEFAULT_SETTINGS)
            return self._checker.check([claim])[0]
