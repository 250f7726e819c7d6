"""Stage 4, entities: mentions corrected per document, then resolved to actors corpus-wide.

Per document (``refine``): spaCy's small model mislabels names it has not seen (a
surname as NORP, a capital city as PERSON), glues a name to the next word ("Angela
Merkel Germany's") and knows no weapon systems. We correct labels with a gazetteer of
countries, demonyms and cities, the document-wide majority and the document's own full
names; split glued names; add WEAPON mentions from designation patterns; and read the
roles a document gives people ("German Chancellor Angela Merkel") and the role
descriptions that stand for them ("the German leader").

Across documents (``resolve``): full names anchor people; a surname or a title plus a
surname joins the only anchor with that surname (in its document first, then the corpus);
a role description joins the only known holder of that role. Different full names never
merge, whatever they share. Countries, abbreviations and demonyms join one place entity.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .gazetteer import DEMONYMS, HONORIFICS, LEADER_OFFICES, OFFICES, WEAPON_PATTERN, cities, country_of
from .types import Entity, Mention, MentionRef, Role

# spaCy labels that name actors, places and things an analyst tracks; numbers, dates,
# money and ordinals are other stages' business.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "WEAPON"}
PLACE = "GPE"

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_OFFICE_WORDS = "|".join(sorted((re.escape(o) for o in OFFICES), key=len, reverse=True))
_HONORIFIC = re.compile(r"^(?:(?:%s)\.?\s+)+" % "|".join(HONORIFICS))
# An office right before a name: "Russian President", "Iran's Deputy Foreign Minister".
_ROLE_BEFORE = re.compile(rf"(?P<office>(?:(?i:deputy|vice|first|acting|former|late)\s+)*(?i:{_OFFICE_WORDS}))\s+$")
# What every match of _ROLE_BEFORE ends with (an office, then white space to the end),
# reversed so that ``match`` tests it at one position. ``search`` with a pattern that ends
# in ``$`` tries every start in the window (0.27 s of the per-document rules' 4.4 s on 300
# articles); most windows end in no office, and this rules them out first.
_ROLE_BEFORE_TAIL = re.compile(r"\s+(?i:%s)" % "|".join(sorted((re.escape(o[::-1]) for o in OFFICES), key=len, reverse=True)))
# A role description standing alone: "the German leader", "France's foreign minister".
_ROLE_PHRASE = re.compile(
    rf"\b(?:[Tt]he\s+(?P<c1>[A-Z][a-z]+(?: [A-Z][a-z]+)?)|(?P<c2>[A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]s)\s+"
    rf"(?P<office>(?i:{_OFFICE_WORDS}))\b(?!\s+[A-Z])"
)
_FUNCTION_WORDS = {"Their", "These", "Those", "This", "That", "Some", "Many", "More", "Most", "Other", "Such",
                   "With", "From", "Both", "Several", "Each", "Every", "When", "Where", "While", "After"}
_WEAPON_NOUN_TAIL = re.compile(r"\s+(?:[a-z-]+\s+)*(?:[a-z]+s?|UAVs?)$")


def surface_key(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    text = _LEADING_THE.sub("", text)
    return re.sub(r"[^\w]+", " ", text).strip().lower()


def entity_id(label: str, key: str) -> str:
    return hashlib.sha256(f"{label}\0{key}".encode()).hexdigest()[:12]


def person_name(text: str) -> str:
    """A person mention without honorifics, office words or possessive."""
    text = _POSSESSIVE.sub("", text.strip())
    text = _HONORIFIC.sub("", text)
    words = text.split()
    while len(words) > 1 and words[0].lower() in OFFICES:
        words = words[1:]
    return " ".join(words)


def weapon_name(text: str) -> str:
    """The designation of a weapon mention: "S-400 systems" -> "S-400"."""
    name = text.strip("\"“”' ")
    name = _WEAPON_NOUN_TAIL.sub("", name) if " " in name else name
    return name.strip("\"“”' ")


# -- per document --------------------------------------------------------------------------
def _split_glued(text: str, mention: Mention) -> list[Mention]:
    """'Angela Merkel Germany's' -> PERSON 'Angela Merkel' + GPE 'Germany's'."""
    if mention.label != "PERSON":
        return [mention]
    words = list(re.finditer(r"\S+", mention.text))
    for i, word in enumerate(words[1:], start=1):
        if country_of(word.group(0)) is not None:
            cut = mention.start + word.start()
            head = text[mention.start:cut].rstrip()
            tail = text[cut:mention.end]
            return [
                Mention(mention.start, mention.start + len(head), head, "PERSON"),
                Mention(cut, mention.end, tail, "NORP" if _POSSESSIVE.sub("", tail) in DEMONYMS else PLACE),
            ]
    return [mention]


_LOCATIVE = re.compile(r"\b(?:in|at|to|from|near|outside|inside|across|into|visit(?:ed|ing|s)?|capital)\s+$", re.I)


def _relabel(mention: Mention, surnames: set[str], full_names: set[str], before: str = "") -> Mention:
    bare = _POSSESSIVE.sub("", _LEADING_THE.sub("", mention.text.strip()))
    if mention.label in {"PERSON", "ORG", "NORP", "GPE", "LOC"} and bare in DEMONYMS:
        return replace(mention, label="NORP")
    if mention.label in {"PERSON", "NORP", "ORG", "LOC", "FAC"} and country_of(bare) and bare not in full_names:
        return replace(mention, label=PLACE if mention.label != "ORG" or bare.lower() not in {"un", "eu", "nato"} else "ORG")
    if mention.label in {"NORP", "ORG", "GPE"} and bare in surnames:
        return replace(mention, label="PERSON")
    if mention.label in {"NORP", "ORG"} and bare in cities() and bare not in surnames and bare not in full_names:
        return replace(mention, label=PLACE)
    if mention.label == "PERSON" and bare in cities() and bare not in surnames and _LOCATIVE.search(before):
        # Many cities are surnames too ("Jackson said"): only a place-like context decides.
        return replace(mention, label=PLACE)
    return mention


def _weapons(text: str) -> list[Mention]:
    found = []
    for match in WEAPON_PATTERN.finditer(text):
        span = match.group(0)
        lead = span.strip("\"“ ").split()[0].strip("\"”")
        if lead in _FUNCTION_WORDS or (country_of(lead) is not None) or lead in cities():
            continue
        found.append(Mention(match.start(), match.end(), span, "WEAPON"))
    return found


def refine(text: str, mentions: Sequence[Mention]) -> tuple[list[Mention], list[Role]]:
    """Correct one document's mentions; return them with the roles the document states."""
    split = [part for m in mentions for part in _split_glued(text, m)]
    full_names = {person_name(m.text) for m in split if m.label == "PERSON" and len(person_name(m.text).split()) >= 2}
    surnames = {name.split()[-1] for name in full_names}
    relabelled = [_relabel(m, surnames, full_names, text[max(0, m.start - 20):m.start]) for m in split]
    # The document-wide majority label of a name decides its odd mentions.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in relabelled:
        votes[surface_key(m.text)][m.label] += 1
    majority = [replace(m, label=votes[surface_key(m.text)].most_common(1)[0][0]) if m.label in ACTOR_LABELS else m
                for m in relabelled]
    weapons = _weapons(text)
    taken = [(w.start, w.end) for w in weapons]
    kept = [m for m in majority if not any(m.start < e and s < m.end for s, e in taken)]
    roles: list[Role] = []
    role_mentions: list[Mention] = []
    for m in kept:
        if m.label != "PERSON":
            continue
        window = text[max(0, m.start - 80):m.start]
        before = _ROLE_BEFORE.search(window) if _ROLE_BEFORE_TAIL.match(window[::-1]) else None
        if before:
            lead = window[: before.start()].split()[-2:]
            # "Russian President X", "Iran's Foreign Minister X", "the Syrian President X"
            country = country_of(lead[-1]) if lead else None
            if country is None and len(lead) == 2:
                country = country_of(" ".join(lead))
            office = re.sub(r"^(?:(?:former|late|acting)\s+)+", "", before.group("office").lower())
            roles.append(Role(person_name(m.text), re.sub(r"\s+", " ", office), country))
    for match in _ROLE_PHRASE.finditer(text):
        country = country_of(match.group("c1") or match.group("c2") or "")
        if country and not any(m.start <= match.start() < m.end for m in kept):
            start = match.start() if match.group("c2") else match.start("c1") - len("the ")
            role_mentions.append(Mention(start, match.end(), text[start:match.end()], "ROLE"))
    result = sorted(kept + weapons + role_mentions, key=lambda m: (m.start, m.end))
    return result, roles


