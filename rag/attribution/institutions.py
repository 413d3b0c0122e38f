"""Institution names: is a name an organisation, its kind, and one canonical name per alias set."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Generic vocabulary, not names: words that make a capitalised name an organisation's, and the
# kind each implies. The first matching entry wins, so specific kinds come before general ones.
# fmt: off
_KIND_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ('publication', ("news agency", "press agency", "wire service")),  # not a government agency
    ('central bank', tuple((
        "central bank|federal reserve|reserve bank|bank of england|bank of japan|"
        "monetary authority"
    ).split("|"))),
    ('university', tuple((
        "university|college|institute of technology|polytechnic|business school|"
        "school of"
    ).split("|"))),
    ('political party', tuple((
        "party|labour|conservatives|conservative|tories|tory|democrats|democrat|republicans|lib dems|lib dem|"
        "liberal democrats"
    ).split("|"))),
    ('international organisation', tuple((
        "united nations|world bank|world health|world trade|international monetary|"
        "world economic|international energy|nato|opec|oecd|imf|european commission|"
        "european union|eu|un|wto|who|unesco|unicef|international |world |global "
    ).split("|"))),
    ('regulator', tuple((
        "regulator|authority|commission|ombudsman|watchdog|ofcom|ofgem|ofwat|sec"
    ).split("|"))),
    ('government', tuple((
        "ministry|department|treasury|government|office|agency|council|parliament|senate|"
        "white house|house of lords|house of commons|"
        "congress|court|registry|bureau|administration|police|army|navy|cabinet|embassy"
    ).split("|"))),
    ('publication', tuple((
        "magazine|journal|newspaper|review|times|post|gazette|herald|telegraph|guardian|"
        "tribune|daily|weekly|news|press|chronicle|economist|variety|publication|website|observer"
    ).split("|"))),
    ('broadcaster', tuple((
        "broadcaster|broadcasting|television|radio|tv|bbc|cnn|channel|network"
    ).split("|"))),
    ('research firm', tuple((
        "research|consultancy|consultants|analytics|intelligence|polling|pollster|"
        "data services|economics|insight"
    ).split("|"))),
    ('think tank', tuple((
        "think tank|institute|foundation for|centre for|center for"
    ).split("|"))),
    ('trade body', tuple((
        "association|federation|confederation|chambers of|chamber|union|society|guild|council of|"
        "industry body|trade body|group of"
    ).split("|"))),
    ('NGO', tuple((
        "charity|foundation|trust|campaign|ngo|fund for|red cross|amnesty|oxfam|"
        "greenpeace"
    ).split("|"))),
    ('company', tuple((
        "company|firm|corporation|corp|inc|ltd|plc|llc|group|holdings|motors|airlines|"
        "airways|bank|capital|securities|partners|technologies|systems|records|studios|"
        "studio|pictures|entertainment|media|energy|telecom|pharmaceuticals|retailer|"
        "maker|carmaker|giant|insurer|lender|airline|manufacturer|operator|supermarket|"
        "chain|label|brand"
    ).split("|"))),
    ('organisation', tuple((
        "organisation|organization|institution|body|agency"
    ).split("|"))),
]
# fmt: on

# Descriptor nouns that, placed before or after a capitalised name, mark it as an organisation
# ("the technology company X", "X magazine") and are stripped from the name.
DESCRIPTORS = frozenset(
    "company firm corporation group giant maker carmaker bank lender insurer retailer airline "
    "carrier operator supermarket chain label studio broadcaster network channel magazine journal "
    "newspaper paper daily weekly tabloid publication website outlet agency institution institute "
    "university college school organisation organization body association federation union "
    "society council commission authority regulator watchdog ministry department office "
    "government party charity foundation trust consultancy consultants researcher pollster "
    "think-tank tank firm manufacturer developer publisher producer provider distributor "
    "conglomerate multinational startup start-up broker brokers tracker analysts cartel division "
    "subsidiary arm unit bookmaker bookmakers".split()
)
_ORG_NAME_WORDS = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|Limited|plc|PLC|LLC|Group|Holdings|Company|Co|Bank|University|Ratings|Labs|"
    r"Institute|Institution|College|Association|Federation|Confederation|Society|Council|"
    r"Commission|Authority|Agency|Office|Ministry|Department|Treasury|Board|Bureau|Forum|"
    r"Organisation|Organization|Foundation|Fund|Trust|Union|Party|Registry|Reserve|Court|"
    r"Committee|Centre|Center|Laboratory|Laboratories|Research|Review|Journal|Times|News|Post|"
    r"Press|Magazine|Gazette|Herald|Telegraph|Tribune|Broadcasting|Radio|Television|Records|"
    r"Studios|Pictures|Motors|Airlines|Airways|Securities|Capital|Partners|Services|Systems|"
    r"Technologies|Industries|International|Network|Church|Police|Parliament|Service|Pharma|"
    r"Pharmaceuticals|Energy|Media|Telecom|Enterprises|Associates|Economics|Consulting|Project|"
    r"Initiative|Programme|Program|Coalition|Consortium|Observatory|"
    # Party names are the common nouns of politics, not the names of one organisation.
    r"Labour|Tories|Tory|Conservatives?|Democrats?|Republicans?|Lib Dems?)\b"
)
# Places used as places are not institutions. The small model labels many companies as places,
# so an entity label alone cannot tell; this list of countries, regions and large cities can.
_PLACES = frozenset(
    p.strip()
    for p in """
