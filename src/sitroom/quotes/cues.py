"""Word lists behind the quotes stage: speech verbs, channels, titles, pronouns.

Plain English vocabulary, nothing keyed to a person, outlet or article. The spaCy
lemmatizer is disabled in sitroom's pipeline, so verbs are listed with every inflection
(:func:`inflections` builds the regular ones; irregular forms are spelled out).
"""

from __future__ import annotations

__all__ = [
    "ADDRESSEE_VERBS", "AS_SAYING", "AUDIENCE_NOUNS", "CHANNEL_NOUNS", "CHANNEL_PREPOSITIONS",
    "CLAUSE_VERBS", "FEMALE_WORDS", "GROUP_NOUNS", "GROUP_PRONOUNS", "HEARING_NOUNS", "LABEL_VERBS",
    "MALE_WORDS", "ORG_ANAPHORS", "PERSON_ENDINGS", "PERSON_PRONOUNS", "PRONOUN_FORMS", "QUOTING_VERBS",
    "REFUSAL_VERBS", "SPEECH_VERBS", "TITLES", "TITLE_FUNCTION_WORDS", "inflections",
]

# Forms English does not build by rule (base -> third person, past, participle, gerund).
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "admit": ("admits", "admitted", "admitting"),
    "regret": ("regrets", "regretted", "regretting"),
    "quip": ("quips", "quipped", "quipping"),
    "plead": ("pleads", "pleaded", "pled", "pleading"),
}
_VOWELS = "aeiou"


def inflections(base: str) -> tuple[str, ...]:
    """``base`` and its regular English inflections: add -> add, adds, added, adding;
    deny -> denies, denied; echo -> echoes; note -> noted, noting."""
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    third = base + "es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else base + "s"
    if base.endswith("e"):
        past, gerund = base + "d", (base if base.endswith("ee") else base[:-1]) + "ing"
    else:
        past, gerund = base + "ed", base + "ing"
    return (base, third, past, gerund)


def _forms(*bases: str) -> frozenset[str]:
    return frozenset(form for base in bases for form in inflections(base))


# Verbs that report speech and take the reported clause as their complement
# ("X said (that) ...", "X told Y (that) ..."). Verbs of cognition, finding or estimation
# (believe, learn, find, rule, estimate) are deliberately absent: they report a state of
# mind or a result, not an utterance.
CLAUSE_VERBS: frozenset[str] = _forms(
    "say", "tell", "add", "note", "warn", "claim", "deny", "insist", "stress", "write", "tweet",
    "post", "announce", "confirm", "report", "state", "explain", "argue", "assert", "allege",
    "admit", "acknowledge", "reply", "respond", "answer", "testify", "declare", "predict",
    "suggest", "indicate", "reveal", "disclose", "emphasise", "emphasize", "maintain", "contend",
    "concede", "complain", "recall", "remark", "observe", "comment", "promise", "vow", "pledge",
    "threaten", "recommend", "assure", "reiterate", "repeat", "affirm", "boast", "brag", "charge",
    "counter", "caution", "inform", "advise", "apologise", "apologize", "echo", "exclaim",
    "shout", "scream", "yell", "whisper", "mutter", "quip", "joke", "retort", "lament",
    "proclaim", "profess", "confide", "plead", "swear", "hint", "mention", "specify", "speculate",
    "tout", "concur", "clarify", "underline", "underscore", "forecast", "prophesy", "relay",
    "recount", "ask", "cry", "urge", "agree", "regret",
)

# Verbs that attach a quoted phrase to a speaker without a clause: "called him "a hero"",
# "described it as "a disaster"", "labelled the fire "suspicious"".
LABEL_VERBS: frozenset[str] = _forms(
    "call", "describe", "label", "dub", "term", "brand", "characterise", "characterize",
    "praise", "hail", "denounce", "condemn", "slam", "blast",
) | frozenset({"labelled", "labelling"})

SPEECH_VERBS: frozenset[str] = CLAUSE_VERBS | LABEL_VERBS | _forms("speak")

# Verbs whose object is the person addressed ("told reporters the ...", "urged them to go"),
# never the subject of the reported clause.
ADDRESSEE_VERBS: frozenset[str] = _forms(
    "tell", "ask", "urge", "inform", "assure", "advise", "warn", "remind", "promise", "caution", "beg",
)

# "Another agency quoted the governor as saying ...": the speaker is the object.
QUOTING_VERBS: frozenset[str] = _forms("quote", "cite")

# "X was quoted / reported as saying ...": the passive subject is the speaker.
AS_SAYING: frozenset[str] = frozenset({"saying", "stating", "telling", "writing", "adding"})

# Endings of English nouns for people (killer, actor, novelist, guardian, 29-year-old,
# spokesman, employee, scholar); a definite description is resolved to a named person only
# when its noun has one — "the bullet said" is a parse error, not a person.
PERSON_ENDINGS: tuple[str, ...] = ("er", "or", "ist", "ian", "ant", "ent", "old", "man", "woman", "person", "ee", "ive", "ar")

# "The court heard that ...": British reports of evidence, with no speaker named.
HEARING_NOUNS: frozenset[str] = frozenset({"court", "inquest", "hearing", "tribunal", "jury", "trial", "inquiry", "jurors"})

# "declined to say whether ...", "refused to comment": speech that did not happen.
REFUSAL_VERBS: frozenset[str] = _forms("decline", "refuse", "fail", "hesitate")

