"""Naming speakers for the quotes stage: the fullest name the document gives the speaker.

:class:`Names` turns the head token of a speaker mention (see
:func:`sitroom.quotes.syntax.speaker_head`) into a name: the fullest form of a name
("Merkel" -> "Angela Merkel"), an acronym spelled out ("CBC"), titles stripped, pronouns
resolved ("he said" -> the last speaker, or someone named since), descriptions resolved
("the spokesman" -> "spokesman John Smith"), and otherwise the describing phrase itself
("police", "a witness").
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .cues import (
    CHANNEL_NOUNS, FEMALE_WORDS, GROUP_NOUNS, GROUP_PRONOUNS, MALE_WORDS, ORG_ANAPHORS, PERSON_ENDINGS,
    PERSON_PRONOUNS, PRONOUN_FORMS, TITLES,
)
from .syntax import SUBJECT_DEPS, WORD, Parse
from ..types import Mention

# How far back (in sentences) a pronoun or a definite description looks for the person it
# refers to. News attributions point back a paragraph or two; six sentences covers that.
ANTECEDENT_SENTENCES = 6
# A role noun ("the spokesman") is matched to a named holder ("spokesman John Smith") only
# this close (characters), so a long article's second spokesman is not confused with the first.
ROLE_DISTANCE = 2000
# Describing phrases longer than this are cut: a speaker label, not a clause.
DESCRIPTION_MAX_TOKENS = 10
_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")

__all__ = ["Names", "Speaker", "clean_name", "describing_phrase"]


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: its name, the span of the mention it was read from, and
    whether it is one person (pronouns "he"/"she" may point back to it)."""

    name: str | None
    start: int | None = None
    end: int | None = None
    person: bool = False


