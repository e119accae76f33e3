"""Name normalisation shared by entity grouping within an article and across a run."""

from __future__ import annotations

import re

# Labels the tagger gives an organisation's name when it reads it as something else: a
# nationality ("Axios"), a place ("Politico Europe"), a building ("White House").
ORGANISATION_MISREAD_AS = frozenset({"NORP", "LOC", "FAC"})

# Words that introduce a name rather than belong to it ("US President Donald Trump").
TITLE_WORDS = frozenset(
    {
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "envoy",
        "special",
        "crown",
        "prince",
        "princess",
        "king",
        "queen",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "mr",
        "mrs",
        "ms",
        "dr",
        "chancellor",
        "ambassador",
        "judge",
        "justice",
        "general",
        "gen",
        "pope",
        "sheikh",
        "mayor",
        "chairman",
        "chairwoman",
        "ceo",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "former",
        "leader",
        "lt",
        "col",
        "sgt",
        "adm",
        "admiral",
        "commissioner",
        "emir",
        "sultan",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "state",
        "of",
        "chief",
        "executive",
        "speaker",
        "superintendent",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "councilman",
        "councilwoman",
        "councillor",
        "councilor",
        "sheriff",
        "attorney",
        "professor",
        "prof",
        "coach",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "rev",
        "reverend",
        "pastor",
        "captain",
        "capt",
        "lieutenant",
        "colonel",
        "sergeant",
        "detective",
    }
)

# Common alternative names of the same entity, spelled as their name_key. A short table of
# the names news uses most; anything else is grouped by the acronym and surname rules.
_ALIASES = {
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "eu": "european union",
    "uae": "united arab emirates",
    "emirates": "united arab emirates",
    "ussr": "soviet union",
    "nato": "north atlantic treaty organization",
    "prc": "china",
    "people's republic of china": "china",
}

_NON_WORD = re.compile(r"[^\w\s'’-]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+")


def name_key(name: str) -> str:
    """Case, dots and spacing folded: "U.S." and "US" give "us"."""
    folded = _NON_WORD.sub("", name.replace(".", "")).lower()
    folded = _LEADING_THE.sub("", folded)
    return _SPACES.sub(" ", folded).strip()


def alias_key(name: str) -> str:
    """name_key with well-known aliases mapped to one name."""
    key = name_key(name)
    return _ALIASES.get(key, key)


def alias_name(name: str) -> str | None:
    """The full name a well-known alias stands for ("US" -> "United States"), if any."""
    key = name_key(name)
    full = _ALIASES.get(key)
    return full.title() if full and full != key else None


def initials(name: str) -> str:
    """Initials of the capitalised words: "United Arab Emirates" -> "uae"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper()).lower()


def acronym_key(short: str) -> str | None:
    """What `short` must equal the initials of a longer name to abbreviate it ("U.S." ->
    "us"), or None when it is no acronym (lowercase, a single letter)."""
    key = name_key(short).replace(" ", "")
    if len(key) >= 2 and short.replace(".", "").replace(" ", "").isupper():
        return key
    return None


def is_acronym_of(short: str, long: str) -> bool:
    """Whether `short` ("UAE", "U.S.") abbreviates the multi-word `long`."""
    key = acronym_key(short)
    return key is not None and len(long.split()) >= 2 and key == initials(long)


def demonym_matches(adjective: str, place: str) -> bool:
    """Whether a nationality word names the place: "Kazakh"/"Kazakhstan",
    "Israeli"/"Israel", "Saudi"/"Saudi Arabia", "American"/"America"."""
    adj, plc = name_key(adjective), name_key(place)
    if not adj or not plc:
        return False
    if plc.startswith(adj) or adj.startswith(plc):
        return True
    stem = re.sub(r"(ian|ean|an|ese|ish|i|n)$", "", adj)
    return len(stem) >= 4 and plc.startswith(stem)
