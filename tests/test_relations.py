"""Stage 10, relations: the actor graph from events and claims, its exports."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from sitroom import export
from sitroom.relations import GOLDSTEIN, claim_intensity, compute, graph, to_graphml
from sitroom.types import Claim, Entity, Event

ALPHA = Entity("e-alpha", "Alpha Corps", "ORG")
BETA = Entity("e-beta", "Beta League", "ORG")
GAMMA = Entity("e-gamma", "Gamma Union", "ORG")
ENTITIES = [ALPHA, BETA, GAMMA]


def event(kind: str, *actors: Entity, status: str = "occurred", n: int = 0) -> Event:
    return Event(id=f"ev{kind}{status}{n}", type=kind, summary=kind, actors=tuple(a.id for a in actors),
                 location=None, date=None, status=status, documents=("d1",), evidence=(("d1", 100 * n, 100 * n + 50),))


def claim(text: str, actors: tuple[str, ...], predicate: str | None, terms: tuple[str, ...] = (), start: int = 1000,
          modality: str = "asserted", negated: bool = False) -> Claim:
    return Claim(document="d1", start=start, end=start + len(text), text=text, holder="Daily", holder_kind="author",
                 modality=modality, sentence_start=start, sentence_end=start + len(text), negated=negated,
                 actors=actors, terms=terms, predicate=predicate)


def only(relations):
    assert len(relations) == 1, relations
    return relations[0]


def test_the_documented_scale_is_the_scale():
    import re

    import sitroom.relations as module
    from sitroom.event_lexicon import CAMEO_ROOT, TYPES

    table = {t: (root, float(v)) for t, root, v in re.findall(r"\b([A-Z]{3,}) (\d\d) ([+-]\d+\.\d)", module.__doc__)}
    assert set(table) == set(TYPES) == set(GOLDSTEIN)
    assert all(table[t] == (CAMEO_ROOT[t], GOLDSTEIN[t]) for t in TYPES)
    assert all((GOLDSTEIN[t] > 0) == (int(CAMEO_ROOT[t]) <= 8) for t in TYPES)  # CAMEO 01-08 cooperate


def test_a_fight_is_a_conflict_edge_with_a_negative_score():
    r = only(compute([event("FIGHT", ALPHA, BETA)], [], ENTITIES))
    assert (r.source, r.target) == ("e-alpha", "e-beta")  # undirected: source < target
    assert r.kind == "conflict" and r.score == GOLDSTEIN["FIGHT"] == -10
    assert r.events == 1 and r.claims == 0 and r.evidence == (("d1", 0, 50),)


def test_consultations_and_an_agreement_are_cooperation():
    found = [event("CONSULT", ALPHA, BETA, n=1), event("CONSULT", BETA, ALPHA, n=2), event("AGREE", ALPHA, BETA, n=3)]
    r = only(compute(found, [], ENTITIES))
    assert r.kind == "cooperation" and r.score == pytest.approx((1 + 1 + 4) / 3, abs=0.01)
    assert r.events == 3 and len(r.evidence) == 3


def test_cooperation_and_fighting_together_are_mixed():
    found = [event("CONSULT", ALPHA, BETA, n=1), event("CONSULT", ALPHA, BETA, n=2), event("AGREE", ALPHA, BETA, n=3),
             event("FIGHT", ALPHA, BETA, n=4)]
    r = only(compute(found, [], ENTITIES))
    assert r.kind == "mixed" and -10 < r.score < 4


def test_one_small_blemish_does_not_make_a_mixed_relation():
    found = [event("AID", ALPHA, BETA, n=i) for i in range(5)] + [event("DISAPPROVE", ALPHA, BETA, n=9)]
    assert only(compute(found, [], ENTITIES)).kind == "cooperation"


def test_denied_events_do_not_count_and_hypothetical_ones_count_less():
    assert compute([event("FIGHT", ALPHA, BETA, status="denied")], [], ENTITIES) == []
    r = only(compute([event("FIGHT", ALPHA, BETA, status="denied"), event("CONSULT", ALPHA, BETA, n=1)], [], ENTITIES))
    assert r.kind == "cooperation" and r.score == 1 and r.events == 1
    weak = only(compute([event("AID", ALPHA, BETA, n=1), event("FIGHT", ALPHA, BETA, status="hypothetical", n=2)],
                        [], ENTITIES))
    assert weak.score > 0  # one possible fight weighs less than one aid delivered


def test_every_pair_of_an_event_is_an_edge():
    pairs = {(r.source, r.target) for r in compute([event("CONSULT", ALPHA, BETA, GAMMA)], [], ENTITIES)}
    assert pairs == {("e-alpha", "e-beta"), ("e-alpha", "e-gamma"), ("e-beta", "e-gamma")}


def test_a_person_and_the_country_of_their_office_are_one_side():
    land = Entity("e-land", "Arland", "GPE")
    chief = Entity("e-chief", "Dana Velk", "PERSON", roles=("president of Arland",))
    pairs = {(r.source, r.target) for r in compute([event("CONSULT", chief, land, ALPHA)], [], [land, chief, ALPHA])}
    assert ("e-chief", "e-land") not in pairs and len(pairs) == 2


def test_a_capital_acting_is_its_country():
    russia, moscow = Entity("e-ru", "Russia", "GPE"), Entity("e-mos", "Moscow", "GPE")
    r = only(compute([event("CONSULT", moscow, ALPHA), event("AGREE", russia, ALPHA, n=1)], [], [russia, moscow, ALPHA]))
    assert {r.source, r.target} == {"e-ru", "e-alpha"} and r.events == 2


@pytest.mark.parametrize("predicate, terms, sign", [
    ("cooper", ("cooper", "grow"), 1),      # "cooperation between A and B is growing"
    ("provid", ("provid", "missil"), 1),    # "A provided missiles to B": aid
    ("critic", ("sharpli", "critic"), -1),  # "A sharply criticized B"
    ("file", ("lawsuit", "defenc"), -1),    # "A filed a lawsuit against B": the content word decides
    ("differ", ("perspect", "secur"), 0),   # neither
    ("close", ("relat", "close"), 0),       # "relations are close" is not a closure
    ("plan", ("march", "visit"), 1),        # "in March" is no protest; the visit is a consultation
    ("seem", ("attack", "aid"), 0),         # both ways at once: no reading
])
def test_claim_wording(predicate, terms, sign):
    value = claim_intensity(claim("x", (), predicate, terms))
    assert (0 if value is None else (value > 0) - (value < 0)) == sign


def test_claims_count_weakly_and_never_twice():
    text = "Cooperation between Alpha Corps and Beta League is growing."
    coop = claim(text, ("Alpha Corps", "Beta League"), "grow", ("cooper", "grow"))
    r = only(compute([], [coop], ENTITIES))
    assert r.kind == "cooperation" and r.claims == 1 and r.events == 0
    assert r.evidence == (("d1", coop.start, coop.end),)
    # the same sentence read as an event: counted once, as the event
    same = Event("ev", "COOPERATE", "", ("e-alpha", "e-beta"), None, None, "occurred", ("d1",),
                 (("d1", coop.sentence_start, coop.sentence_end),))
    r = only(compute([same], [coop], ENTITIES))
    assert (r.events, r.claims) == (1, 0)
    # a claim weighs less than an event: one fight and one cooperative claim are a conflict
    assert only(compute([event("FIGHT", ALPHA, BETA)], [coop], ENTITIES)).kind == "conflict"


def test_denied_negated_and_questioned_claims_do_not_count():
    names = ("Alpha Corps", "Beta League")
    for c in (claim("Alpha Corps did not aid Beta League at all.", names, "aid", negated=True),
              claim("Alpha Corps aided Beta League, officials deny.", names, "aid", modality="denied"),
              claim("Did Alpha Corps aid Beta League this year?", names, "aid", modality="question")):
        assert compute([], [c], ENTITIES) == []


def test_actors_named_only_as_a_place_are_not_parties():
    c = claim("Alpha Corps and Beta League signed a cooperation deal in Gamma Union.",
              ("Alpha Corps", "Beta League", "Gamma Union"), "sign", ("cooper", "deal"))
    assert {(r.source, r.target) for r in compute([], [c], ENTITIES)} == {("e-alpha", "e-beta")}


def test_graphml_round_trip_keeps_hostile_names_as_text():
    hostile = Entity("e-x", '<script>alert("x")</script> & Co\x0b', "ORG")
    relations = compute([event("THREATEN", hostile, ALPHA)], [], [hostile, ALPHA])
    text = to_graphml(graph(relations, [hostile, ALPHA]))
    assert "<script>" not in text
    back = nx.parse_graphml(text)
    assert back.nodes["e-x"]["name"] == '<script>alert("x")</script> & Co'
    (a, b, data), = back.edges(data=True)
    assert data["kind"] == "conflict" and data["score"] == -7.0 and json.loads(data["evidence"]) == [["d1", 0, 50]]


# -- on the example corpus -------------------------------------------------------------------
def _by_name(store):
    return {e.name: e.id for e in store.entities()}


def test_corpus_russia_and_iran_cooperate_with_exact_evidence(corpus_store):
    ids = _by_name(corpus_store)
    relations = {(r.source, r.target): r for r in corpus_store.relations()}
    assert relations, "every build fills the relations table"
    pairs = [tuple(sorted((ids[a], ids[b]))) for a, b in (("Russia", "Iran"), ("Vladimir Putin", "Masoud Pezeshkian"))
             if a in ids and b in ids]
    found = [relations[p] for p in pairs if p in relations]
    assert found and all(r.kind == "cooperation" and r.score > 0 for r in found)
    texts = {d.id: d.text for d in corpus_store.documents()}
    event_spans = {span for e in corpus_store.events() for span in e.evidence}
    claim_spans = {(c.document, c.start, c.end): c.text for c, _ in corpus_store.claims()}
    for r in corpus_store.relations():
        assert r.source < r.target and -10 <= r.score <= 10
        assert r.events + r.claims > 0 and r.evidence
        for doc, start, end in r.evidence:
            assert 0 <= start < end <= len(texts[doc])
            # every span is an event's sentence or a claim's words, sliced exactly
            assert (doc, start, end) in event_spans or claim_spans[(doc, start, end)] == texts[doc][start:end]


def test_json_export_has_the_relations_contract(corpus_store):
    data = export.picture(corpus_store)
    assert data["relations"]
    entity_ids = {e["id"] for e in data["entities"]}
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for r in data["relations"]:
        assert {"source", "target", "kind", "score", "evidence"} <= set(r)
        assert r["kind"] in ("cooperation", "conflict", "mixed") and isinstance(r["score"], float)
        assert r["source"] in entity_ids and r["target"] in entity_ids
        for ev in r["evidence"]:
            assert set(ev) == {"document", "start", "end"} and texts[ev["document"]][ev["start"]:ev["end"]]


def test_graphml_export_parses_back(corpus_store, tmp_path):
    out = tmp_path / "graph.graphml"
    result = subprocess.run([sys.executable, "-m", "sitroom", "export", "--db", corpus_store.path, "--format", "graphml",
                             "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    g = nx.read_graphml(out)
    relations = corpus_store.relations()
    assert g.number_of_edges() == len(relations)
    names = {e.id: e.name for e in corpus_store.entities()}
    for node, data in g.nodes(data=True):
        assert data["name"] == names[node] and data["type"]
    r = relations[0]
    assert g.edges[r.source, r.target]["kind"] == r.kind
