"""Bytes to text: encodings, byte-order marks and binary detection.

charset-normalizer does the guessing for legacy encodings; what stays here is the
policy: which files are text at all, and a one-line reason when they are not.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SINGLE_BYTE_LATIN = ("cp125", "iso8859", "latin", "mac_", "cp850", "cp437")

# A text file has almost no C0 control characters besides tab, newline, carriage return
# and form feed; 1% is far above what real articles hold and far below what binaries do.
_MAX_CONTROL_RATIO = 0.01
# C0 and C1 control characters (Unicode category Cc) other than tab, newline, CR, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte for Latin scripts."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:200_000]
    return len(_CONTROL.findall(sample)) / len(sample)


def decode(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding)`` or raise ``IngestError``."""
    if not data:
        raise IngestError("empty file")
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise IngestError(f"starts with a {name} byte-order mark but is not valid {name} ({exc.reason})") from exc
            break
    if text is None:
        guess = _utf16_without_bom(data[:4096])
        if guess:
            try:
                text, encoding = data.decode(guess), guess
            except UnicodeDecodeError:
                text = None
    if text is None:
        if b"\x00" in data[:65536]:
            raise IngestError("binary file (holds NUL bytes), not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = from_bytes(data[:1_000_000]).best()
            if best is None or best.encoding is None:
                raise IngestError("not text in any known encoding (binary file?)") from None
            encoding = best.encoding
            # Short samples leave the single-byte Latin code pages indistinguishable to any
            # detector; Windows-1252 is by far the most common of them on the English web.
            if encoding.startswith(_SINGLE_BYTE_LATIN):
                try:
                    text, encoding = data.decode("cp1252"), "cp1252"
                except UnicodeDecodeError:
                    pass
            if text is None:
                text = data.decode(encoding, errors="replace")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise IngestError("binary file (too many control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("holds only whitespace, no text")
    return text, encoding
