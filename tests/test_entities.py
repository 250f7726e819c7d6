"""Entities: per-document corrections and corpus-wide actors, on hand-made mentions."""

from __future__ import annotations

import re

import pytest

from sitroom.entities import refine, resolve, weapon_name
from sitroom.types import Mention, MentionRef


def mentions(text: str, spans: dict[str, str]) -> list[Mention]:
    found = []
    for surface, label in spans.items():
        for m in re.finditer(re.escape(surface), text):
            found.append(Mention(m.start(), m.end(), surface, label))
    return sorted(found, key=lambda m: m.start)


def labels(result) -> dict[str, str]:
    return {m.text: m.label for m in result}


def test_glued_name_is_split():
    text = "Vladimir Putin Russia's leader spoke."
    result, _ = refine(text, mentions(text, {"Vladimir Putin Russia's": "PERSON"}))
    assert labels(result) == {"Vladimir Putin": "PERSON", "Russia's": "GPE"}


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        ("Masoud Pezeshkian arrived. Pezeshkian said so.", {"Masoud Pezeshkian": "PERSON", "Pezeshkian": "NORP"},
         {"Masoud Pezeshkian": "PERSON", "Pezeshkian": "PERSON"}),
        ("They met in Ashgabat on Friday.", {"Ashgabat": "PERSON"}, {"Ashgabat": "GPE"}),
        ("The Iranian delegation left.", {"Iranian": "PERSON"}, {"Iranian": "NORP"}),
        ("Jackson said the plan was sound.", {"Jackson": "PERSON"}, {"Jackson": "PERSON"}),
    ],
)
def test_labels_corrected_by_gazetteer_and_document(text, spans, expected):
    result, _ = refine(text, mentions(text, spans))
    assert labels(result) == expected


@pytest.mark.parametrize(
    "text, weapons",
    [
        ("Iran wants S-400 systems and Su-35 jets.", ["S-400 systems", "Su-35 jets"]),
        ("It supplied thousands of Shahed drones and the Bavar-373.", ["Shahed drones", "Bavar-373"]),
        ("Iskander missiles were moved west.", ["Iskander missiles"]),
        ("Russian air defense systems could help.", []),
        ("COVID-19 cases rose before the G-20 summit.", []),
        ("Their missiles fell short.", []),
    ],
)
def test_weapon_systems(text, weapons):
    result, _ = refine(text, [])
    assert [m.text for m in result if m.label == "WEAPON"] == weapons


def test_weapon_name_is_the_designation():
    assert weapon_name("S-400 air defense systems") == "S-400"
    assert weapon_name("\"Shahed\" attack drones") == "Shahed"


def test_roles_read_from_titles():
    text = "Russian President Vladimir Putin met Iran's Deputy Foreign Minister Ali Bagheri."
    _, roles = refine(text, mentions(text, {"Vladimir Putin": "PERSON", "Ali Bagheri": "PERSON"}))
    assert {(r.person, r.office, r.country) for r in roles} == {
        ("Vladimir Putin", "president", "Russia"), ("Ali Bagheri", "deputy foreign minister", "Iran")}


def _resolve(docs: dict[str, tuple[str, dict[str, str]]]):
    refs, roles = [], []
    for doc, (text, spans) in docs.items():
        found, doc_roles = refine(text, mentions(text, spans))
        refs += [MentionRef(doc, m.start, m.end, m.text, m.label) for m in found]
        roles += [(doc, r) for r in doc_roles]
    entities, mapping = resolve(refs, roles)
    by_surface = {}
    for ref in refs:
        eid = mapping.get((ref.document, ref.start, ref.end))
        by_surface.setdefault(ref.text, set()).add(next((e.name for e in entities if e.id == eid), None))
    return entities, by_surface


def test_people_resolved_across_documents_never_merged_by_first_name():
    entities, names = _resolve({
        "a": ("Russian President Vladimir Putin spoke. Putin smiled.", {"Vladimir Putin": "PERSON", "Putin": "PERSON"}),
        "b": ("Mr. Putin left. The Russian leader was tired. Vladimir Sazhin wrote it.",
              {"Mr. Putin": "PERSON", "Vladimir Sazhin": "PERSON"}),
        "c": ("President Putin and Sazhin.", {"President Putin": "PERSON", "Sazhin": "PERSON"}),
    })
    assert names["Putin"] == names["Mr. Putin"] == names["President Putin"] == {"Vladimir Putin"}
    assert names["The Russian leader"] == {"Vladimir Putin"}
    assert names["Sazhin"] == names["Vladimir Sazhin"] == {"Vladimir Sazhin"}
    putin = next(e for e in entities if e.name == "Vladimir Putin")
    assert putin.roles == ("president of Russia",)
    assert set(putin.documents) == {"a", "b", "c"}


def test_two_people_sharing_a_surname_keep_a_bare_surname_apart():
    _, names = _resolve({
        "a": ("George Bush and Jeb Bush met. Bush said no.", {"George Bush": "PERSON", "Jeb Bush": "PERSON", "Bush": "PERSON"}),
    })
    assert names["George Bush"] != names["Jeb Bush"]
    assert names["Bush"] not in (names["George Bush"], names["Jeb Bush"])


def test_places_abbreviations_case_and_demonyms_join():
    entities, names = _resolve({
        "a": ("The US and the U.S. Navy. TASS reported.", {"US": "GPE", "U.S.": "GPE", "TASS": "ORG"}),
        "b": ("The United States said, Tass wrote. Iranian and Iran.",
              {"The United States": "GPE", "Tass": "ORG", "Iranian": "NORP", "Iran": "GPE"}),
    })
    assert names["US"] == names["U.S."] == names["The United States"] == {"United States"}
    assert names["TASS"] == names["Tass"]
    assert names["Iranian"] == names["Iran"] == {"Iran"}


def test_corpus_actors(corpus_store):
    entities = {e.name: e for e in corpus_store.entities()}
    putin = entities["Vladimir Putin"]
    assert "Putin" in putin.aliases and "president of Russia" in putin.roles
    assert len(putin.documents) == 4
    assert not any("Sazhin" in alias for alias in putin.aliases), "another Vladimir is not Putin"
    assert entities["Iran"].type == "GPE" and "Iranian" in entities["Iran"].aliases
    assert any(e.type == "WEAPON" and e.name.startswith("S-") for e in entities.values())
