"""Check the claim-check evaluation set (dev.jsonl, heldout.jsonl).

Run from the repository root:

    .venv/bin/python eval/claim-check/check.py [DATA_DIR]

DATA_DIR defaults to $SITROOM_DATA or /work/shared/data (the folder holding
``ecbplus/`` and ``meantime/``). Exits non-zero if any check fails.

Checks, per file:
- every line is a JSON object with exactly the fields id, claim, doc, label, evidence, note;
- ids are d001, d002, ... (dev) / h001, ... (heldout), in order, no gaps;
- label is one of agree / disagree / discuss / unrelated;
- the doc exists; evidence is an exact substring of read_text(doc), and is ""
  exactly when the label is unrelated;
- claim is 5-20 words; no (claim, doc) pair occurs twice;
- the split rule holds: dev = odd ECB+ topics + MEANTIME apple,
  heldout = even ECB+ topics + MEANTIME airbus; no claim appears in both files;
- every label occurs in both files.
Then prints counts per label per file and the number of distinct claims.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    from sitroom.evaluate.ecbplus import read_text
except ImportError:  # not installed: use the repo's source tree
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from sitroom.evaluate.ecbplus import read_text

LABELS = ("agree", "disagree", "discuss", "unrelated")
FIELDS = {"id", "claim", "doc", "label", "evidence", "note"}
FILES = {"dev.jsonl": "d", "heldout.jsonl": "h"}
ECB = re.compile(r"^ecbplus/ECB\+/(\d+)/\1_\d+ecb(plus)?\.xml$")
MEANTIME = re.compile(r"^meantime/intra_cross-doc_annotation/corpus_(apple|airbus)/[^/]+\.xml$")


def split_of(doc: str) -> str | None:
    if m := ECB.match(doc):
        return "dev.jsonl" if int(m.group(1)) % 2 else "heldout.jsonl"
    if m := MEANTIME.match(doc):
        return "dev.jsonl" if m.group(1) == "apple" else "heldout.jsonl"
    return None


def main() -> int:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SITROOM_DATA", "/work/shared/data"))
    errors: list[str] = []
    texts: dict[str, str] = {}
    counts: dict[str, Counter] = {}
    claims_in: dict[str, set[str]] = {}

    for name, prefix in FILES.items():
        rows = [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        counts[name] = Counter()
        claims_in[name] = set()
        seen: set[tuple[str, str]] = set()
        for n, row in enumerate(rows, 1):
            where = f"{name}:{n}"
            if set(row) != FIELDS:
                errors.append(f"{where}: fields {sorted(row)}")
                continue
            if row["id"] != f"{prefix}{n:03d}":
                errors.append(f"{where}: id {row['id']!r}, expected {prefix}{n:03d}")
            label, doc, ev, claim = row["label"], row["doc"], row["evidence"], row["claim"]
            if label not in LABELS:
                errors.append(f"{where}: bad label {label!r}")
            if split_of(doc) != name:
                errors.append(f"{where}: doc {doc} does not belong in {name}")
            if not 5 <= len(claim.split()) <= 20:
                errors.append(f"{where}: claim has {len(claim.split())} words")
            if (claim, doc) in seen:
                errors.append(f"{where}: duplicate (claim, doc)")
            seen.add((claim, doc))
            if not isinstance(row["note"], str) or not row["note"].strip():
                errors.append(f"{where}: empty note")
            path = data / doc
            if not path.is_file():
                errors.append(f"{where}: missing document {path}")
                continue
            if doc not in texts:
                texts[doc] = read_text(path)
            if (label == "unrelated") != (ev == ""):
                errors.append(f"{where}: evidence must be empty exactly for 'unrelated'")
            elif ev and ev not in texts[doc]:
                errors.append(f"{where}: evidence not found in {doc}: {ev[:70]!r}")
            counts[name][label] += 1
            claims_in[name].add(claim)
        for label in LABELS:
            if not counts[name][label]:
                errors.append(f"{name}: no '{label}' pairs")

    both = claims_in["dev.jsonl"] & claims_in["heldout.jsonl"]
    for claim in sorted(both):
        errors.append(f"claim in both files: {claim!r}")

    print(f"{'file':15}" + "".join(f"{l:>11}" for l in LABELS) + f"{'total':>8}{'claims':>8}")
    total = Counter()
    for name in FILES:
        total.update(counts[name])
        print(f"{name:15}" + "".join(f"{counts[name][l]:>11}" for l in LABELS)
              + f"{sum(counts[name].values()):>8}{len(claims_in[name]):>8}")
    all_claims = claims_in["dev.jsonl"] | claims_in["heldout.jsonl"]
    print(f"{'all':15}" + "".join(f"{total[l]:>11}" for l in LABELS) + f"{sum(total.values()):>8}{len(all_claims):>8}")
    print(f"distinct claims: {len(all_claims)}; documents: {len(texts)}")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