class Names:
    """The names of one document: fullest forms, acronyms, roles, genders, antecedents."""

    def __init__(self, parse: Parse) -> None:
        self.parse = parse
        outside = [m for m in parse.mentions if not any(a <= m.start < b for a, b in parse.quoted)]
        self.people = _join_initials(parse, [m for m in outside if m.label == "PERSON"])
        self.groups = [m for m in outside if m.label in ("ORG", "GPE", "NORP")]
        self.spoken: list[Speaker] = []  # speakers named so far, in text order
        self.roles: dict[str, list[Mention]] = {}
        self.gender: dict[str, str] = {}
        for m in self.people:
            for role in self._roles_of(m):
                self.roles.setdefault(role, []).append(m)
            self._learn_gender(m)
        for m in outside:  # "Qeshm Governor Mehdi Irannejad" mislabelled as a place
            words = m.text.split()
            titled = [k for k, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES and words[k + 1][:1].isupper()]
            if m.label != "PERSON" and titled and len(words) - titled[-1] - 1 >= 2:
                name = " ".join(words[titled[-1] + 1:])
                person = Mention(m.end - len(name), m.end, name, "PERSON")
                self.people.append(person)
                self.roles.setdefault(words[titled[-1]].lower().rstrip("."), []).append(person)
        self.people.sort(key=lambda m: m.start)

    def fullest(self, mention: Mention) -> str:
        """The longest form of the name in the document, nearest before it (else after)."""
        return self.fuller(_clean(mention), mention.start, mention.label == "PERSON")

    def fuller(self, name: str, at: int, person: bool) -> str:
        """``name`` as the document gives it most fully: a longer name ending in the same
        words ("Merkel" -> "Angela Merkel"), or spelling out an acronym ("CBC")."""
        words = name.split()
        if not words:
            return name
        pool = self.people + self.groups if person or len(words) == 1 else self.groups
        longer = [m for m in pool if len(_clean(m).split()) > len(words) and _clean(m).split()[-len(words):] == words]
        if not longer and not person and name.isupper() and len(name) >= 2:
            longer = [m for m in self.groups if _initials(_clean(m)) == name]
        before = [m for m in longer if m.start < at]
        if before:
            return _clean(before[-1])
        earlier = [s.name for s in self.spoken if s.name and " and " not in s.name and s.start is not None and s.start < at
                   and len(s.name.split()) > len(words) and [w.lower() for w in s.name.split()[-len(words):]] == [w.lower() for w in words]]
        if earlier:
            return earlier[-1]
        return _clean(longer[0]) if longer else name

    def speaker(self, head: int, last: tuple[Speaker, int] | None) -> Speaker:
        """The speaker whose mention heads at ``head``; ``last`` is the previous speaker and its sentence."""
        parse, tok = self.parse, self.parse.tokens[head]
        word = parse.lower(head)
        if tok.tag in ("WP", "WDT") and parse.tokens[tok.head].dep == "relcl":  # "..., who added that"
            return self.speaker(parse.tokens[tok.head].head, last)
        if tok.pos == "PRON" or word in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head, word, last)
        named = self._named(head)
        if named is None:
            named = self._description(head, last)
        self.spoken.append(named)
        return named

    def _named(self, head: int) -> Speaker | None:
        """A name in the subject: its own, one in apposition ("her agent, Mark Roesler") or
        among flat modifiers ("Dist. Atty. Steve Cooley") — never one in a possessive
        ("Reid's rep" is the rep) — or, for an organisation noun, its proper-noun modifier
        ("the Press Democrat newspaper")."""
        parse = self.parse
        region = [head] + [j for c in parse.children[head] if parse.tokens[c].dep in ("appos", "compound", "npadvmod", "nmod", "flat")
                           for j in parse.subtree(c) if parse.tokens[j].dep not in ("poss", "prep", "pobj")]
        if parse.tokens[head].dep == "appos":
            region.append(parse.tokens[head].head)
        mentions = {m.start: m for i in region if (m := parse.mention(i)) is not None and m.label in _NAME_LABELS}
        people = sorted((m for m in mentions.values() if m.label == "PERSON"), key=lambda m: -len(m.text.split()))
        own = parse.mention(head)
        group_head = parse.lower(head) in GROUP_NOUNS | ORG_ANAPHORS
        if any(a <= parse.tokens[head].start < b for a, b in parse.titles) and parse.kid(head, "poss") is not None:
            return self.speaker(parse.kid(head, "poss"), None)  # "Weekly's "Insider" reported"
        run = _proper_run(parse, head, include_head=not group_head)
        if group_head and not any(parse.mention(j) for j in run):
            run = []
        run_people = [m for m in people if run and parse.tokens[run[0]].start <= m.start < parse.tokens[run[-1]].end]
        if own is not None and own.label == "PERSON" and _clean(own).lower().rstrip(".") in TITLES:
            own = self._name_after(own)  # "Dist . Atty . Steve Cooley" cut by tokenised stops
        if own is not None and own.label in _NAME_LABELS and (own.label != "NORP" or parse.tokens[head].pos == "PROPN") \
                and not (own.label == "PERSON" and people and len(people[0].text.split()) > len(own.text.split())):
            chosen = own
        elif run and (parse.is_proper(head) or group_head) and (own is None and not people or run_people) \
                and all(parse.is_proper(j) for j in run) and not all(parse.lower(j).rstrip(".") in TITLES for j in run):
            text = parse.text[parse.tokens[run[0]].start:parse.tokens[run[-1]].end]
            person = bool(run_people) or (not group_head and not mentions)
            name = self.fuller(clean_name(text, person), parse.tokens[run[0]].start, person)
            person = bool(run_people) or any(_clean(m) == name for m in self.people)
            return Speaker(name, parse.tokens[run[0]].start, parse.tokens[run[-1]].end, person)
        elif people:
            chosen = people[0]
        elif group_head and mentions:
            chosen = next(iter(mentions.values()))
        else:
            return None
        names, ends = [self.fullest(chosen)], [chosen.end]
        anchor = parse.index(chosen.end - 1)
        for c in parse.children[anchor]:
            other = parse.mention(c)
            if parse.tokens[c].dep == "conj" and other is not None and other.label == chosen.label and other.start != chosen.start:
                names.append(self.fullest(other))
                ends.append(other.end)
        return Speaker(" and ".join(names), chosen.start, max(ends), chosen.label == "PERSON")

    def _name_after(self, title: Mention) -> Mention:
        later = [m for m in self.people if title.end <= m.start < title.end + 20 and "\n" not in self.parse.text[title.end:m.start]
                 and _clean(m).lower().rstrip(".") not in TITLES]
        return later[0] if later else title

    def _description(self, head: int, last: tuple[Speaker, int] | None) -> Speaker:
        """A describing phrase, resolved to a name when the document allows it.

        "a statement from X" is X's; "the spokesman" is the person the document calls
        "spokesman John Smith"; "the Reporter" or "the navy" is an earlier speaker with a
        longer name ending in the same word; "the company" is the last organisation named;
        a definite description of one person ("the 29-year-old") is the most recent named
        person, unless an indefinite one introduced it ("an officer ... the officer").
        Otherwise the phrase itself is the speaker ("police", "a witness").
        """
        parse = self.parse
        span = describing_phrase(parse, head)
        start, end = parse.tokens[span[0]].start, parse.tokens[span[-1]].end
        text = parse.text[start:end]
        word, tag = parse.lower(head), parse.tokens[head].tag
        if parse.is_proper(head) and not tag.startswith("NNP"):
            tag = "NNP"  # "The Reporter" tagged as a common noun
        poss = parse.kid(head, "poss")
        if word in CHANNEL_NOUNS:  # "a statement from X", "X's website", "an article in X"
            source = poss
            owner = [c for c in parse.children[head] if parse.tokens[c].dep == "compound" and c < head
                     and (m := parse.mention(c)) is not None and m.label in ("ORG", "PERSON", "GPE")]
            if source is None and owner:
                source = owner[-1]  # "the Kremlin transcript", "a White House statement"
            for c in (c for c in parse.children[head] if source is None and parse.lower(c) in ("from", "by", "of", "in")):
                pobj = parse.kid(c, "pobj")
                place = pobj is not None and (m := parse.mention(pobj)) is not None and m.label in ("GPE", "LOC", "FAC", "DATE")
                if pobj is not None and not place and (parse.lower(c) != "in" or parse.is_proper(pobj)):
                    source = pobj  # "in" only for a named outlet, not "in Washington"
            if source is not None:
                return self.speaker(source, last)
        determiner = parse.kid(head, "det")
        definite = determiner is not None and parse.lower(determiner) in ("the", "this", "that")
        common = tag in ("NN", "NNS")
        holders = [m for m in self.roles.get(word, []) if abs(m.start - start) < ROLE_DISTANCE]
        if holders and (common or word in TITLES) and poss is None and (definite or determiner is None):
            best = min(holders, key=lambda m: (m.start > start, abs(m.start - start)))
            return Speaker(self.fullest(best), start, end, True)
        short = len([j for j in span if WORD.search(parse.word(j))]) <= 3
        if short:
            for earlier in reversed(self.spoken):
                if earlier.name and " and " not in earlier.name and earlier.name.lower().split()[-1:] == [word] and len(earlier.name) > len(text) \
                        and any(w[:1].isupper() for w in earlier.name.split()[1:]):  # "the Indian navy", not "a naval officer"
                    return Speaker(earlier.name, start, end, earlier.person)
        if definite and short and word in ORG_ANAPHORS:
            people = {w for p in self.people for w in _clean(p).split()}
            groups = [m for m in self.groups if m.end <= start and m.label == "ORG" and not self._is_audience(m)
                      and not set(m.text.split()) <= people]  # "Vanore" mislabelled as an organisation
            if groups and self._sent(groups[-1]) >= parse.tokens[head].sent - ANTECEDENT_SENTENCES:
                return Speaker(self.fullest(groups[-1]), start, end, False)
        restricted = any(parse.tokens[c].dep in ("relcl", "acl") for c in parse.children[head])
        if definite and tag in ("NN", "JJ") and not restricted and word not in GROUP_NOUNS | ORG_ANAPHORS and word.endswith(PERSON_ENDINGS):
            introduced = any(parse.lower(i) == word and parse.kid(i, "det") is not None
                             and parse.lower(parse.kid(i, "det")) in ("a", "an") for i in range(head))
            if not introduced:
                person = self._recent_person(parse.tokens[head].sent, _gender_of_noun(word))
                if person is not None:
                    return Speaker(person, start, end, True)
        name = clean_name(text, person=False) if tag.startswith("NNP") else text
        return Speaker(name, start, end, common and tag == "NN" and word not in GROUP_NOUNS | ORG_ANAPHORS)

    def _pronoun(self, head: int, word: str, last: tuple[Speaker, int] | None) -> Speaker:
        """he/she: someone named since the last attribution, else the last speaker, else
        the most recent named person of that gender; it/they: the last non-person speaker,
        else the last organisation named."""
        parse = self.parse
        tok = parse.tokens[head]
        here = (tok.start, tok.end)
        if word in PERSON_PRONOUNS:
            return self._person_pronoun(head, "m" if word in MALE_WORDS else "f", last)
        if last is not None and not last[0].person and tok.sent - last[1] <= ANTECEDENT_SENTENCES:
            return Speaker(last[0].name, *here, False)
        groups = [m for m in self.groups if m.end <= tok.start and m.label == "ORG"]
        if groups and self._sent(groups[-1]) >= tok.sent - ANTECEDENT_SENTENCES:
            return Speaker(self.fullest(groups[-1]), *here, False)
        if last is not None and tok.sent - last[1] <= ANTECEDENT_SENTENCES:
            return Speaker(last[0].name, *here, last[0].person)
        return Speaker(None, *here, False)

    def _person_pronoun(self, head: int, gender: str, last: tuple[Speaker, int] | None) -> Speaker:
        parse = self.parse
        tok = parse.tokens[head]
        here = (tok.start, tok.end)
        reporter = self._reporting_subject(head)
        if reporter is not None:
            return Speaker(reporter.name, *here, True)
        since = last[1] if last is not None else tok.sent - ANTECEDENT_SENTENCES - 1
        between = [m for m in self.people if (since < self._sent(m) < tok.sent or self._sent(m) == tok.sent and m.end <= tok.start)
                   and self._compatible(m, gender)]
        # Someone mentioned since the last attribution: a subject first ("Reid's publicist
        # confirmed it." -> the publicist), the most recent first; then anyone but a possessor.
        described = [i for i in parse.between(since, tok.sent) if not parse.inside(i) and parse.tokens[i].dep in SUBJECT_DEPS
                     and parse.tokens[i].tag == "NN" and parse.mention(i) is None and parse.lower(i).endswith(PERSON_ENDINGS)
                     and parse.lower(i) not in GROUP_NOUNS | ORG_ANAPHORS]
        subjects = [(m.start, m) for m in between if self._is_subject(m)] + [(parse.tokens[i].start, i) for i in described]
        if subjects:
            _, best = max(subjects, key=lambda pair: pair[0])
            if isinstance(best, int):
                found = self._description(best, last)
                return Speaker(found.name, *here, found.person)
            return Speaker(self.fullest(best), *here, True)
        between = [m for m in between if not self._is_possessor(m)]
        if between:
            return Speaker(self.fullest(between[-1]), *here, True)
        if last is not None and last[0].person and tok.sent - last[1] <= ANTECEDENT_SENTENCES \
                and self.gender.get(last[0].name or "", gender) == gender:
            # A "she" in a sentence since may be someone else the story is about: prefer a
            # person known to be a "she" then, unless the last speaker is known to be one.
            other = any(parse.lower(i) == ("he" if gender == "m" else "she") and not parse.inside(i)
                        for i in parse.between(last[1], tok.sent))
            known = self._recent_person(tok.sent, gender, known_only=True) if other and last[0].name not in self.gender else None
            return Speaker(known or last[0].name, *here, True)
        return Speaker(self._recent_person(tok.sent, gender), *here, True)

    def _reporting_subject(self, pronoun: int) -> Speaker | None:
        """"Smith said he would stay": a pronoun subject of a reported clause is the reporter.

        Followed up the parse from the pronoun's verb: the first speech verb above it, if
        its subject is a named person in the same sentence.
        """
        parse = self.parse
        i = parse.tokens[pronoun].head
        for _ in range(4):
            if parse.tokens[i].dep not in ("ccomp", "advcl", "conj", "xcomp") or parse.tokens[i].head == i:
                return None
            i = parse.tokens[i].head
            if parse.is_cue(i):
                subject = parse.outside_child(i, "nsubj")
                if subject is None or parse.tokens[subject].pos == "PRON":
                    return None
                named = self._named(subject)
                return named if named is not None and named.person else None
        return None

    def _recent_person(self, sent: int, gender: str | None, known_only: bool = False) -> str | None:
        """The most recent named person before sentence ``sent`` who may have that gender
        (``known_only``: who is known to have it)."""
        window = [m for m in self.people if sent - ANTECEDENT_SENTENCES <= self._sent(m) < sent]
        if known_only:
            known = [m for m in window if self.gender.get(self.fullest(m)) == gender]
            return self.fullest(known[-1]) if known else None
        window = [m for m in window if self._compatible(m, gender)]
        return self.fullest(window[-1]) if window else None

    def _compatible(self, m: Mention, gender: str | None) -> bool:
        return gender is None or self.gender.get(self.fullest(m), gender) == gender

    def _sent(self, m: Mention) -> int:
        return self.parse.sent(m.start)

    def _is_subject(self, m: Mention) -> bool:
        parse = self.parse
        tokens = list(parse.within(m.start, m.end))
        inner = set(tokens)
        roots = [i for i in tokens if parse.tokens[i].head not in inner]
        for i in roots:
            while parse.tokens[i].dep in ("appos", "compound", "conj") and parse.tokens[i].head != i:
                i = parse.tokens[i].head
            if parse.tokens[i].dep in SUBJECT_DEPS:
                return True
        return False

    def _is_audience(self, m: Mention) -> bool:
        """An outlet or audience the words were given to ("told the AP", "according to Reuters")."""
        parse = self.parse
        i = parse.index(m.end - 1)
        head = parse.tokens[i].head
        if parse.tokens[i].dep == "pobj":
            i, head = head, parse.tokens[head].head
        return parse.tokens[i].dep in ("dobj", "dative", "prep") and (parse.is_cue(head) or parse.according(head))

    def _is_possessor(self, m: Mention) -> bool:
        last = self.parse.index(m.end - 1)
        return self.parse.tokens[last].dep == "poss"

    def _roles_of(self, m: Mention) -> list[str]:
        """Role nouns attached to a name: "spokesman John Smith", "John Smith, the spokesman"."""
        parse = self.parse
        first, last = parse.index(m.start), parse.index(m.end - 1)
        inner = m.text.split()
        roles = [w.lower().rstrip(".") for w in inner[:len(inner) - len(_clean(m).split())]]
        if first > 0 and parse.tokens[first - 1].pos in ("NOUN", "PROPN") and parse.mention(first - 1) is None:
            roles.append(parse.lower(first - 1))  # the noun right before: "team spokesman Tim Mead"
        head = parse.tokens[last].head
        for k in parse.children[last] + ([head] if parse.tokens[last].dep == "appos" else []):
            if (parse.tokens[k].dep == "appos" or k == head) and parse.tokens[k].pos == "NOUN":
                roles.append(parse.lower(k))
        return [r for r in roles if r not in GROUP_NOUNS | ORG_ANAPHORS]

    def _learn_gender(self, m: Mention) -> None:
        """Gender from a gendered title or noun right before the name ("Mrs", "actress"), or
        the first he/his/she/her after it in its sentence with no other person between."""
        parse = self.parse
        name = self.fullest(m)
        first = parse.index(m.start)
        votes = [parse.lower(j).rstrip(".") for j in range(max(0, first - 2), first)
                 if parse.lower(j).rstrip(".") in (MALE_WORDS | FEMALE_WORDS) - PRONOUN_FORMS]
        j = parse.index(m.end - 1) + 1
        while j < len(parse.tokens) and parse.tokens[j].sent == parse.tokens[first].sent and not votes:
            other = parse.mention(j)
            if other is not None and other.label == "PERSON" and other.start >= m.end:
                break
            if parse.lower(j) in PRONOUN_FORMS:
                votes.append(parse.lower(j))
            j += 1
        if votes and name not in self.gender:
            self.gender[name] = "m" if votes[0] in MALE_WORDS else "f"