# Nouns that name a medium the words came out through ("in a statement", "on Twitter").
CHANNEL_NOUNS: frozenset[str] = frozenset({
    "statement", "statements", "interview", "interviews", "post", "posts", "tweet", "tweets",
    "conference", "briefing", "release", "transcript", "letter", "email", "e-mail", "mail",
    "message", "broadcast", "television", "tv", "radio", "podcast", "video", "speech", "address",
    "blog", "website", "site", "column", "op-ed", "call", "telephone", "phone", "hearing",
    "testimony", "filing", "memo", "memorandum", "newsletter", "programme", "program", "show",
    "appearance", "twitter", "facebook", "instagram", "x", "telegram", "youtube", "tiktok",
    "weibo", "linkedin", "threads", "bluesky", "online", "page", "account", "remarks", "comments",
    "report", "documents", "filings", "text", "chat", "documentary", "podium", "affidavit",
    "submission", "communique", "communiqué", "announcement", "notice", "bulletin", "feed",
    "article", "story", "piece", "editorial", "obituary", "profile", "dispatch",
})

# Who the words were addressed to ("told reporters", "said at a news conference").
AUDIENCE_NOUNS: frozenset[str] = frozenset({
    "reporters", "journalists", "press", "media", "audience", "crowd", "supporters", "lawmakers",
    "parliament", "court", "jury", "judge", "committee", "employees", "staff", "members", "voters",
    "students", "delegates", "congress", "senate", "senators", "legislators", "viewers", "listeners",
    "readers", "fans", "followers", "newspaper", "agency", "radio", "broadcaster", "magazine",
    "daily", "station", "network", "channel", "television", "outlet", "paper", "news",
})

CHANNEL_PREPOSITIONS: frozenset[str] = frozenset({"to", "in", "on", "via", "through", "at", "during", "over", "by"})

# Words that precede a name as a title or role and are not part of the name.
TITLES: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "gov", "governor", "mayor", "judge",
    "justice", "chief", "director", "officer", "lt", "lieutenant", "sgt", "sergeant", "capt",
    "captain", "col", "colonel", "gen", "general", "adm", "admiral", "maj", "major", "cpl",
    "corporal", "pvt", "private", "insp", "inspector", "det", "detective", "const", "constable",
    "supt", "superintendent", "commissioner", "deputy", "king", "queen", "prince", "princess",
    "pope", "rev", "reverend", "father", "pastor", "rabbi", "imam", "bishop", "archbishop",
    "cardinal", "chancellor", "ambassador", "spokesman", "spokeswoman", "spokesperson", "coach",
    "manager", "ceo", "chairman", "chairwoman", "attorney", "atty", "dist", "district", "ada",
    "assistant", "sheriff", "trooper", "agent", "emir", "sheikh", "sultan", "premier", "hon",
    "honourable", "honorable", "councilman", "councilwoman", "councillor", "st", "saint", "lawyer",
    "prosecutor", "solicitor", "barrister", "counsel", "defender", "senior", "former",
})

PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
PRONOUN_FORMS: frozenset[str] = frozenset({"he", "his", "him", "himself", "she", "her", "hers", "herself"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"it", "they", "we", "them"})

MALE_WORDS: frozenset[str] = frozenset({
    "he", "him", "his", "himself", "mr", "mr.", "sir", "lord", "king", "prince", "father", "son",
    "husband", "brother", "uncle", "nephew", "boy", "man", "spokesman", "chairman", "businessman",
    "actor", "congressman", "councilman", "grandfather", "dad", "widower", "boyfriend",
})
FEMALE_WORDS: frozenset[str] = frozenset({
    "she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen",
    "princess", "mother", "daughter", "wife", "sister", "aunt", "niece", "girl", "woman",
    "spokeswoman", "chairwoman", "businesswoman", "actress", "congresswoman", "councilwoman",
    "grandmother", "mom", "mum", "widow", "girlfriend",
})

# Heads of descriptions that name an organisation or a group, never one person: these are
# not resolved to a person's name ("the police said" stays "the police").
GROUP_NOUNS: frozenset[str] = frozenset({
    "police", "navy", "army", "military", "government", "ministry", "department", "agency",
    "company", "firm", "team", "club", "studio", "network", "newspaper", "magazine", "paper",
    "court", "council", "committee", "office", "service", "board", "bank", "group", "party",
    "administration", "embassy", "church", "university", "school", "hospital", "union",
    "association", "commission", "authority", "authorities", "force", "officials", "sources",
    "family", "website", "site", "station", "channel", "broadcaster", "campaign", "organisation",
    "organization", "cabinet", "parliament", "senate", "congress", "state", "city",
    "county", "country", "institute", "foundation", "centre", "center",
    "coalition", "alliance", "movement", "report", "reports", "statement", "media", "press",
    "prosecutors", "investigators", "witnesses", "residents", "people", "analysts", "experts",
    "corporation", "airline", "operator", "regulator", "watchdog", "daily", "outlet",
})

# Descriptions that point back to the organisation last named ("the company said").
ORG_ANAPHORS: frozenset[str] = frozenset({
    "company", "firm", "team", "club", "studio", "network", "newspaper", "paper", "magazine",
    "agency", "airline", "bank", "retailer", "carmaker", "automaker", "manufacturer",
    "broadcaster", "publisher", "organisation", "organization", "conglomerate", "insurer",
    "lender", "charity", "ministry", "group",
})

# Words a title of a work may keep in lower case ("Take Me Out to the Ball Game").
TITLE_FUNCTION_WORDS: frozenset[str] = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "nor", "but", "with", "by",
    "from", "as", "into", "vs", "vs.", "v", "de", "la", "le", "du", "von", "van", "der", "&", "'s",
    "’s", "s", "o", "'n'", "upon", "over",
})
