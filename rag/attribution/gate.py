"""The ingest-time gate: only sentences with a cue word and a possible name are parsed, and
none of a reference list."""

from __future__ import annotations

import re

from rag.attribution.findings import FINITE_CLAIMS
from rag.attribution.lines import LINE_CUES
from rag.attribution.parenthetical import PAREN_CUES
from rag.attribution.reports import PUBLISH_VERBS
from rag.attribution.words import AUTHOR_VERBS, JUDGING, PLAN_NOUNS, REPORT_NOUNS, SPEECH_VERBS, STANCES

_CAPITALISED = re.compile(r"\b(?:[A-Z]|[a-z]{1,2}[A-Z])[\w&'.-]*")  # and "iPay88", "eBay"
_STARTERS = frozenset(
    "The A An But And In On At For As If It Its He She They We I You This That These Those There "
    "Some Many Most One Two Three When While After Before Since Although However Meanwhile Now "
    "Also So Yet Or Our Their His Her Last Next Other Such Earlier Later Despite Under Over".split()
)
# Past forms the stems below do not reach ("say" does not start "said").
_IRREGULAR = "said told found wrote written thought understood drew drawn came".split()
# Verbs that take an author only in passing ("a poll done by X"): too common to gate on alone.
_TOO_COMMON = frozenset({"do", "run", "make", "provide", "write", "come", "share", "present", "outline"})


def _cue_pattern() -> re.Pattern[str]:
    """The words any rule reacts to, built from the rules' own vocabularies so that the ingest-time
    gate (`may_cite`) cannot drift from them: every reporting, publishing and authoring verb in
    any inflection, "according", figures and data ("The figures, from X, ..."), "made it clear",
    and a caption's colon before a quotation ("- United boss Sir Alex Ferguson: \"...")."""
    # "according to", "quoted in", "called the sale illegal", "based on research by", "contained in",
    # "YouGov polled", "CENTR agrees", "the Home Office defended the measures"
    special = {"accord", "quote", "call", "base", "contain", "poll", "survey", "agree", "defend", "cit"}
    lemmas = SPEECH_VERBS | PUBLISH_VERBS | JUDGING | (AUTHOR_VERBS - _TOO_COMMON) | special
    stems = []
    for lemma in sorted(lemmas):
        if lemma.endswith("e"):
            stems.append(f"{lemma[:-1]}(?:e|ing)")  # "note", "noting"; not "not"
        elif lemma.endswith("y") and len(lemma) > 3:
            stems.append(f"{lemma[:-1]}(?:y|i)")  # "deny", "denies"
        else:
            stems.append(lemma)
    # "played down reports that ...": a denial the verb alone does not carry
    phrasal = ["pla(?:y|ys|yed|ying) down"]
    claims = sorted(FINITE_CLAIMS)  # "The TERI study recorded …": a report's finite claim
    words = "|".join(
        [*stems, *_IRREGULAR, *phrasal, *sorted(STANCES), *claims, "figure", "data", "statistic"]
    )
    # "For the Liberal Democrats, Sir Menzies Campbell said", "For Rick Dean, director of X, ..."
    speaking_for = r"(?-i:\b[Ff]or (?:the )?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)*,)"
    # "In the IMF's latest survey, growth ...": a report the sentence opens with, or sets off
    opening = rf"(?-i:(?:\b(?:In|From)|, (?:in|from)) [^,.]{{0,60}}\b(?:{'|'.join(sorted(REPORT_NOUNS))}))"
    # "Under proposals from the Department of Trade and Industry, workers ...": a plan's authors
    under = rf"\b[Uu]nder [^.]{{0,60}}\b(?:{'|'.join(sorted(PLAN_NOUNS))})"
    return re.compile(
        rf"\b(?:{words})\w*|\bma(?:de|ke|kes|king) (?:it )?clear|:\s*[\"“]|{speaking_for}|{opening}|{under}"
        rf"|(?-i:{LINE_CUES})|{PAREN_CUES}|\bas per\b|\b(?:seen|shown|depicted|displayed) on\b"
        # forecasts the verbs above do not name: "lowers ... growth outlook", "sees VN growing 6%"
        r"|\boutlook|\bguidance\b|\bsees\b"
        r"|\b[a-z]+(?:ed|s) that\b"  # "the BoT assessed that ...": any verb's claim (`verbs.claims`)
        r"|(?-i:\b(?:index|Index|PMI)\b)",  # "The Caixin manufacturing PMI fell to 49.2": a reading
        re.IGNORECASE | re.MULTILINE,
    )


_CUE_WORDS = _cue_pattern()


def may_cite(text: str, start: int, end: int) -> bool:
    """A sentence can cite only with a cue word and a capitalised word that could be a name
    (a sentence-initial "The" or "But" does not count)."""
    # the sentence alone, as the rules read it: a line cue's "^" then holds at an indented line
    # ("  Source: GB Times"), where searching the whole text from `start` would not match it
    sentence = text[start:end]
    if not _CUE_WORDS.search(sentence):
        return False
    for match in _CAPITALISED.finditer(sentence):
        if match.start() > 0 or match.group() not in _STARTERS:
            return True
    return False


# A reference list's heading: its entries name authors, but a list is not a claim
# (ATTRIBUTION_GUIDELINES.md leaves them unlabelled). The list runs to the end of the document,
# or to a paragraph of prose after it (a long line with no year, which no entry is).
_REFERENCES = re.compile(
    r"^[ \t#*]*(?:\d+\.?\s+)?(?:References|Bibliography|Works [Cc]ited|Literature [Cc]ited|Reference [Ll]ist|"
    r"Sources and [Rr]eferences|REFERENCES|BIBLIOGRAPHY)[ \t]*:?[ \t]*$",
    re.MULTILINE,
)
_PROSE = re.compile(r"^(?![^\n]*\b(?:1[89]|20)\d\d\b)[^\n]{400,}$", re.MULTILINE)


# An entry of a list without a heading: numbered, dated in parentheses or with an address
# ("2. Alexandratos, N. & Bruinsma, J. World Agriculture … (FAO, 2012).").
_ENTRY = re.compile(
    r"^[ \t]*(?:\[\d+\]|\d+\.)[ \t]+[^\n]*(?:\([^()\n]*(?:1[89]|20)\d\d[a-z]?\)|https?://)[^\n]*$", re.M
)


def reference_lists(text: str) -> list[tuple[int, int]]:
    """Spans of the text that are reference lists: under a heading, or two or more numbered
    entries in a row."""
    spans = []
    for heading in _REFERENCES.finditer(text):
        prose = _PROSE.search(text, heading.end())
        spans.append((heading.start(), prose.start() if prose else len(text)))
    entries = [m for m in _ENTRY.finditer(text) if len(m.group()) <= 300]  # not numbered paragraphs
    run: list = []
    for entry in [*entries, None]:
        if entry is not None and run and text[run[-1].end() : entry.start()].strip() == "":
            run.append(entry)
            continue
        if len(run) >= 2:
            spans.append((run[0].start(), run[-1].end()))
        run = [entry] if entry is not None else []
    return spans


def outside(spans: list[tuple[int, int]], regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans that lie in none of the regions."""
    return [(s, e) for s, e in spans if not any(a <= s < b for a, b in regions)]
