"""Word lists behind the events stage: PLOVER event types, their trigger words, modality cues.

Plain English vocabulary of political events, written from the CAMEO 1.1b3 codebook's
category definitions and the PLOVER manual's type descriptions — nothing keyed to a
sentence of any evaluation set. sitroom's spaCy pipeline has no lemmatizer, so words are
listed by lemma and :func:`lemma_candidates` maps an inflected form back ("struck" ->
"strike", "supplying" -> "supply", "talks" -> "talk").

Type labels are those of the PLOVER gold-standard records (version 0.5b1, the set sitroom
is measured on). :data:`PLOVER_2021` maps them onto the 2021 ontology's names and
:data:`CAMEO_ROOT` onto CAMEO root codes, both derived from ``CAMEO2PLOVER-2021.txt``
(openeventdata/PLOVER, CC BY-SA 4.0).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "TYPES", "COOPERATIVE", "VERBAL_CONFLICT", "MATERIAL_CONFLICT", "CAMEO_ROOT", "PLOVER_2021",
    "VERBS", "NOUNS", "PHRASES", "LIGHT_VERBS", "FRAMES", "NOUN_CLASSES", "REPORT_VERBS",
    "INTENT_VERBS", "INTENT_ADJECTIVES", "AGREE_VERBS", "THREAT_VERBS", "REFUSAL_VERBS", "DEMAND_VERBS",
    "APPEAL_VERBS", "ARRIVAL_VERBS", "DEPARTURE_VERBS", "SEEK_VERBS", "TRANSPARENT_VERBS", "ALLOW_VERBS", "INTENT_NOUNS",
    "DEMAND_NOUNS", "GENERIC_EVENT_NOUNS", "STRIKE_MODIFIERS", "EXERCISE_NOUNS", "MILITARY_NOUNS",
    "IRREGULAR_ATTACKERS", "LEGAL_ACTORS", "PROTESTER_NOUNS", "OFFICIAL_NOUNS", "TARGET_PREPS", "ARGUMENT_PREPS",
    "QUANTITY_HEADS", "PRONOUNS", "CLASS_ORDER",
    "ACCUSE_VERBS", "DENY_VERBS", "FUTURE_AUX", "HYPOTHETICAL_AUX", "PREDICTED_AUX", "OBLIGATION_AUX",
    "PLAN_WORDS", "PREDICTION_WORDS", "CONDITION_MARKS", "NEGATIONS", "PEOPLE_NOUNS", "lemma_candidates",
]

TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN",
    "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
)
# The PLOVER quad split: what an intent or a modal turns into (see events.py).
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
VERBAL_CONFLICT = frozenset({"INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN"})
MATERIAL_CONFLICT = frozenset({"PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"})

# PLOVER type -> CAMEO root code, read off CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8,
# 17 Sep 2021, openeventdata/PLOVER): each type takes the root its CAMEO codes sit under
# ("03: AGREE", "04: CONSULT", ... "19: ASSAULT, military"). Types of the 0.5b1 gold set
# that 2021 merged are placed by their CAMEO block: INVESTIGATE = 09 (090-094), DEMAND =
# 10 (REQUEST), DISAPPROVE = 11 (ACCUSE 110-116), FIGHT = 19 (conventional force).
# CONCEDE and RETREAT share root 08 (080-083 vs 084-087). ASSAULT also covers root 20
# (mass violence); the root given is 18. CAMEO 01 (statements) and 02 (appeals) have no
# PLOVER type.
CAMEO_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "INVESTIGATE": "09", "DEMAND": "10", "DISAPPROVE": "11",
    "REJECT": "12", "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16",
    "COERCE": "17", "ASSAULT": "18", "FIGHT": "19",
}
# The same types under the 2021 ontology's names.
PLOVER_2021: dict[str, str] = {t: t for t in TYPES} | {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}

# -- trigger words: lemma -> (type, mode) ------------------------------------------------------
# Modes follow the gold set's vocabulary ("visit", "host", "demo-org", "strike-hun",
# "obstruct", "riot-spon", "arrest", "detain", "deport", "curfew", "censor", "destroy",
# "beat", "torture", "explosives", "assassinate", "firearms", "heavy-weapons", ...).
_V: dict[str, tuple[str, str | None]] = {}


def _add(table: dict[str, tuple[str, str | None]], kind: str, words: str, mode: str | None = None) -> None:
    for word in words.split():
        table.setdefault(word, (kind, mode))


# Verbs.
_add(_V, "AGREE", "agree consent")
_add(_V, "CONSULT", "meet negotiate discuss confer consult mediate parley broker")
_add(_V, "CONSULT", "visit tour", "visit")
_add(_V, "CONSULT", "host receive", "host")
_add(_V, "CONSULT", "telephone phone", "phone")
_add(_V, "SUPPORT", "praise hail commend laud applaud congratulate endorse thank salute apologize apologise "
     "forgive recognize recognise support back welcome defend reassure approve ratify honor honour sympathize "
     "sympathise condole")
_add(_V, "COOPERATE", "cooperate co-operate collaborate coordinate extradite partner invest ally")
_add(_V, "AID", "aid assist help supply provide donate deliver distribute ship airlift evacuate rescue feed shelter lend "
     "fund finance contribute")
_add(_V, "CONCEDE", "concede yield accede relax ease legalize legalise pardon amnesty reform liberalize liberalise "
     "reinstate compromise")
_add(_V, "RETREAT", "withdraw retreat release free surrender disarm demobilize demobilise resign "
     "repatriate abdicate relinquish decommission dismantle vacate disband")
_add(_V, "INVESTIGATE", "investigate probe audit examine inspect question interrogate inquire scrutinize "
     "scrutinise verify review")
_add(_V, "DEMAND", "demand urge request appeal implore beseech exhort petition plead insist")
_add(_V, "DISAPPROVE", "accuse criticize criticise condemn denounce blame deplore rebuke censure castigate slam "
     "chastise reprimand decry lambaste berate assail fault complain sue allege scold blast chide reproach "
     "summon convict disapprove object")
_add(_V, "REJECT", "reject refuse decline rebuff spurn veto renege repudiate violate defy disobey dismiss snub "
     "oppose resist ignore disregard")
_add(_V, "THREATEN", "threaten warn menace")
_add(_V, "PROTEST", "protest demonstrate rally march picket", "demo-org")
_add(_V, "PROTEST", "riot", "riot-spon")
_add(_V, "PROTEST", "block barricade obstruct", "obstruct")
_add(_V, "PROTEST", "boycott", "boycott")
_add(_V, "MOBILIZE", "mobilize mobilise deploy mass reinforce conscript fortify", "troops")
_add(_V, "SANCTION", "sanction embargo sever suspend recall downgrade freeze blacklist withhold", None)
_add(_V, "COERCE", "arrest detain jail imprison apprehend intern", "arrest")
_add(_V, "COERCE", "kidnap abduct hijack", "detain")
_add(_V, "COERCE", "deport expel banish exile evict", "deport")
_add(_V, "COERCE", "confiscate seize impound nationalize nationalise expropriate", "confiscate")
_add(_V, "COERCE", "demolish raze bulldoze destroy", "destroy")
_add(_V, "COERCE", "ban outlaw prohibit censor muzzle gag dissolve close", "censor")
_add(_V, "COERCE", "blockade besiege occupy annex", "restrict")
_add(_V, "COERCE", "raid indict prosecute charge sentence search crack disperse fine", "arrest")
_add(_V, "COERCE", "crush suppress quell repress harass intimidate oust depose topple overthrow", None)
_add(_V, "COERCE", "bar jam seal cordon restrict curb", "restrict")
_add(_V, "ASSAULT", "kill murder massacre slaughter stab behead lynch slay wound injure maim execute hang "
     "mutilate poison", None)
_add(_V, "ASSAULT", "assassinate", "assassinate")
_add(_V, "ASSAULT", "bomb explode detonate", "explosives")
_add(_V, "ASSAULT", "shoot gun snipe", "firearms")
_add(_V, "ASSAULT", "beat flog whip", "beat")
_add(_V, "ASSAULT", "torture", "torture")
_add(_V, "ASSAULT", "rape", "sexual")
_add(_V, "ASSAULT", "attack assault ambush storm hit strike burn torch loot ransack vandalize vandalise target "
     "hurl", None)
_add(_V, "FIGHT", "fight battle clash skirmish combat invade", None)
_add(_V, "FIGHT", "shell bombard pound strafe torpedo sink", "heavy-weapons")
_add(_V, "FIGHT", "capture retake recapture overrun conquer liberate", "heavy-weapons")
VERBS: dict[str, tuple[str, str | None]] = _V

_N: dict[str, tuple[str, str | None]] = {}
_add(_N, "AGREE", "pledge promise commitment")
_add(_N, "CONSULT", "meeting talk negotiation discussion consultation summit mediation conference dialogue "
     "parley")
_add(_N, "CONSULT", "visit trip tour", "visit")
_add(_N, "SUPPORT", "praise endorsement apology recognition support solidarity condolence congratulation tribute "
     "backing approval")
_add(_N, "SUPPORT", "agreement accord treaty pact deal memorandum protocol")
_add(_N, "COOPERATE", "cooperation co-operation collaboration partnership exercise drill maneuver manoeuvre "
     "extradition investment patrol alliance")
_add(_N, "AID", "aid assistance relief asylum donation airlift loan grant shipment peacekeeping peacekeeper "
     "funding")
_add(_N, "CONCEDE", "concession amnesty pardon reform")
_add(_N, "RETREAT", "withdrawal pullout pull-out retreat release ceasefire cease-fire truce armistice surrender "
     "disarmament demobilization demobilisation resignation evacuation")
_add(_N, "INVESTIGATE", "investigation inquiry enquiry probe audit inquest inspection hearing review "
     "verification autopsy")
_add(_N, "DEMAND", "demand appeal request plea call petition")
_add(_N, "DISAPPROVE", "accusation criticism condemnation denunciation complaint lawsuit allegation "
     "rebuke censure concern regret dismay outrage displeasure disappointment")
_add(_N, "REJECT", "rejection refusal veto")
_add(_N, "THREATEN", "threat warning ultimatum")
_add(_N, "PROTEST", "protest demonstration rally march sit-in picket", "demo-org")
_add(_N, "PROTEST", "strike walkout", "strike-gen")
_add(_N, "PROTEST", "riot unrest", "riot-spon")
_add(_N, "PROTEST", "boycott", "boycott")
_add(_N, "PROTEST", "roadblock barricade", "obstruct")
_add(_N, "MOBILIZE", "mobilization mobilisation deployment buildup build-up reinforcement", "troops")
_add(_N, "MOBILIZE", "alert", "police")
_add(_N, "SANCTION", "sanction embargo suspension expulsion")
_add(_N, "COERCE", "arrest detention crackdown raid", "arrest")
_add(_N, "COERCE", "kidnapping abduction hijacking", "detain")
_add(_N, "COERCE", "deportation eviction", "deport")
_add(_N, "COERCE", "curfew", "curfew")
_add(_N, "COERCE", "blockade siege occupation annexation", "restrict")
_add(_N, "COERCE", "ban censorship", "censor")
_add(_N, "COERCE", "demolition", "destroy")
_add(_N, "ASSAULT", "attack assault killing murder massacre slaughter ambush execution", None)
_add(_N, "ASSAULT", "assassination", "assassinate")
_add(_N, "ASSAULT", "bombing bomb blast explosion bomber grenade", "explosives")
_add(_N, "ASSAULT", "torture", "torture")
_add(_N, "ASSAULT", "beating", "beat")
_add(_N, "FIGHT", "fighting fight battle clash skirmish combat offensive invasion war hostilities", None)
_add(_N, "FIGHT", "shelling bombardment airstrike air-strike artillery", "heavy-weapons")
_add(_N, "FIGHT", "gunfire gunbattle firefight", "firearms")
_add(_N, "ASSAULT", "shooting", "firearms")
NOUNS: dict[str, tuple[str, str | None]] = _N

# Multi-word triggers, matched on lemmas, longest first: (lemmas) -> (type, mode).
PHRASES: dict[tuple[str, ...], tuple[str, str | None]] = {
    ("hunger", "strike"): ("PROTEST", "strike-hun"),
    ("general", "strike"): ("PROTEST", "strike-gen"),
    ("sit", "in"): ("PROTEST", "demo-org"),
    ("open", "fire"): ("FIGHT", "firearms"),
    ("exchange", "fire"): ("FIGHT", "firearms"),
    ("air", "strike"): ("FIGHT", "heavy-weapons"),
    ("air", "raid"): ("FIGHT", "heavy-weapons"),
    ("war", "game"): ("COOPERATE", None),
    ("joint", "exercise"): ("COOPERATE", None),
    ("peace", "talk"): ("CONSULT", None),
    ("peace", "plan"): ("AGREE", None),
    ("state", "of", "emergency"): ("COERCE", "martial-law"),
    ("martial", "law"): ("COERCE", "martial-law"),
    ("diplomatic", "tie"): ("SUPPORT", None),
    ("diplomatic", "relation"): ("SUPPORT", None),
    ("political", "asylum"): ("AID", "asylum"),
    ("house", "arrest"): ("COERCE", "arrest"),
    ("car", "bomb"): ("ASSAULT", "explosives"),
    ("roadside", "bomb"): ("ASSAULT", "explosives"),
    ("suicide", "bombing"): ("ASSAULT", "suicide-attack"),
    ("suicide", "bomber"): ("ASSAULT", "suicide-attack"),
    ("suicide", "attack"): ("ASSAULT", "suicide-attack"),
    ("beat", "up"): ("ASSAULT", "beat"),
    ("pull", "out"): ("RETREAT", None),
    ("pull", "back"): ("RETREAT", None),
    ("hand", "over"): ("RETREAT", "return"),
    ("lay", "down"): ("RETREAT", "disarm"),
    ("step", "down"): ("RETREAT", None),
    ("set", "free"): ("RETREAT", "release"),
    ("call", "for"): ("DEMAND", None),
    ("call", "on"): ("DEMAND", None),
    ("call", "upon"): ("DEMAND", None),
    ("ask", "for"): ("DEMAND", None),
    ("press", "for"): ("DEMAND", None),
    ("turn", "down"): ("REJECT", None),
    ("rule", "out"): ("REJECT", None),
    ("speak", "by", "telephone"): ("CONSULT", "phone"),
    ("crack", "down"): ("COERCE", "arrest"),
    ("shut", "down"): ("COERCE", "censor"),
    ("set", "fire"): ("ASSAULT", None),
    ("shoot", "down"): ("FIGHT", "heavy-weapons"),
    ("look", "into"): ("INVESTIGATE", None),
    ("break", "off"): ("SANCTION", None),
    ("cut", "off"): ("SANCTION", None),
    ("take", "hostage"): ("COERCE", "detain"),
    ("hold", "hostage"): ("COERCE", "detain"),
    ("take", "into", "custody"): ("COERCE", "arrest"),
    ("round", "up"): ("COERCE", "arrest"),
    ("take", "to", "the", "street"): ("PROTEST", "demo-org"),
    ("gun", "down"): ("ASSAULT", "firearms"),
    ("blow", "up"): ("ASSAULT", "explosives"),
    ("call", "up"): ("MOBILIZE", "troops"),
    ("walk", "out"): ("SANCTION", "relations"),
    ("back", "down"): ("RETREAT", None),
    ("stand", "down"): ("RETREAT", None),
    ("give", "in"): ("CONCEDE", None),
    ("side", "with"): ("SUPPORT", None),
    ("stand", "by"): ("SUPPORT", None),
    ("pay", "tribute"): ("SUPPORT", None),
    ("team", "up"): ("COOPERATE", None),
    ("join", "force"): ("COOPERATE", None),
    ("missile", "test"): ("MOBILIZE", "weapons"),
    ("nuclear", "test"): ("MOBILIZE", "weapons"),
    ("test", "fire"): ("MOBILIZE", "weapons"),
    ("fact", "finding"): ("INVESTIGATE", None),
    ("hand", "back"): ("RETREAT", "return"),
    ("give", "up"): ("RETREAT", None),
    ("scale", "back"): ("RETREAT", None),
    ("call", "off"): ("SANCTION", "relations"),
    ("put", "on", "trial"): ("COERCE", "arrest"),
    ("seal", "off"): ("COERCE", "restrict"),
    ("cordon", "off"): ("COERCE", "restrict"),
    ("force", "out"): ("COERCE", "deport"),
    ("drive", "out"): ("COERCE", "deport"),
    ("put", "on", "alert"): ("MOBILIZE", "troops"),
    ("work", "together"): ("COOPERATE", None),
    ("share", "intelligence"): ("COOPERATE", None),
    ("share", "information"): ("COOPERATE", None),
}

# Verbs whose event is their object: "staged demonstrations", "imposed sanctions", "held
# talks", "lodged a protest", "signed an agreement", "launched an offensive".
LIGHT_VERBS: frozenset[str] = frozenset(
    "hold stage launch lodge file issue sign conclude conduct carry make take give begin start continue resume "
    "impose declare announce open establish provide send deliver grant extend reach strike mount wage "
    "express offer renew reiterate reaffirm intensify step escalate end complete finish join organise "
    "organize lead call put enter pass adopt initiate submit present voice signal show".split()
)

# Object classes that decide what a verb means: "lift sanctions" is not "lift a curfew".
NOUN_CLASSES: dict[str, frozenset[str]] = {
    "sanctions": frozenset("sanction embargo boycott blockade siege tariff".split()),
    "restrictions": frozenset("curfew ban restriction emergency law censorship closure order".split()),
    "aid": frozenset("aid assistance relief food medicine supply grain fuel loan fund funding money lending credit "
                     "help".split()),
    "trade": frozenset("import export trade flight investment oil shipment".split()),
    "monitors": frozenset("ambassador envoy diplomat inspector observer monitor peacekeeper peacekeeping "
                          "mission embassy staff worker".split()),
    "troops": frozenset("troop force soldier army unit division battalion brigade contingent reservist "
                        "warship ship tank".split()),
    "talks": frozenset("talk negotiation dialogue meeting process consultation discussion visit trip summit "
                       "conference".split()),
    "hostilities": frozenset("attack offensive fighting operation hostility hostilities bombing raid shelling "
                             "campaign war airstrike strike".split()),
    "barriers": frozenset("checkpoint roadblock barrier settlement outpost blockade siege".split()),
    "relations": frozenset("relation tie contact cooperation".split()),
    "assets": frozenset("asset account fund property holding".split()),
    "persons": frozenset("prisoner hostage detainee captive pow dissident".split()),
    "accords": frozenset("agreement accord treaty pact deal memorandum protocol convention charter".split()),
    "weapons": frozenset("weapon arm missile rocket gun ammunition munition tank bomb mortar round shell grenade "
                         "artillery bullet shot salvo volley".split()),
    "suspects": frozenset("suspect fugitive criminal militant terrorist".split()),
    "media": frozenset("publication newspaper paper broadcast station channel website outlet".split()),
    "places": frozenset("town city village territory area region province base airport position control "
                        "stronghold hill district port capital outpost garrison airfield".split()),
    "roads": frozenset("road street highway bridge traffic transport route railway rail access entrance "
                       "roadway crossing".split()),
    "proposals": frozenset("proposal plan resolution offer bill initiative invitation deal motion "
                           "candidacy nomination".split()),
    "rights": frozenset("right autonomy independence freedom amnesty election".split()),
    "truces": frozenset("ceasefire cease-fire truce armistice".split()),
    "protests": frozenset("protest complaint objection".split()),
}

# The more specific class wins when a noun phrase has words of several ("peacekeeping force").
CLASS_ORDER: tuple[str, ...] = (
    "monitors", "persons", "suspects", "media", "protests", "truces", "sanctions", "barriers", "restrictions", "aid",
    "trade", "accords", "proposals", "talks", "relations", "assets", "rights", "hostilities", "weapons", "roads",
    "places", "troops",
)
assert set(CLASS_ORDER) == set(NOUN_CLASSES), "every noun class needs a place in CLASS_ORDER"

# (verb lemmas, noun class) -> (type, mode): a verb read with its object.
FRAMES: tuple[tuple[frozenset[str], str, tuple[str, str | None]], ...] = (
    (frozenset("lift ease relax remove end scrap drop suspend waive".split()), "sanctions", ("RETREAT", "ease")),
    (frozenset("lift ease relax shorten remove end scrap waive".split()), "restrictions", ("CONCEDE", None)),
    (frozenset("impose declare introduce extend tighten announce".split()), "sanctions", ("SANCTION", None)),
    (frozenset("impose declare introduce extend tighten".split()), "restrictions", ("COERCE", "curfew")),
    (frozenset("withdraw recall expel pull evacuate".split()), "monitors", ("SANCTION", "expel")),
    (frozenset("withdraw pull".split()), "troops", ("RETREAT", "withdraw")),
    (frozenset("send deploy dispatch mass move station".split()), "troops", ("MOBILIZE", "troops")),
    (frozenset("send deploy dispatch".split()), "monitors", ("AID", "peacekeeping")),
    (frozenset("send deliver provide supply give donate ship airlift pledge offer grant".split()), "aid", ("AID", None)),
    (frozenset("send deliver provide supply give sell ship".split()), "weapons", ("AID", "military")),
    (frozenset("suspend halt cut stop freeze end cancel postpone break sever downgrade withhold".split()), "aid",
     ("SANCTION", "discontinue")),
    (frozenset("suspend halt cut stop freeze end cancel postpone break sever downgrade boycott".split()), "talks",
     ("SANCTION", "relations")),
    (frozenset("suspend halt cut stop freeze end cancel break sever downgrade".split()), "relations",
     ("SANCTION", "relations")),
    (frozenset("freeze block seize confiscate".split()), "assets", ("SANCTION", None)),
    (frozenset("ban halt suspend stop block embargo restrict cut curb boycott".split()), "trade", ("SANCTION", None)),
    (frozenset("release free return repatriate exchange swap".split()), "persons", ("RETREAT", "release")),
    (frozenset("sign conclude ink ratify".split()), "accords", ("SUPPORT", None)),
    (frozenset("reach strike".split()), "accords", ("AGREE", None)),
    (frozenset("reject rebuff spurn".split()), "accords", ("REJECT", None)),
    (frozenset("establish restore resume normalize normalise upgrade strengthen boost deepen expand improve "
               "enhance bolster develop forge".split()), "relations", ("SUPPORT", None)),
    (frozenset("open reopen resume start begin hold".split()), "talks", ("CONSULT", None)),
    (frozenset("lay surrender hand give".split()), "weapons", ("RETREAT", "disarm")),
    (frozenset("hand extradite deliver transfer surrender".split()), "suspects", ("COOPERATE", "legal")),
    (frozenset("suspend close shut ban censor raid".split()), "media", ("COERCE", "censor")),
    (frozenset("seize capture take retake recapture overrun occupy".split()), "places", ("FIGHT", "heavy-weapons")),
    (frozenset("block blockade barricade obstruct".split()), "roads", ("PROTEST", "obstruct")),
    (frozenset("block veto reject dismiss spurn rebuff".split()), "proposals", ("REJECT", None)),
    (frozenset("grant give restore allow".split()), "rights", ("CONCEDE", None)),
    (frozenset("violate break breach".split()), "truces", ("FIGHT", None)),
    (frozenset("declare announce agree observe".split()), "truces", ("RETREAT", "ceasefire")),
    (frozenset("fire launch".split()), "weapons", ("FIGHT", "heavy-weapons")),
    (frozenset("close shut".split()), "monitors", ("SANCTION", "relations")),
    (frozenset("halt stop suspend end cease scale freeze".split()), "hostilities", ("RETREAT", "ceasefire")),
    (frozenset("remove dismantle lift ease evacuate abandon".split()), "barriers", ("RETREAT", None)),
    (frozenset("reopen".split()), "roads", ("RETREAT", None)),
    (frozenset("cancel postpone".split()), "talks", ("SANCTION", "relations")),
    (frozenset("approve grant extend".split()), "aid", ("AID", None)),
    (frozenset("lodge file submit register deliver send issue".split()), "protests", ("DISAPPROVE", None)),
)

# -- verbs that frame another event --------------------------------------------------------
# Report an utterance; the event is in their complement ("X said it would ...").
REPORT_VERBS: frozenset[str] = frozenset(
    "say tell announce report state add claim confirm conclude note reveal write indicate explain reiterate "
    "declare stress emphasize emphasise assert affirm repeat quote cite believe think "
    "argue suggest contend maintain acknowledge admit disclose inform".split()
)
# Express an intent: the type is AGREE for cooperative complements, THREATEN for hostile ones.
INTENT_VERBS: frozenset[str] = frozenset(
    "offer promise pledge vow swear commit volunteer intend plan propose decide resolve undertake guarantee "
    "prepare aim seek want hope".split()
)
# With a noun object these ask for something: "sought the extradition of X" is a demand.
SEEK_VERBS: frozenset[str] = frozenset({"seek"})
INTENT_ADJECTIVES: frozenset[str] = frozenset("willing ready prepared determined eager keen set poised".split())
AGREE_VERBS: frozenset[str] = frozenset("agree consent accept".split())
THREAT_VERBS: frozenset[str] = frozenset("threaten warn".split())
REFUSAL_VERBS: frozenset[str] = frozenset("refuse decline reject rebuff spurn veto renege resist oppose".split())
DEMAND_VERBS: frozenset[str] = frozenset("demand request insist petition".split())
# Appeals (CAMEO 02, which PLOVER does not keep as a type of its own): an appeal to support
# someone is SUPPORT ("rally support on behalf of", 053), an appeal to act against someone
# DISAPPROVE ("rally opposition against", 113); any other appeal is a DEMAND.
APPEAL_VERBS: frozenset[str] = frozenset("urge ask appeal press implore beseech exhort plead encourage "
                                         "call".split())
# Verbs of arrival: the event is who arrives ("peacekeepers arrived" AID, "troops" MOBILIZE).
ARRIVAL_VERBS: frozenset[str] = frozenset("arrive land enter reach deploy".split())
# Verbs of leaving: troops that leave a place retreat ("troops left the town" RETREAT).
DEPARTURE_VERBS: frozenset[str] = frozenset("leave depart quit exit".split())
ACCUSE_VERBS: frozenset[str] = frozenset("accuse blame criticize criticise condemn denounce fault charge".split())
DENY_VERBS: frozenset[str] = frozenset("deny refute".split())

# Verbs that pass their complement's event through ("ordered X to suspend", "began to withdraw").
TRANSPARENT_VERBS: frozenset[str] = frozenset("order force begin start continue resume try attempt manage move vote "
                                              "help make".split())
# "allowed X to Y": letting something happen is yielding (CAMEO 08; 086 when monitors come in).
ALLOW_VERBS: frozenset[str] = frozenset("allow permit let".split())
# Nouns that frame a clause as an intent: "expressed its readiness to allow ...".
INTENT_NOUNS: frozenset[str] = frozenset("readiness willingness intention intent desire commitment determination plan "
                                         "pledge promise offer decision".split())
# Accepting or agreeing to these is yielding to them (CAMEO 083), not agreeing.
DEMAND_NOUNS: frozenset[str] = frozenset("demand request call condition ultimatum".split())
# Nouns that take their event from a modifier: "a mediation effort", "a military operation".
GENERIC_EVENT_NOUNS: frozenset[str] = frozenset(
    "effort operation campaign mission process program programme initiative action move bid round session "
    "activity measure step duel exchange".split()
)
# A "strike" with these modifiers is a military one ("missile strikes"), not a walkout.
STRIKE_MODIFIERS: frozenset[str] = frozenset("missile air drone rocket military retaliatory preemptive pre-emptive "
                                             "nuclear israeli iranian russian american us".split())
# Manoeuvres: joint ones are cooperation (CAMEO 062), one side's a show of force (CAMEO 15).
EXERCISE_NOUNS: frozenset[str] = frozenset("exercise drill maneuver manoeuvre game patrol".split())
# A state's forces: their attacks are conventional force (CAMEO 19, FIGHT), others' CAMEO 18.
MILITARY_NOUNS: frozenset[str] = frozenset("army troop force soldier military jet warplane aircraft helicopter "
                                           "gunship tank artillery navy warship gunboat battalion division marine "
                                           "paratrooper".split())
# Attackers outside a state's forces: their shooting is an assault, not combat.
IRREGULAR_ATTACKERS: frozenset[str] = frozenset("gunman assailant attacker terrorist sniper bomber kidnapper "
                                                "hijacker".split())
# Who brings charges in court: their "charged X with" is legal action (CAMEO 173), not an accusation.
LEGAL_ACTORS: frozenset[str] = frozenset("police prosecutor prosecution court judge magistrate authority "
                                         "investigator".split())
# Protesters' violence is a riot (CAMEO 145).
PROTESTER_NOUNS: frozenset[str] = frozenset("protester protestor demonstrator rioter marcher crowd mob "
                                            "striker".split())
# Subjects whose "protest" is a complaint (CAMEO 114), not a street protest.
OFFICIAL_NOUNS: frozenset[str] = frozenset("government ministry minister president embassy country state".split())

# -- actors --------------------------------------------------------------------------------------
# Prepositions that introduce the other party of an event, most telling first.
TARGET_PREPS: tuple[str, ...] = ("against", "on", "upon", "with", "toward", "towards", "to", "from", "at", "into",
                                 "between", "for", "of", "over", "in", "by")
# Prepositions that introduce an argument of the act ("return to talks", "put under investigation");
# others ("as", "despite", "after") give circumstances, where no event is looked for.
ARGUMENT_PREPS: frozenset[str] = frozenset("to in into on with for from at against over toward towards between "
                                           "under".split())
# Heads that count or group the actors: "thousands of students", "a group of refugees".
QUANTITY_HEADS: frozenset[str] = frozenset(
    "ten tens hundred hundreds thousand thousands million millions dozen dozens score scores group number batch "
    "patch contingent deployment part some many most all none handful unit band".split()
)
PRONOUNS: frozenset[str] = frozenset("it they he she we i you them him her us its their this that which "
                                     "who".split())

# -- modality -----------------------------------------------------------------------------
FUTURE_AUX: frozenset[str] = frozenset({"will", "shall", "'ll", "wo", "’ll"})
HYPOTHETICAL_AUX: frozenset[str] = frozenset({"could", "might", "would"})
PREDICTED_AUX: frozenset[str] = frozenset({"may"})
OBLIGATION_AUX: frozenset[str] = frozenset({"must", "should"})
# Words that make the event a plan ("is scheduled to meet", "plans to visit").
PLAN_WORDS: frozenset[str] = frozenset("schedule plan intend due set slate arrange prepare aim".split())
# Words that make it a prediction ("is expected to", "likely", "forecast").
PREDICTION_WORDS: frozenset[str] = frozenset(
    "expect likely unlikely predict forecast anticipate probably possibly poise foresee project".split()
)
CONDITION_MARKS: frozenset[str] = frozenset({"if", "unless", "whether", "should"})
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "no", "’t"})

# Common nouns that denote actors, for choosing a target among a verb's dependents.
PEOPLE_NOUNS: frozenset[str] = frozenset(
    "government people official leader minister president army force troop soldier police rebel militant "
    "guerrilla refugee protester demonstrator student worker civilian resident villager prisoner detainee "
    "party group council parliament ministry authority regime opposition faction militia fighter insurgent "
    "country nation state administration cabinet agency organization organisation union movement embassy "
    "diplomat envoy ambassador negotiator mediator inspector observer peacekeeper delegation member "
    "journalist newspaper settler citizen national official".split()
)

# -- inflection ------------------------------------------------------------------------------
_IRREGULAR: dict[str, str] = {
    "met": "meet", "struck": "strike", "stricken": "strike", "fought": "fight", "shot": "shoot", "held": "hold",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "sent": "send", "brought": "bring",
    "withdrew": "withdraw", "withdrawn": "withdraw", "broke": "break", "broken": "break", "swore": "swear",
    "sworn": "swear", "froze": "freeze", "frozen": "freeze", "forbade": "forbid", "forbidden": "forbid",
    "led": "lead", "hit": "hit", "shut": "shut", "cut": "cut", "fled": "flee", "laid": "lay", "made": "make",
    "spoke": "speak", "spoken": "speak", "told": "tell", "began": "begin", "begun": "begin", "rose": "rise",
    "overran": "overrun", "overthrew": "overthrow", "overthrown": "overthrow", "said": "say", "sought": "seek",
    "beaten": "beat", "set": "set", "put": "put", "won": "win", "lost": "lose", "wrote": "write",
    "written": "write", "thought": "think", "bought": "buy", "sold": "sell", "slew": "slay", "slain": "slay",
    "went": "go", "gone": "go", "came": "come", "drove": "drive", "driven": "drive", "threw": "throw",
    "thrown": "throw", "hung": "hang", "hanged": "hang", "stood": "stand", "kept": "keep", "left": "leave",
    "meant": "mean", "paid": "pay", "ran": "run", "saw": "see", "seen": "see", "undertook": "undertake",
    "withheld": "withhold", "upheld": "uphold", "undertaken": "undertake", "forgave": "forgive", "forgiven": "forgive", "news": "news", "chose": "choose", "chosen": "choose", "fell": "fall",
    "fallen": "fall", "bore": "bear", "borne": "bear", "woke": "wake", "rode": "ride", "stole": "steal",
    "stolen": "steal", "dealt": "deal", "felt": "feel", "heard": "hear", "read": "read", "spent": "spend",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be", "'s": "be",
    "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do",
    "wo": "will", "ca": "can", "'ll": "will", "’ll": "will", "'d": "would", "’d": "would",
}


@lru_cache(maxsize=65536)
def lemma_candidates(word: str) -> tuple[str, ...]:
    """Possible lemmas of an English word form, most likely first (no dictionary check)."""
    w = word.lower()
    if w in _IRREGULAR:
        return (_IRREGULAR[w], w)
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 3:
        out.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])
    if w.endswith("ied") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("ed") and len(w) > 3:
        out.extend((w[:-1], w[:-2]))
        if len(w) > 4 and w[-3] == w[-4]:
            out.append(w[:-3])
    if w.endswith("ing") and len(w) > 4:
        out.extend((w[:-3], w[:-3] + "e"))
        if len(w) > 5 and w[-4] == w[-5]:
            out.append(w[:-4])
        if w.endswith("ying"):
            out.append(w[:-4] + "ie")
    return tuple(dict.fromkeys(out))
