"""Check the claim-pair evaluation set (dev.jsonl, heldout.jsonl).

Run from the repository root:

    .venv/bin/python eval/claim-pairs/check.py [DATA_DIR]

DATA_DIR defaults to $SITROOM_DATA or /work/shared/data. The script checks, for every
pair, that both claims are exact substrings of the project's reading of the article
(sitroom.evaluate.ecbplus.read_text), that the two claims come from different
articles in the same split, that ids, labels and notes are well formed and that no
pair occurs twice; it then prints the counts per label per file. The exit status is
non-zero if any check fails.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from sitroom.evaluate.ecbplus import read_text

HERE = Path(__file__).resolve().parent
FILES = {"dev.jsonl": "d", "heldout.jsonl": "h"}
LABELS = ("same", "different", "contradicting")
MIN_WORDS, MAX_WORDS = 6, 40
KEYS = {"id", "a", "b", "label", "note"}


def data_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("SITROOM_DATA", "/work/shared/data"))


def split_of(doc: str) -> str | None:
    """dev: odd ECB+ topics and MEANTIME apple; heldout: even topics and airbus."""
    m = re.fullmatch(r"ecbplus/ECB\+/(\d+)/\1_\d+ecb(plus)?\.xml", doc)
    if m:
        return "dev.jsonl" if int(m.group(1)) % 2 else "heldout.jsonl"
    if re.fullmatch(r"meantime/intra_cross-doc_annotation/corpus_apple/[^/]+\.xml", doc):
        return "dev.jsonl"
    if re.fullmatch(r"meantime/intra_cross-doc_annotation/corpus_airbus/[^/]+\.xml", doc):
        return "heldout.jsonl"
    return None


def main() -> int:
    root = data_dir()

    @lru_cache(maxsize=None)
    def article(doc: str) -> str:
        return read_text(root / doc)

    errors: list[str] = []
    counts: dict[str, Counter] = {}
    seen_pairs: dict[frozenset, str] = {}

    for name, prefix in FILES.items():
        path = HERE / name
        counts[name] = Counter()
        with open(path, encoding="utf-8") as f:
            lines = [ln for ln in f if ln.strip()]
        for n, line in enumerate(lines, 1):
            where = f"{name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not JSON ({e})")
                continue
            if set(rec) != KEYS:
                errors.append(f"{where}: keys {sorted(rec)} != {sorted(KEYS)}")
                continue
            want_id = f"{prefix}{n:03d}"
            if rec["id"] != want_id:
                errors.append(f"{where}: id {rec['id']!r}, expected {want_id!r}")
            where = f"{name} {rec['id']}"
            if rec["label"] not in LABELS:
                errors.append(f"{where}: label {rec['label']!r} not in {LABELS}")
            else:
                counts[name][rec["label"]] += 1
            if not isinstance(rec["note"], str) or not rec["note"].strip() or "\n" in rec["note"]:
                errors.append(f"{where}: note must be one non-empty line")
            sides = []
            for side in ("a", "b"):
                claim = rec[side]
                if not isinstance(claim, dict) or set(claim) != {"doc", "text"}:
                    errors.append(f"{where}: {side} must have exactly doc and text")
                    continue
                doc, text = claim["doc"], claim["text"]
                sides.append((doc, text))
                if split_of(doc) != name:
                    errors.append(f"{where}: {side}.doc {doc} does not belong in {name}")
                if not (root / doc).is_file():
                    errors.append(f"{where}: {side}.doc {doc} not found under {root}")
                    continue
                if text != text.strip() or not text:
                    errors.append(f"{where}: {side}.text empty or has outer whitespace")
                if text not in article(doc):
                    errors.append(f"{where}: {side}.text is not a substring of read_text({doc}): {text[:70]!r}")
                words = len(text.split())
                if not MIN_WORDS <= words <= MAX_WORDS:
                    errors.append(f"{where}: {side}.text has {words} words (want {MIN_WORDS}-{MAX_WORDS})")
            if len(sides) == 2:
                if sides[0][0] == sides[1][0]:
                    errors.append(f"{where}: both claims come from the same article {sides[0][0]}")
                if sides[0][1] == sides[1][1]:
                    errors.append(f"{where}: the two texts are identical")
                key = frozenset(sides)
                if key in seen_pairs:
                    errors.append(f"{where}: duplicate of {seen_pairs[key]}")
                seen_pairs[key] = where

    print(f"{'file':<15}" + "".join(f"{lab:>15}" for lab in LABELS) + f"{'total':>8}")
    for name, c in counts.items():
        print(f"{name:<15}" + "".join(f"{c[lab]:>15}" for lab in LABELS) + f"{sum(c.values()):>8}")
    total = sum(counts.values(), Counter())
    print(f"{'all':<15}" + "".join(f"{total[lab]:>15}" for lab in LABELS) + f"{sum(total.values()):>8}")

    for name, c in counts.items():
        for lab in LABELS:
            if c[lab] == 0:
                errors.append(f"{name}: no {lab!r} pairs")

    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