def _join_initials(parse: Parse, people: list[Mention]) -> list[Mention]:
    """Names cut at a tokenised initial ("John S" + ". Pritchard 3rd") made whole again."""
    out: list[Mention] = []
    for m in people:
        if out and out[-1].end >= m.start:
            continue
        words = m.text.split()
        rest = re.match(r" \. ((?:[A-Z][\w'-]*\.? ?)+)", parse.text[m.end:m.end + 60])
        if len(words[-1]) == 1 and words[-1].isupper() and rest:
            end = m.end + len(rest.group(0).rstrip())
            m = Mention(m.start, end, parse.text[m.start:end], "PERSON")
        out.append(m)
    return out


def _gender_of_noun(word: str) -> str | None:
    return "m" if word in MALE_WORDS else "f" if word in FEMALE_WORDS else None


def _proper_run(parse: Parse, head: int, include_head: bool = True) -> list[int]:
    """The proper nouns right before ``head`` that modify it, and ``head``: "Tim Mead"."""
    run = [head]
    j = head - 1
    while j >= 0 and parse.tokens[j].head in run and parse.is_proper(j) and parse.tokens[j].dep in ("compound", "flat", "nmod"):
        run.insert(0, j)
        j -= 1
    return run if include_head else run[:-1]


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def describing_phrase(parse: Parse, head: int) -> list[int]:
    """Tokens of a describing noun phrase: modifiers, "of"/"from" phrases and restrictive
    clauses ("the officer who fired the shot"), up to a comma, a quote or a speech verb."""
    tokens = parse.tokens
    drop: set[int] = set()
    for c in parse.children[head]:
        dep = tokens[c].dep
        if dep == "appos" or (dep == "prep" and parse.lower(c) not in ("of", "from", "for")):
            drop.update(parse.subtree(c))
    out = []
    for j in parse.subtree(head):
        if j > head and (parse.word(j) in (",", "(", "--", ":", ";") or parse.inside(j) or parse.is_cue(j)):
            break
        if j < head and "\n" in parse.text[parse.tokens[j].end:parse.tokens[head].start]:
            continue  # a heading line before the phrase
        if j not in drop:
            out.append(j)
    while len(out) > 1 and not WORD.search(parse.word(out[-1])):
        out.pop()
    while len(out) > 1 and not WORD.search(parse.word(out[0])):
        out.pop(0)
    return out[:DESCRIPTION_MAX_TOKENS]