us, u.s., u.s, uk, u.k., u.k, usa, u.s.a., u.s.a, britain, great britain, america, england,
scotland, wales, northern ireland, ireland, europe, asia, africa, australia, canada, china, japan,
india, russia, germany, france, italy, spain, portugal, netherlands, holland, belgium,
switzerland, austria, sweden, norway, denmark, finland, poland, hungary, greece, turkey, israel,
iran, iraq, syria, egypt, saudi arabia, pakistan, afghanistan, indonesia, malaysia, singapore,
thailand, vietnam, philippines, korea, south korea, north korea, taiwan, hong kong, brazil,
argentina, mexico, chile, colombia, peru, venezuela, cuba, nigeria, kenya, ethiopia, ghana,
south africa, zimbabwe, uganda, sudan, morocco, algeria, libya, ukraine, belarus, czech republic,
slovakia, romania, bulgaria, serbia, croatia, bosnia, iceland, new zealand, sri lanka, bangladesh,
nepal, burma, myanmar, cambodia, lebanon, jordan, kuwait, qatar, dubai, yemen, palestine,
west bank, gaza, middle east, latin america, scandinavia, caribbean, london, new york, washington,
paris, berlin, brussels, moscow, beijing, shanghai, tokyo, delhi, new delhi, mumbai, sydney,
toronto, los angeles, hollywood, chicago, san francisco, california, texas, florida,
silicon valley, manchester, birmingham, glasgow, edinburgh, cardiff, belfast, dublin, madrid,
rome, milan, geneva, zurich, frankfurt, amsterdam, stockholm, vienna, seoul, jakarta, bangkok,
cairo, lagos, nairobi, johannesburg, rio de janeiro, sao paulo, mexico city, kabul, baghdad,
tehran, jerusalem, hangzhou, shenzhen, guangzhou, westminster, whitehall, türkiye, turkiye
""".replace("\n", " ").split(",")
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", flags=re.IGNORECASE)
CONNECTORS = frozenset({"of", "and", "for", "&", "de", "the", "on", "in"})


def clean_name(name: str, possessive: bool = True) -> str:
    """Drop a leading article, a trailing possessive (unless `possessive` is false: "McDonald's"
    is a name, not an owner) and surrounding punctuation."""
    name = " ".join(name.split()).strip(' ,.;:-–—"“”‘()' + ("'’" if possessive else ""))
    name = _LEADING.sub("", name)
    return re.sub(r"(?:'s|’s|'|’)$", "", name).strip() if possessive else name


def name_key(name: str) -> str:
    """Names compare ignoring case and a leading "the" (ATTRIBUTION_GUIDELINES.md, "Names"), and a
    final full stop, which a sentence's end takes from "Inc." or "L.P."."""
    name = " ".join(name.lower().split()).rstrip(".")
    return name[4:] if name.startswith("the ") else name


