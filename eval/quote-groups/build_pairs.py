"""Build eval/quote-groups/pairs.jsonl from eval/quotes/gold.jsonl.

Candidate pairs = quotes from different documents of the same ECB+ topic whose
speaker strings match after normalisation (equal, or one is a token suffix of
the other), plus hand-added pairs (speaker aliases, different-speaker negatives,
cross-topic negatives). Labels are assigned by hand below: SAME lists the
`same` pairs, EXCLUDE lists candidate pairs left out as undecidable, every other
candidate is `different`. Quote ids are "<doc stem>#<index in gold quotes>".
Run: .venv/bin/python eval/quote-groups/build_pairs.py  (writes pairs.jsonl, verifies
offsets against the texts rebuilt from ../shared/data by sitroom.evaluate.quotes)
"""
import itertools, json, os, re, collections

from sitroom.evaluate.quotes import article_text

HERE = os.path.dirname(os.path.abspath(__file__))
QDIR = os.path.join(HERE, '..', 'quotes')

docs = [json.loads(l) for l in open(os.path.join(QDIR, 'gold.jsonl'))]
Q = {}
for d in docs:
    stem = d['doc'][len('texts/'):-len('.txt')]
    for i, q in enumerate(d['quotes']):
        Q[f'{stem}#{i}'] = dict(q, doc=d['doc'], stem=stem, topic=stem.split('_')[0])


def norm(s):
    s = s.lower().replace('.', ' ').replace('\u2019', "'")
    s = re.sub(r'\s+', ' ', s).strip()
    return re.sub(r'^(the|a|an) ', '', s)


def speaker_match(a, b):
    if a is None or b is None:
        return False
    a, b = norm(a), norm(b)
    if a.replace(' ', '') == b.replace(' ', ''):
        return True
    ta, tb = a.split(), b.split()
    if len(ta) < len(tb):
        ta, tb = tb, ta
    return ta[-len(tb):] == tb


def key(a, b):
    return tuple(sorted((a, b)))

