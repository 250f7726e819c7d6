"""Case-insensitive matching of lower-case patterns, without ``re.IGNORECASE`` where it is safe.

Python's ``re`` compares every character through case folding under ``IGNORECASE``: on
the cleaning stage's cue alternations over 11,664 news paragraphs that took 3 to 7 times
as long as the same pattern run case-sensitively over the lower-cased text (the
disclaimer cues 2.0 s against 0.29 s). The two give the same answer for a pattern whose
letters are all lower-case ASCII, over any text except one holding a letter that
``IGNORECASE`` matches to an ASCII letter while ``str.lower`` does not map it there; such
a text is matched the slow way.
"""

from __future__ import annotations

import re

# Every such letter (tests/test_ingest.py checks all of Unicode): dotted and dotless I
# ("İ", "ı" match "i"; "İ".lower() is two characters) and the long s ("ſ" matches "s").
FOLD_TRAPS = ("İ", "ı", "ſ")


def lowered(text: str) -> str | None:
    """``text`` lower-cased for case-sensitive matching of lower-case ASCII patterns, or
    None when it holds a letter of :data:`FOLD_TRAPS`."""
    if any(trap in text for trap in FOLD_TRAPS):
        return None
    return text.lower()


class AnyCase:
    """A case-insensitive pattern of lower-case ASCII letters, asked only whether it occurs."""

    __slots__ = ("pattern", "_exact", "_folding")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._exact = re.compile(pattern)
        self._folding = re.compile(pattern, re.IGNORECASE)

    def found_in(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``, letter case ignored."""
        lower = lowered(text)
        return bool(self._exact.search(lower) if lower is not None else self._folding.search(text))
