"""The foundation on the example corpus: documents, copies, removed parts, dates."""

from __future__ import annotations

from conftest import corpus_file

from sitroom import export


def _doc(store, prefix):
    path = str(corpus_file(prefix))
    return next(d for d in store.documents() if d.path == path)


def test_five_documents_one_duplicate_group(corpus_store):
    docs = corpus_store.documents()
    assert len(docs) == 5
    d000, d001 = _doc(corpus_store, "000"), _doc(corpus_store, "001")
    assert d001.duplicate_of == d000.id, "the richer Markdown copy is canonical"
    assert d000.duplicate_of is None
    assert [d for d in docs if d.duplicate_of] == [d001]


def test_comments_under_republished_copy_removed(corpus_store):
    d001 = _doc(corpus_store, "001")
    comments = [r.text for r in d001.removed if r.kind == "comments"]
    assert len(comments) >= 3
    assert any("IMHO" in c for c in comments)
    assert "IMHO" not in d001.text and "Interesting analysis" not in d001.text
    assert "Clandestine in what sense" not in d001.text
    # the article's own conclusion stays
    assert d001.text.rstrip().endswith("won’t reshape regional dynamics.")


def test_footer_of_forecast_removed_sections_kept(corpus_store):
    d000 = _doc(corpus_store, "000")
    boiler = " ".join(r.text for r in d000.removed if r.kind == "boilerplate")
    for footer in ("Click the share button", "Birds Not Bombs", "is an American Moscow-based political analyst",
                   "Disclaimer:", "Copyright ©"):
        assert footer in boiler, footer
        assert footer not in d000.text, footer
    for section in ("1. Iran's Response", "2. Defense Systems", "3. Their Updated Strategic",
                    "4. Speculative Iranian", "5. Their Disagreement Over the Zangezur"):
        assert section in d000.text, section
    assert "won't reshape regional dynamics." in d000.text


def test_trailing_login_removed(corpus_store):
    d004 = _doc(corpus_store, "004")
    assert not d004.text.rstrip().endswith("Login")
    assert any(r.text == "Login" and r.kind == "boilerplate" for r in d004.removed)


def test_metadata_dates_and_bylines(corpus_store):
    d000, d002 = _doc(corpus_store, "000"), _doc(corpus_store, "002")
    assert d000.published == "2024-10-08"
    assert d002.published == "2024-10-14"
    assert d000.authors == ("Andrew Korybko",)
    assert d002.authors == ("Vladimir Sazhin",)
    assert not _doc(corpus_store, "000").published_inferred and not _doc(corpus_store, "002").published_inferred


def test_export_documents_follow_the_contract(corpus_store):
    data = export.picture(corpus_store)
    keys = {"id", "path", "outlet", "title", "authors", "published", "published_inferred", "duplicate_of", "text", "removed"}
    assert len(data["documents"]) == 5
    for record in data["documents"]:
        assert set(record) - {"published_evidence"} == keys
        assert all(r["kind"] in {"boilerplate", "comments", "navigation", "metadata"} for r in record["removed"])
    assert data["entities"], "entities are exported"


def test_quotes_exported_with_speakers_resolved_to_entities(corpus_store):
    data = export.picture(corpus_store)
    entities = {e["id"]: e for e in data["entities"]}
    quotes = data["quotes"]
    assert quotes, "the reports quote people"
    keys = {"id", "document", "speaker", "speaker_name", "text", "kind", "cue", "channel", "start", "end", "group"}
    docs = {d["id"]: d for d in data["documents"]}
    for q in quotes:
        assert set(q) == keys
        assert q["kind"] in {"direct", "partial", "indirect"}
        assert docs[q["document"]]["text"][q["start"]:q["end"]] == q["text"]
        assert docs[q["document"]]["duplicate_of"] is None, "copies are not analysed"
    putin = [q for q in quotes if q["speaker"] and entities[q["speaker"]]["name"] == "Vladimir Putin"]
    assert len({q["document"] for q in putin}) >= 2
    assert not any("IMHO" in q["text"] for q in quotes), "readers' comments are never quoted"


def test_brief_has_who_said_what(corpus_store):
    from sitroom.brief import render

    md = render(corpus_store, "md")
    section = md.split("## Who said what", 1)[1]
    assert "**Vladimir Putin**" in section


def test_corpus_stories_cover_every_document_and_copies_follow_their_canonical(corpus_store):
    stories = export.picture(corpus_store)["stories"]
    story_of = {doc: s["id"] for s in stories for doc in s["documents"]}
    docs = corpus_store.documents()
    assert set(story_of) == {d.id for d in docs}
    for d in docs:
        if d.duplicate_of:
            assert story_of[d.id] == story_of[d.duplicate_of]
    assert story_of[_doc(corpus_store, "002").id] == story_of[_doc(corpus_store, "004").id], "two reports of the meeting"


def test_forecast_on_friday_is_the_meeting_day(corpus_store):
    d000 = _doc(corpus_store, "000")
    times = export.picture(corpus_store)["times"]
    fridays = [t for t in times if t["document"] == d000.id and t["text"].lower().endswith("friday")]
    assert fridays and all(t["value"] == "2024-10-11" for t in fridays[:1])
    for t in times:
        assert set(t) == {"document", "text", "start", "end", "value", "type"}


def test_meeting_is_one_event_and_the_summit_is_planned(corpus_store):
    data = export.picture(corpus_store)
    names = {e["id"]: e["name"] for e in data["entities"]}
    meetings = [e for e in data["events"] if e["date"] == "2024-10-11" and e["location"] == "Ashgabat"
                and {"Vladimir Putin", "Masoud Pezeshkian"} <= {names.get(a) for a in e["actors"]}]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting["status"] == "occurred"
    assert len(meeting["documents"]) >= 3
    docs = {d["id"]: d for d in data["documents"]}
    for ev in meeting["evidence"]:
        assert 0 <= ev["start"] < ev["end"] <= len(docs[ev["document"]]["text"])
    summits = [e for e in data["events"] if e["date"] == "2024-10-22/2024-10-24"]
    assert summits and summits[0]["status"] == "planned" and summits[0]["location"] == "Kazan"
    keys = {"id", "type", "cameo", "summary", "actors", "location", "date", "status", "documents", "evidence"}
    assert all(set(e) == keys for e in data["events"])


def test_undated_reports_get_inferred_dates_with_evidence(corpus_store):
    data = export.picture(corpus_store)
    records = {d["id"]: d for d in data["documents"]}
    for prefix in ("003", "004"):
        doc = records[_doc(corpus_store, prefix).id]
        assert doc["published_inferred"] is True
        assert "2024-10-11" <= doc["published"] <= "2024-10-20"
        assert doc["published_evidence"]["because"], "the evidence is kept"
    copy = records[_doc(corpus_store, "001").id]
    assert copy["published"] == "2024-10-08", "a copy inherits its canonical's date"


def test_brief_has_a_timeline(corpus_store):
    from sitroom.brief import render

    md = render(corpus_store, "md")
    assert "## Timeline" in md and "2024-10-11" in md.split("## Timeline")[1]
    html = render(corpus_store, "html")
    assert "<svg" in html.split("<h2>Timeline</h2>")[1]