# ---------------------------------------------------------------- same pairs
# value: (note, hard)
SAME = {
    # topic 1: Tara Reid rehab (publicist Jack Ketsoyan = "Reid 's rep")
    key('1_3ecb#0', '1_2ecb#0'): ("publicist's announcement: checked into Promises / checked herself into rehab", False),
    key('1_3ecb#0', '1_2ecb#1'): ("publicist's announcement that she went to Promises Treatment Center", False),
    key('1_3ecb#1', '1_2ecb#2'): ("verbatim privacy statement", False),
    key('1_11ecb#0', '1_3ecb#0'): ("rep confirmed rehab: 'entered a rehab program' vs 'checked into Promises'", True),
    key('1_11ecb#0', '1_2ecb#0'): ("same rehab announcement, paraphrased", False),
    key('1_11ecb#0', '1_2ecb#1'): ("same rehab announcement, paraphrased", True),
    key('1_11ecb#1', '1_3ecb#0'): ("direct vs indirect rendering of 'checked herself into Promises'", False),
    key('1_11ecb#1', '1_2ecb#0'): ("direct vs indirect: checked herself into Promises / rehab", False),
    key('1_11ecb#1', '1_2ecb#1'): ("direct vs indirect: Promises Treatment Center", False),
    key('1_11ecb#2', '1_3ecb#1'): ("verbatim privacy statement; speaker 'Reid 's rep' = Ketsoyan", False),
    key('1_11ecb#2', '1_2ecb#2'): ("verbatim privacy statement; speaker 'Reid 's rep' = Ketsoyan", False),
    key('1_3ecb#6', '1_11ecb#5'): ("People interview: described herself as a social drinker", False),
    key('1_3ecb#6', '1_11ecb#6'): ("People interview: 'social drinker' partial in both", False),
    key('1_3ecb#7', '1_11ecb#7'): ("same People interview answer; 1_11 fuller, 1_3 abridged and reworded", False),
    # topic 2: Ellen DeGeneres Oscars press release
    key('2_7ecbplus#2', '2_4ecbplus#1'): ("verbatim press-release quote", False),
    key('2_7ecbplus#1', '2_4ecbplus#2'): ("verbatim; 'Craig Zadan and Neil Meron' vs 'Zadan and Meron'", False),
    key('2_7ecbplus#3', '2_4ecbplus#3'): ("verbatim; 'Cheryl Boone Isaacs' vs 'Boone Isaacs'", False),
    key('2_7ecbplus#4', '2_4ecbplus#4'): ("verbatim first sentence of Paul Lee quote", False),
    # topic 3: Brian Nichols sentencing
    key('3_5ecb#4', '3_8ecb#0'): ("full vs partial: 'I will not bring dishonor ...'", False),
    key('3_5ecb#4', '3_8ecb#3'): ("overlap only in 'I am sorry': 3_5 seems to join the end of 3_8's apology sentence to the 'dishonor' sentence", True),
    # topic 4: Bettie Page death
    key('4_2ecb#3', '4_5ecb#1'): ("Roesler tribute; 4_2 has 'of men and women'", False),
    key('4_2ecb#4', '4_5ecb#1'): ("'She is the embodiment of beauty' is the second half of 4_5's quote", False),
    key('4_2ecb#2', '4_5ecb#0'): ("'A representative' = agent Roesler; both report his death announcement (died Thursday evening)", True),
    # topic 5: Cheeks fired
    key('5_2ecb#3', '5_1ecb#2'): ("same sentence; 5_1 adds 'I made the decision because'", False),
    key('5_2ecb#4', '5_1ecb#3'): ("same sentence ('did n't feel ... executing' vs 'feel ... were n't executing'); 5_1 continues", False),
    # topic 10: Red Sox out of Teixeira chase (Henry e-mail)
    key('10_4ecbplus#4', '10_6ecb#2'): ("Henry's e-mail 'we are not going to be a factor', attributed to 'The Red Sox' in 10_6", False),
    key('10_4ecbplus#4', '10_6ecb#3'): ("partial 'are not going to be a factor' from Henry's e-mail", False),
    key('10_4ecbplus#0', '10_6ecb#2'): ("Red Sox saying they were outbid = their 'not going to be a factor' statement, paraphrased", True),
    key('10_4ecbplus#0', '10_6ecb#3'): ("Red Sox saying they were outbid = their 'not going to be a factor' statement, paraphrased", True),
    # topic 13: Wasilla Bible Church fire, Palin's office statement
    key('13_1ecb#3', '13_18ecb#6'): ("spokesman McAllister's sentence = second sentence of office statement", False),
    key('13_1ecb#1', '13_18ecb#6'): ("'undeserved negative attention' taken from the office statement", False),
    key('13_1ecb#0', '13_18ecb#6'): ("Palin's apology reported via her office's statement; speakers 'Sarah Palin' vs 'her office'", True),
    # topic 14: Waitrose Banstead fire, Surrey Police statement
    key('14_4ecb#6', '14_5ecb#2'): ("verbatim police statement sentence", False),
    key('14_4ecb#7', '14_5ecb#5'): ("verbatim (High Street capitalisation differs)", False),
    key('14_4ecb#2', '14_5ecb#0'): ("'potentially suspicious' partial from the police statement", False),
    key('14_4ecb#0', '14_5ecb#3'): ("paraphrase of police statement: residents evacuated, roads closed", True),
    # topic 18: Vancouver office-party shooting
    key('18_7ecb#6', '18_14ecb#0'): ("verbatim, news conference", False),
    key('18_7ecb#7', '18_14ecb#2'): ("verbatim, news conference", False),
    key('18_1ecb#2', '18_14ecb#1'): ("indirect rewrite of 'at least a dozen other people on the scene'", True),
    key('18_1ecb#0', '18_7ecb#3'): ("police announcement that the 61-year-old was charged Saturday with first-degree murder", False),
    key('18_7ecb#0', '18_14ecb#0'): ("lede 'police said' paraphrases Fanning's 'man who had just been let go ... shot and killed another man'", True),
    key('18_1ecb#1', '18_14ecb#0'): ("AP rewrite of the same Fanning quote with names added ('recently been fired' ~ 'just been let go')", True),
    key('18_1ecb#1', '18_7ecb#6'): ("AP rewrite of the same Fanning quote with names added ('recently been fired' ~ 'just been let go')", True),
    key('18_1ecb#1', '18_7ecb#0'): ("both paraphrase Fanning's 'just been let go ... shot and killed another man'; police vs Fanning", True),
    # topic 21: Raj Chohan hit-and-run
    key('21_3ecbplus#1', '21_4ecbplus#1'): ("same police account: just parked her car, ~7 p.m., 97th Ave/117th St, 2013 Camry", False),
    key('21_3ecbplus#0', '21_4ecbplus#0'): ("both ledes render the police account: woman killed by drunken hit-and-run driver; 'cops and family' vs 'police'", True),
    # topic 23: Mt Cook climber death
    key('23_8ecbplus#2', '23_11ecbplus#3'): ("both 'it appears as if' the party was ill-equipped/unprepared; reworded direct quotes", True),
    key('23_8ecbplus#5', '23_11ecbplus#4'): ("indirect 'deaths were a reminder climbers need extreme caution' ~ 'extremely dangerous area ... make sure you know what you're doing'", True),
    # topic 32: John Jenkin hearing at Barrow (Furness) magistrates
    key('32_4ecbplus#0', '32_5ecbplus#3'): ("'the court heard' (speaker null) = court clerk Bates at the same magistrates' hearing", True),
}