# -- across documents --------------------------------------------------------------------------
def _place_key(m: MentionRef) -> str | None:
    country = country_of(m.text) if m.label in {"GPE", "NORP", "LOC", "ORG"} else None
    return country


def _office_match(office: str, wanted: str) -> bool:
    return office == wanted or (wanted == "leader" and office in LEADER_OFFICES)


def _tidy_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Drop "president" where "president of Russia" says more."""
    roles = set(roles)
    return tuple(sorted(r for r in roles if not any(o != r and o.startswith(r + " of ") for o in roles)))


def resolve(mentions: Iterable[MentionRef], roles: Iterable[tuple[str, Role]]) -> tuple[list[Entity], dict[tuple[str, int, int], str]]:
    """Group all mentions into entities; return them and (document, start, end) -> entity id."""
    mentions = [m for m in mentions if m.label in ACTOR_LABELS or m.label == "ROLE"]
    # Person anchors: full names, keyed by their lower-case form; merged when first and last agree.
    anchors: dict[str, str] = {}
    by_surname: dict[str, set[str]] = defaultdict(set)
    doc_surnames: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        if m.label == "PERSON":
            name = person_name(m.text)
            words = name.split()
            if len(words) >= 2:
                key = f"{words[0]} {words[-1]}".lower()
                anchors.setdefault(key, key)
                by_surname[words[-1].lower()].add(key)
                doc_surnames[(m.document, words[-1].lower())].add(key)
    holders: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    role_of: dict[str, set[str]] = defaultdict(set)
    for _, role in roles:
        words = person_name(role.person).split()
        if not words:
            continue
        key = f"{words[0]} {words[-1]}".lower() if len(words) >= 2 else next(iter(by_surname.get(words[0].lower(), ())), None)
        if key and len(by_surname.get(key.split()[-1], ())) <= 1:
            holders[(role.office, role.country)].add(key)
            role_of[key].add(f"{role.office} of {role.country}" if role.country else role.office)

    def key_of(m: MentionRef) -> tuple[str, str]:
        if m.label == "ROLE":
            match = _ROLE_PHRASE.search(m.text)
            if match:
                country = country_of(match.group("c1") or match.group("c2") or "")
                office = match.group("office").lower()
                people = {p for (o, c), ps in holders.items() if c == country and _office_match(o, office) for p in ps}
                if len(people) == 1:
                    return "PERSON", people.pop()
            return "ROLE", surface_key(m.text)
        if m.label == "PERSON":
            words = person_name(m.text).split()
            if len(words) >= 2:
                return "PERSON", f"{words[0]} {words[-1]}".lower()
            if words:
                surname = words[0].lower()
                local = doc_surnames.get((m.document, surname), set())
                if len(local) == 1:
                    return "PERSON", next(iter(local))
                if not local and len(by_surname.get(surname, ())) == 1:
                    return "PERSON", next(iter(by_surname[surname]))
            return "PERSON", surface_key(m.text)
        if m.label == "WEAPON":
            return "WEAPON", weapon_name(m.text).lower()
        place = _place_key(m)
        if place:
            return ("ORG" if place in {"United Nations", "European Union", "NATO"} else PLACE), place.lower()
        return m.label, surface_key(m.text)

    groups: dict[tuple[str, str], list[MentionRef]] = defaultdict(list)
    assignment: dict[tuple[str, int, int], tuple[str, str]] = {}
    for m in mentions:
        key = key_of(m)
        if not key[1]:
            continue
        groups[key].append(m)
        assignment[(m.document, m.start, m.end)] = key
    entities: list[Entity] = []
    ids: dict[tuple[str, str], str] = {}
    for (label, key), members in groups.items():
        if label == "ROLE":
            continue  # an unresolved description is not an actor of its own
        forms = Counter(
            weapon_name(m.text) if label == "WEAPON" else (person_name(m.text) if m.label == "PERSON" else _POSSESSIVE.sub("", m.text.strip()))
            for m in members if m.label != "ROLE"
        )
        if not forms:
            continue
        if label == PLACE and country_of(key):
            name = country_of(key) or forms.most_common(1)[0][0]
        else:
            # The longest frequent form names the entity ("Angela Merkel" over "Merkel").
            name = max(forms, key=lambda f: (len(f.split()) if label == "PERSON" else 0, forms[f], f))
        eid = entity_id(label, key)
        ids[(label, key)] = eid
        aliases = sorted({m.text.strip() for m in members} - {name})
        entities.append(Entity(
            id=eid, name=name, type=label, aliases=tuple(aliases),
            documents=tuple(sorted({m.document for m in members})), mentions=len(members),
            roles=_tidy_roles(role_of.get(key, ())) if label == "PERSON" else (),
        ))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    mapping = {span: ids[key] for span, key in assignment.items() if key in ids}
    return entities, mapping