def has_org_word(name: str) -> bool:
    return bool(_ORG_NAME_WORDS.search(name))


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():
        return False  # "MPs", "CEOs": plural nouns
    return (
        2 <= len(letters) <= 7
        and letters.isalpha()
        and sum(c.isupper() for c in letters) >= max(2, len(letters) / 2)  # "BSkyB", not "McLeish"
        and name.lower() not in _PLACES
    )


# Regions composed of a direction and a continent ("South Asia", "Central and Eastern Europe"),
# and the regions of firms' reports ("EMEA", "the Americas"), are places too.
_REGION = re.compile(
    r"(?:(?:north|south|east|west|central|middle|sub-saharan|(?:north|south)-?(?:east|west))(?:ern)?"
    r"(?:\s+and\s+|\s+|-))+(?:asia|africa|europe|america|americas|pacific|asia-pacific|mediterranean|caribbean)"
    r"|(?:the\s+)?americas|emea|apac|apmea|apj|mena|latam|asia[\s-]pacific"
)


def is_place(name: str) -> bool:
    lowered = name.lower()
    return lowered in _PLACES or bool(_REGION.fullmatch(lowered))


# One pattern per kind, compiled once: kinds are looked up for every candidate name.
_KIND_PATTERNS = [
    (kind, re.compile("|".join(rf"(?<![a-z]){re.escape(w.strip())}(?![a-z])" for w in words)))
    for kind, words in _KIND_WORDS
]


def kind_of(name: str, descriptors: Iterable[str] = ()) -> str:
    """The institution's kind from its descriptors ("technology company") first, then its name;
    a plain name with no evidence is most often a company, an unexplained acronym an organisation."""
    for text in (" ".join(descriptors), name):
        lowered = f" {text.lower()} "
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(lowered):
                return kind
    return "organisation" if is_acronym(name) else "company"


# Titles before a person's name ("Mr Brown", "Baroness Scotland"), as a regex alternation.
PERSON_TITLES = (
    r"Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Lord|Lady|Dame|Baroness|Baron|Rev|Rabbi|Queen|Prince|"
    r"Princess|Duke|Duchess|Councillor|Cllr|Detective|Inspector|Sergeant|Superintendent|Magistrate"
)
# Adjectives that open a sentence before a role noun ("Former chairman John Doe said") or a
# quantity ("Several Opec members"): capitalised there, but neither names nor first names.
ROLE_ADJECTIVES = frozenset(
    "former senior chief deputy acting interim veteran outgoing joint executive "
    "other several many some most few various both all "
    "assistant managing then current ex top retired incoming founding principal lead".split()
)
# Descriptors that also describe people: "Sideways producer Michael London" is a man.
PERSON_DESCRIPTORS = frozenset(
    {"producer", "publisher", "developer", "maker", "owner", "operator", "broadcaster"}
)
ORG_DESCRIPTORS = DESCRIPTORS - PERSON_DESCRIPTORS  # "research firm X": only a body
# Capitalised words that name no organisation: "AI", "the Internet", "High Street".
NOT_ORGS = frozenset({"ai", "it", "i", "internet", "web", "high street", "wall street"})


def mentions(doc: Any) -> list[str]:
    """Organisations named in the sentence (entity label ORG), whatever their role."""
    ents = [e for e in doc.ents if e.label_ == "ORG" and e.text[:1].isupper() and len(e) <= 6]
    names = [clean_name(e.text) for e in ents]
    return [n for n in names if n and not is_place(n) and n.lower() not in NOT_ORGS]