# candidate pairs found by the speaker rule but left out (label undecidable)
EXCLUDE = {
    key('1_3ecb#7', '1_11ecb#5'): "1_11's 'no longer tempted to fall back into her old habits' may paraphrase the quoted answer",
    key('18_1ecb#0', '18_7ecb#0'): "two police-said ledes, partly overlapping (shooting) but 18_1's claim is the Saturday charge",
    key('21_3ecbplus#1', '21_4ecbplus#0'): "lede vs detailed account of the same police report, partial overlap",
}
EXCLUDE_EXTRA = {  # undecidable pairs not produced by the speaker rule (documented only)
    key('18_1ecb#0', '18_14ecb#0'): "charge lede vs Friday news-conference quote, partial overlap",
    key('18_7ecb#3', '18_14ecb#2'): "Saturday charge/surrender statement vs negotiators quote, partial overlap",
    key('21_3ecbplus#0', '21_4ecbplus#1'): "lede vs detailed account of the same police report, partial overlap",
}

# hard `different` pairs among the automatic candidates: note
HARD_DIFF = {
    key('2_7ecbplus#2', '2_4ecbplus#0'): "same speaker, same news: tweet vs press-release statement",
    key('2_7ecbplus#5', '2_4ecbplus#4'): "next sentence of the same Paul Lee quote (not carried by 2_4)",
    key('4_2ecb#0', '4_5ecb#2'): "two differently worded Hefner tributes (both 'iconic figure', fashion); too different for one direct quote",
    key('5_2ecb#3', '5_1ecb#3'): "adjacent sentences of the same remark, no shared content",
    key('5_2ecb#4', '5_1ecb#2'): "adjacent sentences of the same remark, no shared content",
    key('5_2ecb#1', '5_1ecb#3'): "both praise Cheeks ('gentleman throughout' / 'very gracious'), different words",
    key('5_2ecb#0', '5_1ecb#3'): "'met with Cheeks' vs what he told Mo: different content",
    key('13_1ecb#4', '13_18ecb#1'): "same claim (arson) but apparently different interviews (13_18: told the Anchorage Daily News)",
    key('13_1ecb#4', '13_18ecb#2'): "same claim (arson) but apparently different interviews",
    key('13_1ecb#4', '13_18ecb#0'): "arson vs 'suspicious': same theme, different interviews",
    key('13_1ecb#5', '13_18ecb#3'): "both: too early/hard to say whether Palin link; different interviews and words",
    key('13_1ecb#6', '13_18ecb#4'): "same content (no info on intent or motive), different direct wording -> separate interviews",
    key('13_1ecb#6', '13_18ecb#3'): "no motive information vs too early to link to Palin; related, different interviews",
    key('13_1ecb#5', '13_18ecb#4'): "same theme (no leads), different interviews and words",
    key('18_1ecb#3', '18_7ecb#7'): "written statement about negotiation/surrender vs news-conference quote about negotiators",
    key('18_1ecb#3', '18_14ecb#2'): "written statement about negotiation/surrender vs news-conference quote about negotiators",
    key('18_1ecb#2', '18_14ecb#3'): "dozen people at party vs no one else injured",
    key('23_8ecbplus#2', '23_11ecbplus#1'): "ill-equipped party vs 'wearing crampons but inexperienced' (the dead man)",
    key('23_8ecbplus#2', '23_11ecbplus#5'): "equipment/preparation vs 'lack of experience' remark about this death",
    key('23_8ecbplus#4', '23_11ecbplus#2'): "'winter conditions' vs 'snow and ice in very steep conditions'",
    key('23_8ecbplus#5', '23_11ecbplus#3'): "warning to climbers vs assessment of this party",
    key('35_1ecb#6', '35_10ecbplus#5'): "same GM, different arrests: 'We take ... very seriously' in both",
    key('27_4ecb#4', '27_8ecbplus#2'): "different IE flaws (2008 vs 2013), similar 'versions potentially affected' statement",
    key('35_1ecb#6', '35_10ecbplus#3'): "same GM, different player/arrest: 'we will monitor the situation' in both",
    key('35_1ecb#5', '35_10ecbplus#2'): "same GM, different player/arrest: 'the issue involving <player>' in both",
    key('29_10ecb#0', '29_9ecb#5'): "same post-game, different remarks",
}

