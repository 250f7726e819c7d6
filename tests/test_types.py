"""The pipeline records: frozen, and pickled as constructor calls (the Dask client unpickles
hundreds of thousands of them)."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import pytest

from sitroom import types
from sitroom.types import BuildReport, Claim, Failure, Mention, Sentence, Token, new_token

RECORDS = [
    Token(0, 5, "NNP", "PROPN", "nsubj", 1, 0, "PERSON"),
    Sentence(0, 12),
    Mention(0, 5, "Smith", "PERSON"),
    Claim("doc", 3, 40, "The talks will resume.", "Smith", "quoted", "predicted", 0, 41,
          actors=("Norway",), terms=("talk", "resume")),
    Failure("a.txt", "not UTF-8"),
    BuildReport(added=("a.txt",), failures=(Failure("b.txt", "empty"),)),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_records_round_trip_through_pickle_by_their_constructor(record):
    cls, args = record.__reduce__()
    assert cls is (new_token if isinstance(record, Token) else type(record))
    assert args == tuple(getattr(record, f.name) for f in dataclasses.fields(record))
    again = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == record and type(again) is type(record)


def test_every_record_is_frozen_and_pickles_by_constructor():
    classes = [c for c in vars(types).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(classes) >= 20
    for cls in classes:
        assert cls.__dataclass_params__.frozen, cls
        assert "__reduce__" in vars(cls), f"{cls.__name__} pickles through the slow generic __setstate__"


def test_claim_id_is_stable():
    claim = RECORDS[3]
    assert claim.id == "doc:3-40:" + hashlib.sha1(b"Smith|predicted").hexdigest()[:6]
    assert pickle.loads(pickle.dumps(claim)).id == claim.id


def test_new_token_is_the_constructor_made_faster():
    made, built = new_token(3, 9, "NNP", "PROPN", "nsubj", 1, 0, "GPE"), Token(3, 9, "NNP", "PROPN", "nsubj", 1, 0, "GPE")
    assert type(made) is Token and made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert new_token(0, 1, "DT", "DET", "det", 1, 0) == Token(0, 1, "DT", "DET", "det", 1, 0)  # ent defaults to ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 4  # type: ignore[misc]