_QUOTED_NICKNAME = re.compile(r"\s*(?:``|\"|“|‘|')[^\"”'’]{1,30}(?:''|\"|”|’|')\s*")


@lru_cache(maxsize=65536)  # called for every pair of candidate names in a document
def clean_name(name: str, person: bool = True) -> str:
    """A name without nickname or possessive, and for a person without titles:
    "Chancellor Angela Merkel" -> "Angela Merkel", "Luis "Jerry" Ortiz" -> "Luis Ortiz",
    "Reid 's" -> "Reid", "Peter Lynch/Defence Attorney" -> "Peter Lynch"."""
    name = _QUOTED_NICKNAME.sub(" ", name.split("/")[0])
    name = re.split(r"\s+-+\s+(?=[a-z])", name)[0]  # "Jane Roe - director of ...", not "Strauss - Kahn"
    name = re.sub(r"(?<=\w)['’]s\b", " 's", name)
    words = name.split()
    while words and words[-1].lower() in ("'s", "'", "’"):
        words.pop()
    if not person:
        return " ".join(words)
    titled = [k for k, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES and words[k + 1][:1].isupper()]
    if titled:  # "Homicide Detective Jane Roe", "Academy President Cheryl Boone Isaacs"
        words = words[titled[-1] + 1:]
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES or words[0] == "."):
        words.pop(0)
    return " ".join(words)


def _clean(mention: Mention) -> str:
    return clean_name(mention.text, mention.label == "PERSON")