# ------------------------------------------------------------ extra pairs
# (a, b, label, note, hard)
# speaker aliases, same topic (same person/body under different strings)
EXTRA_ALIAS = [
    ('1_11ecb#0', '1_3ecb#1', 'different', "rep: rehab announcement vs privacy sentence", False),
    ('1_11ecb#0', '1_2ecb#2', 'different', "rep: rehab announcement vs privacy sentence", False),
    ('1_11ecb#1', '1_3ecb#1', 'different', "next sentence of the same statement, no shared content", True),
    ('1_11ecb#1', '1_2ecb#2', 'different', "next sentence of the same statement, no shared content", True),
    ('1_11ecb#2', '1_3ecb#0', 'different', "privacy sentence vs rehab announcement", False),
    ('1_11ecb#2', '1_2ecb#0', 'different', "privacy sentence vs rehab announcement", False),
    ('1_11ecb#2', '1_2ecb#1', 'different', "privacy sentence vs rehab announcement", False),
    ('2_7ecbplus#0', '2_4ecbplus#2', 'different', "producers' announcement vs their 'thrilled' quote", True),
    ('6_4ecb#1', '6_6ecbplus#0', 'different', "The Hollywood Reporter = THR; different stories (Twilight vs Hunger Games)", False),
    ('6_4ecb#1', '6_6ecbplus#3', 'different', "The Hollywood Reporter = THR; different stories", False),
    ('6_4ecb#2', '6_6ecbplus#0', 'different', "The Hollywood Reporter = THR; different stories", False),
    ('6_4ecb#2', '6_6ecbplus#4', 'different', "The Hollywood Reporter = THR; different stories", False),
    ('9_7ecbplus#3', '9_2ecbplus#4', 'different', "Obama campaign spokesman (2008) vs President Obama (2009), both on ESA protections", True),
    ('10_4ecbplus#6', '10_6ecb#2', 'different', "non-overlapping fragment ('other offers') of the same Henry e-mail sentence", True),
    ('10_4ecbplus#6', '10_6ecb#3', 'different', "non-overlapping fragment ('other offers') of the same Henry e-mail sentence", True),
    ('10_4ecbplus#8', '10_6ecb#2', 'different', "Henry to AP on Wednesday ('We all have limits') vs e-mail", False),
    ('10_4ecbplus#9', '10_6ecb#3', 'different', "Henry to AP on Wednesday vs e-mail", False),
    ('10_4ecbplus#10', '10_6ecb#2', 'different', "Henry on spending vs e-mail", False),
    ('10_4ecbplus#7', '10_6ecb#0', 'different', "Angels: made an offer (last week) vs spokesman Mead: withdrew offer", True),
    ('10_4ecbplus#7', '10_6ecb#1', 'different', "Angels: made an offer vs 'out of the Mark Teixeira derby'", False),
    ('12_7ecb#2', '12_4ecbplus#3', 'different', "Indian navy vs navy officer; different anti-piracy operations (23 vs 26 pirates)", True),
    ('12_7ecb#0', '12_4ecbplus#5', 'different', "Indian navy vs navy officer; different operations", False),
    ('13_1ecb#3', '13_18ecb#4', 'different', "Palin spokesman vs fire chief", False),
    ('14_4ecb#0', '14_5ecb#5', 'different', "police: evacuation/road closures vs 'avoid the High Street area'", True),
    ('14_4ecb#2', '14_5ecb#2', 'different', "police: 'potentially suspicious' vs 'almost totally destroyed'", False),
    ('18_7ecb#0', '18_14ecb#2', 'different', "police lede vs negotiators quote", False),
    ('21_1ecb#0', '21_3ecbplus#0', 'different', "police, different hit-and-runs (Bloomington vs Queens)", False),
    ('25_9ecb#0', '25_6ecbplus#1', 'different', "Saints (Reggie Bush on IR) vs Saints coach Payton on another game/player", False),
    ('27_4ecb#1', '27_8ecbplus#3', 'different', "Microsoft security staffer vs Microsoft; different flaws and advice", True),
    ('27_4ecb#2', '27_8ecbplus#4', 'different', "Microsoft security staffer vs Microsoft; different advice", False),
    ('33_4ecb#8', '33_2ecbplus#0', 'different', "DA Soares vs prosecutors in a different trial", False),
    ('34_10ecbplus#2', '34_4ecbplus#4', 'different', "Office of the Surgeon General vs the Surgeon General nominee", False),
]
# different speakers, same topic
EXTRA_DIFFSPK = [
    ('2_7ecbplus#3', '2_9ecb#2', 'different', "'Ellen is the ideal host' vs 'Hugh is the ideal choice to host' (different years)", True),
    ('2_7ecbplus#0', '2_9ecb#0', 'different', "host announcements for different ceremonies", True),
    ('2_7ecbplus#3', '2_9ecb#1', 'different', "Academy president vs the Academy, different ceremonies", False),
    ('2_7ecbplus#1', '2_9ecb#2', 'different', "producers of different ceremonies", False),
    ('2_4ecbplus#0', '2_7ecbplus#0', 'different', "DeGeneres's tweet vs producers' announcement of the same news", True),
    ('3_5ecb#3', '3_8ecb#3', 'different', "AJC's 'offered a show of remorse' vs Nichols's apology itself", True),
    ('3_5ecb#0', '3_8ecb#1', 'different', "AJC report of the sentence vs judge's words", False),
    ('6_4ecb#0', '6_8ecb#4', 'different', "industry sources vs EW's sources: both say Weitz to direct New Moon", True),
    ('6_4ecb#1', '6_8ecb#2', 'different', "THR vs EW on Weitz", True),
    ('6_4ecb#0', '6_8ecb#6', 'different', "sources vs studio denial", False),
    ('8_1ecb#0', '8_4ecbplus#0', 'different', "deaths in two different bank bombings (Oregon vs Athens)", True),
    ('9_7ecbplus#1', '9_2ecbplus#0', 'different', "Salazar vs Obama, both on restoring ESA protections", True),
    ('9_7ecbplus#4', '9_2ecbplus#6', 'different', "two conservation groups praising the reversal", True),
    ('13_1ecb#8', '13_18ecb#5', 'different', "fire chief vs AP (gold speaker) on fire set at the entrance; AP may itself render Steele", True),
    ('13_1ecb#9', '13_18ecb#4', 'different', "pastor vs fire chief", False),
    ('13_1ecb#2', '13_9ecbplus#11', 'different', "no one hurt: different church fires, different fire officials", True),
    ('13_18ecb#3', '13_9ecbplus#10', 'different', "cause undetermined: different fires", False),
    ('13_1ecb#4', '13_9ecbplus#12', 'different', "cause of fire: different fires", False),
    ('14_4ecb#5', '14_5ecb#4', 'different', "fire officer vs police spokeswoman: both say no one injured", True),
    ('14_4ecb#1', '14_5ecb#2', 'different', "fire officer 'total loss' vs police 'almost totally destroyed'", True),
    ('14_4ecb#3', '14_5ecb#2', 'different', "fire officer vs police: both 'fire grew/progressed rapidly'", True),
    ('18_7ecb#2', '18_1ecb#0', 'different', "CBC (gold speaker of the outer report) vs police: charge reported by both", True),
    ('18_14ecb#3', '18_7ecb#5', 'different', "Fanning 'no one else was injured' vs Vancouver Sun 'escaped unharmed'", True),
    ('18_14ecb#4', '18_7ecb#6', 'different', "neighbour vs police constable", False),
    ('19_11ecb#1', '19_9ecbplus#1', 'different', "arrest counts after different riots (Athens vs Brooklyn)", True),
    ('19_11ecb#1', '19_9ecbplus#5', 'different', "police vs NYPD, different events", False),
    ('20_1ecb#1', '20_10ecbplus#1', 'different', "two officials, different earthquakes", False),
    ('20_1ecb#0', '20_10ecbplus#0', 'different', "quake reports, different earthquakes", False),
    ('21_3ecbplus#2', '21_4ecbplus#2', 'different', "nephew vs neighbour reactions", False),
    ('21_3ecbplus#6', '21_4ecbplus#3', 'different', "family friend vs neighbour", False),
    ('21_1ecb#4', '21_4ecbplus#2', 'different', "witness reactions to different accidents", False),
    ('22_6ecbplus#2', '22_1ecbplus#10', 'different', "prosecutor 'only shot the ones she held responsible' vs co-worker 'a score she had to settle'", True),
    ('22_6ecbplus#6', '22_1ecbplus#7', 'different', "defendant's claim vs co-workers on her run-ins", False),
    ('22_6ecbplus#3', '22_1ecbplus#5', 'different', "prosecutor 'allowed one person to leave' vs co-worker 'you got to leave now'", True),
    ('23_11ecbplus#6', '23_8ecbplus#1', 'different', "Foreign Office vs police inspector", False),
    ('25_6ecbplus#0', '25_9ecb#0', 'different', "coach vs team, different content", False),
    ('30_4ecbplus#1', '30_8ecbplus#2', 'different', "cable-damage statements by different bodies (Egypt vs SEACOM)", True),
    ('30_4ecbplus#0', '30_8ecbplus#0', 'different', "different outages", False),
    ('32_4ecbplus#0', '32_5ecbplus#0', 'different', "same claim (risk to himself and others) but prosecutor Carter at a later Crown Court hearing", True),
    ('32_4ecbplus#0', '32_5ecbplus#4', 'different', "court heard risk vs clerk on custody difficulties", False),
    ('32_4ecbplus#2', '32_5ecbplus#3', 'different', "university dean vs court clerk", False),
    ('33_4ecb#0', '33_2ecbplus#0', 'different', "prosecutors in different trials", False),
    ('33_4ecb#5', '33_2ecbplus#1', 'different', "victim vs witness, different shootings", False),
    ('34_10ecbplus#1', '34_4ecbplus#6', 'different', "Obama praising Benjamin vs report on Gupta offer", False),
    ('34_10ecbplus#0', '34_4ecbplus#0', 'different', "Obama vs Benjamin", False),
    ('35_1ecb#1', '35_10ecbplus#6', 'different', "CHP: on probation for prior DUI, but different players", True),
    ('35_1ecb#0', '35_10ecbplus#1', 'different', "NFL vs City Attorney, different cases", False),
    ('2_4ecbplus#2', '2_7ecbplus#4', 'different', "same press release, different speakers (producers vs ABC's Paul Lee)", True),
    ('2_4ecbplus#4', '2_7ecbplus#1', 'different', "same press release, different speakers (Paul Lee vs producers)", True),
    ('2_4ecbplus#3', '2_7ecbplus#1', 'different', "same press release, different speakers (Academy president vs producers)", True),
    ('8_1ecb#5', '8_4ecbplus#1', 'different', "who was inside the bank, different bombings and speakers", True),
    ('10_4ecbplus#0', '10_6ecb#1', 'different', "Red Sox 'outbid' vs Angels 'out of the Teixeira derby'", True),
    ('29_10ecb#0', '29_9ecb#3', 'different', "coach vs quarterback on winning, same game", True),
    ('6_6ecbplus#3', '6_8ecb#5', 'different', "negotiations 'delicate' (Hunger Games) vs deal unconsummated (Twilight)", False),
]
# across topics
EXTRA_CROSS = [
    ('1_2ecb#2', '23_11ecbplus#7', 'different', "cross-topic: spokesperson boilerplate", False),
    ('14_5ecb#4', '13_9ecbplus#11', 'different', "cross-topic: 'no one injured' in different fires", True),
    ('18_14ecb#3', '14_4ecb#5', 'different', "cross-topic: 'no one else was injured' vs 'no-one had been injured'", True),
    ('4_2ecb#1', '32_4ecbplus#2', 'different', "cross-topic: sadness at a death", False),
    ('21_4ecbplus#0', '18_1ecb#0', 'different', "cross-topic: police ledes", False),
    ('12_7ecb#0', '19_9ecbplus#1', 'different', "cross-topic: arrests/captures", False),
    ('29_10ecb#3', '5_1ecb#4', 'different', "cross-topic: team morale", False),
    ('27_8ecbplus#2', '30_8ecbplus#2', 'different', "cross-topic: company incident statements", False),
    ('8_4ecbplus#0', '19_11ecb#1', 'different', "cross-topic: Greek police", False),
    ('9_2ecbplus#4', '34_10ecbplus#1', 'different', "cross-topic: same speaker (Obama / Barack Obama), different statements", True),
    ('8_1ecb#2', '21_3ecbplus#1', 'different', "cross-topic: police", False),
    ('35_1ecb#6', '5_1ecb#5', 'different', "cross-topic: team executives", False),
]


