"""Words that mark who holds a claim and how: hedges, denials, predictions, generic sources.

General English; nothing here is about any particular story.
"""

from __future__ import annotations

from ..event_lexicon import REPORT_VERBS

# Verbs whose subject says that a proposition is false. "reject", "dismiss", "dispute"
# deny only a claim-like object ("rejected the report"), not an offer or a plan.
DENY_VERBS: frozenset[str] = frozenset("deny refute rebut disavow".split())
DENY_IF_CLAIM_OBJECT: frozenset[str] = frozenset("reject dismiss dispute contest contradict".split())
# Nouns (and pronouns) that stand for a proposition someone made: "a claim X has denied".
CLAIM_NOUNS: frozenset[str] = frozenset(
    "claim claims report reports allegation allegations accusation accusations charge charges rumour rumours "
    "rumor rumors suggestion suggestions assertion assertions story stories it this that them these those".split()
)
# Verbs that attribute the clause they govern to their subject: the event stage's reporting
# verbs and a few more.
ATTRIBUTION_VERBS: frozenset[str] = REPORT_VERBS | frozenset("allege insist testify warn tweet post".split())
# Words of a holder that names no one: "reports", "U.S. officials", "sources".
GENERIC_HOLDERS: frozenset[str] = frozenset(
    "report reports source sources official officials analyst analysts expert experts observer observers "
    "media diplomat diplomats critic critics witness witnesses people some many others rumour rumours rumor "
    "rumors insider insiders person persons account accounts".split()
)
# Subjects that are themselves unattributed claims: "reports have circulated that ...".
RUMOUR_NOUNS: frozenset[str] = frozenset(
    "reports rumours rumors claims allegations speculation accounts suggestions".split()
)
HEDGE_ADVERBS: frozenset[str] = frozenset(
    "reportedly allegedly apparently purportedly reputedly possibly probably perhaps presumably seemingly "
    "likely maybe arguably supposedly ostensibly conceivably".split()
)
# "It is possible that ...".
HEDGE_ADJECTIVES: frozenset[str] = frozenset("possible likely probable unlikely conceivable plausible".split())
# "X appears to ...", "X seems to ...".
HEDGE_VERBS: frozenset[str] = frozenset("appear seem".split())
# "X is believed to ...": a passive of these before "to" hedges.
HEDGE_PASSIVES: frozenset[str] = frozenset("believe think say report allege rumour rumor understand suspect".split())
# "is expected to", "is likely to", "is set to": the clause below is a prediction.
PREDICTION_FRAMES: frozenset[str] = frozenset(
    "expect likely unlikely set poised due slated scheduled bound going certain sure predicted forecast "
    "anticipated projected".split()
)
PREDICTION_VERBS: frozenset[str] = frozenset("predict forecast anticipate expect foresee project".split())
FUTURE_AUX: frozenset[str] = frozenset({"will", "shall", "'ll", "’ll", "wo"})
POSSIBLE_AUX: frozenset[str] = frozenset({"may", "might", "could"})
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "’t", "no"})
# First-person pronouns, resolved to the speaker (singular) or the speaker's side (plural).
FIRST_SINGULAR: frozenset[str] = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL: frozenset[str] = frozenset({"we", "us", "our", "ours", "ourselves"})
THIRD_PERSON: frozenset[str] = frozenset({"he", "him", "his", "she", "her", "hers"})
THIRD_PLURAL: frozenset[str] = frozenset({"they", "them", "their", "theirs", "both"})
# Words too common to tell two claims apart.
STOP_STEMS: frozenset[str] = frozenset(
    "be have do say tell will would shall should can could may might must also even just still now then "
    "there here very more most much many some such other another year time way "
    "thing make take get go come know see think said says saying told report reported accord according "
    "mr mrs ms dr".split()
)
# Acts that are one kind of event when a forecast is checked: "will discuss X" is borne out
# by "suggested to him that X", "X was on the agenda", "they talked about X".
TALK_VERBS: frozenset[str] = frozenset(
    "discuss discussion talk talks suggest propose raise tell say agree consider negotiate mention address "
    "urge ask speak conversation debate agenda offer invite invitation".split()
)
# Words that cannot both be true of one thing: a claim using one contradicts a claim about
# the same thing using the other ("sentenced to death" / "to life", "retained" / "lost").
# General English; a word with a negating prefix is the opposite of the word
# ("armed" / "unarmed"), which needs no listing.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("death", "life"), ("dead", "alive"), ("die", "survive"), ("kill", "survive"), ("win", "lose"),
    ("won", "lost"), ("victory", "defeat"), ("retain", "lose"), ("keep", "lose"), ("permanent", "interim"),
    ("permanent", "temporary"), ("guilty", "innocent"), ("convict", "acquit"), ("guilty", "acquit"),
    ("accept", "reject"), ("approve", "reject"), ("approve", "veto"), ("confirm", "deny"), ("admit", "deny"),
    ("increase", "decrease"), ("rise", "fall"), ("raise", "cut"), ("open", "close"), ("start", "end"),
    ("arrive", "leave"), ("enter", "leave"), ("hire", "fire"), ("appoint", "dismiss"), ("capture", "escape"),
    ("release", "arrest"), ("free", "arrest"), ("legal", "illegal"), ("public", "private"), ("male", "female"),
    ("man", "woman"), ("boy", "girl"), ("north", "south"), ("east", "west"), ("before", "after"),
    ("first", "last"), ("more", "less"), ("higher", "lower"), ("up", "down"), ("overturn", "uphold"),
    ("resign", "stay"), ("support", "oppose"), ("allow", "ban"), ("lift", "impose"), ("full", "partial"),
    ("several", "one"), ("many", "one"), ("all", "none"), ("always", "never"),
)
NEGATING_PREFIXES: tuple[str, ...] = ("un", "in", "non", "dis", "il", "ir", "im")
# Subjects that negate their clause: "nobody was injured".
NEGATIVE_SUBJECTS: frozenset[str] = frozenset({"nobody", "none", "nothing", "neither", "noone"})
ORDINALS: dict[str, str] = {w: str(n) for n, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