def default_note(a, b):
    qa, qb = Q[a], Q[b]
    if qa['speaker'] and qb['speaker'] and norm(qa['speaker']) != norm(qb['speaker']):
        return f"same speaker ({qa['speaker']} / {qb['speaker']}), different content"
    return "same speaker, different content"


# non-hard notes for some automatic `different` pairs
DIFF_NOTE = {}
for i in (0, 1, 3, 4):
    for j in (6, 7):
        DIFF_NOTE[key(f'14_4ecb#{j}', f'14_5ecb#{i}')] = "other sentence of the same police statement"
DIFF_NOTE[key('14_4ecb#6', '14_5ecb#5')] = "other sentence of the same police statement"
DIFF_NOTE[key('14_4ecb#7', '14_5ecb#2')] = "other sentence of the same police statement"
for i in range(5):
    for j in range(5):
        k = key(f'27_4ecb#{i}', f'27_8ecbplus#{j}')
        DIFF_NOTE[k] = "same company, different security incidents (2008 vs 2013)"
for a_ in ('35_1ecb#5', '35_1ecb#6'):
    for j in range(2, 6):
        DIFF_NOTE[key(a_, f'35_10ecbplus#{j}')] = "same GM, statements on different players' arrests"
for j in (0, 1, 2, 3, 4, 7, 8):
    DIFF_NOTE[key('9_7ecbplus#2', f'9_2ecbplus#{j}')] = "candidate Obama's 2008 opposition vs President Obama's 2009 remarks"

pairs = {}
for a, b in itertools.combinations(sorted(Q), 2):
    qa, qb = Q[a], Q[b]
    if qa['topic'] != qb['topic'] or qa['stem'] == qb['stem']:
        continue
    if not speaker_match(qa['speaker'], qb['speaker']):
        continue
    k = key(a, b)
    if k in EXCLUDE:
        continue
    if k in SAME:
        note, hard = SAME[k]
        pairs[k] = ('same', note, hard, 'speaker-match')
    elif HARD_DIFF.get(k):
        pairs[k] = ('different', HARD_DIFF[k], True, 'speaker-match')
    else:
        pairs[k] = ('different', DIFF_NOTE.get(k) or default_note(a, b), False, 'speaker-match')

for k, (note, hard) in SAME.items():
    if k not in pairs:
        null = Q[k[0]]['speaker'] is None or Q[k[1]]['speaker'] is None
        pairs[k] = ('same', note, hard, 'null-speaker' if null else 'alias')
for src, lst in (('alias', EXTRA_ALIAS), ('different-speaker', EXTRA_DIFFSPK), ('cross-topic', EXTRA_CROSS)):
    for a, b, label, note, hard in lst:
        k = key(a, b)
        assert k not in pairs and k not in SAME and k not in EXCLUDE and k not in EXCLUDE_EXTRA, k
        assert (Q[a]['topic'] != Q[b]['topic']) == (src == 'cross-topic'), k
        pairs[k] = (label, note, hard, src)


def side(qid):
    q = Q[qid]
    return {'doc': q['doc'], 'start': q['start'], 'end': q['end'], 'text': q['text'], 'speaker': q['speaker']}


def order(k):
    a, b = k
    return (int(Q[a]['topic']), Q[a]['stem'], Q[a]['start'], Q[b]['stem'], Q[b]['start'])


out = []
for k in sorted(pairs, key=order):
    label, note, hard, src = pairs[k]
    rec = {'a': side(k[0]), 'b': side(k[1]), 'label': label, 'note': note}
    if hard:
        rec['hard'] = True
    rec['source'] = src
    out.append(rec)

with open(os.path.join(HERE, 'pairs.jsonl'), 'w') as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')

# ---------------------------------------------------------------- verify
texts = {}
for r in out:
    for s in (r['a'], r['b']):
        if s['doc'] not in texts:
            texts[s['doc']] = article_text(s['doc'])
        assert texts[s['doc']][s['start']:s['end']] == s['text'], s
assert all(r['a']['doc'] != r['b']['doc'] for r in out)

# consistency: no `different` pair inside a connected component of `same` pairs
parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for k, (label, *_r) in pairs.items():
    if label == 'same':
        parent[find(k[0])] = find(k[1])
for k, (label, *_r) in pairs.items():
    if label == 'different' and k[0] in parent and k[1] in parent:
        assert find(k[0]) != find(k[1]), ('inconsistent', k)

c = collections.Counter(r['label'] for r in out)
topics = {Q[k[0]]['topic'] for k in pairs} | {Q[k[1]]['topic'] for k in pairs}
same_topics = {Q[k[0]]['topic'] for k, v in pairs.items() if v[0] == 'same'}
print('pairs', len(out), dict(c), 'hard', sum(1 for r in out if r.get('hard')),
      'hard by label', dict(collections.Counter(r['label'] for r in out if r.get('hard'))))
print('sources', dict(collections.Counter((r['source'], r['label']) for r in out)))
print('topics', len(topics), sorted(topics, key=int))
print('topics with same', len(same_topics), sorted(same_topics, key=int))
comps = collections.defaultdict(set)
for x in parent:
    comps[find(x)].add(x)
print('same-groups', len(comps), 'sizes', sorted(len(v) for v in comps.values()))
print('offsets verified against texts')
