"""One body's name with "and" or commas inside it, told apart from two bodies joined by "and".

"the Bureau of Resources and Energy Economics", "the Ministry of Health, Labor and Welfare",
"the Indian Sugar and Bio-Energy Manufacturers Association": the parser cuts these at "and" and a
source comes out as two fragments ("Energy Economics"), while "the World Bank and World Health
Organization" are two bodies. A run of capitalised words is split at "and" and commas into
parts; a part with no organisation head of its own ("Energy Economics", "Welfare") belongs to the
neighbouring part whose head governs it: a head written first ("Bureau of …") takes the parts
after it, a head written last ("… Manufacturers Association") the parts before it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rag.attribution.accept import Found
from rag.attribution.institutions import ROLE_ADJECTIVES, is_acronym, is_place
from rag.attribution.words import HEADS, ROLE_NOUNS

# "&" joins the names of one firm ("Frost & Sullivan", "Bank Oyens & Van Eeghen"), so it links
_LINKS = frozenset({"of", "for", "on", "the", "-", "&"})
_SPLITS = frozenset({"and", ","})


def _word(token: Any) -> bool:
    """A capitalised word, or the rest of a hyphenated one ("Co-operation")."""
    doc = token.doc
    hyphened = token.i > 1 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_
    return (token.text[:1].isupper() or (hyphened and token.is_alpha)) and not token.is_punct


def _parts(doc: Any) -> list[list[tuple[str, list[Any]]]]:
    """Runs of capitalised words, each split into its parts at "and" and commas; each part with
    the separator before it ("", ",", "and", "and the")."""
    runs, run = [], []
    for token in doc:
        if _word(token) or (run and (token.lower_ in _LINKS | _SPLITS)):
            run.append(token)
            continue
        runs.append(run)
        run = []
    runs.append(run)
    out = []
    for run in runs:
        while run and not _word(run[-1]):
            run.pop()
        parts, part, before = [], [], ""
        for token in run:
            if token.lower_ in _SPLITS:
                if part:
                    parts.append((before, part))
                    part, before = [], ""
                before = "and" if token.lower_ == "and" or before == "and" else ","
            elif part or token.lower_ != "the":
                part.append(token)
            elif before:
                before += " the"  # "… and the Inter-American Development Bank": a new name
        parts.append((before, part))
        parts = [p for p in parts if p[1]]
        if len(parts) > 1:
            out.append(parts)
    return out


def _head(part: list[Any]) -> str:
    """ "first" ("Bureau of Resources"), "last" ("Manufacturers Association"), "whole" (an
    acronym or a head with nothing after it), or "" (no head: "Energy Economics")."""
    if len(part) == 1:  # an acronym is a whole name; a head word alone ("Trust") is none
        return "whole" if is_acronym(part[0].text) else ""
    for i, token in enumerate(part):
        if token.lower_ in HEADS:
            if i + 1 < len(part) and part[i + 1].lower_ in ("of", "for", "on"):
                return "first"
            return "last" if i == len(part) - 1 else "whole"
    return ""


def _loose(part: list[Any], strict: bool = False) -> bool:
    """A part that could belong to a neighbour's name: no person's name, no place on its own
    ("Philippine Atmospheric" may join; strictly, to split a found name, no such word at all)."""
    text = " ".join(t.text for t in part)
    if len(part) == 1 and part[0].lower_ in HEADS:
        return False  # "Investors Bank and Trust": a head word alone names no body
    if all(t.lower_ in ROLE_NOUNS or t.lower_ in ROLE_ADJECTIVES for t in part):
        return False  # "President and CEO of the Retail Council": a title, not a body's words
    labelled = [t.ent_type_ in ("PERSON", "GPE") for t in part]
    return not (any(labelled) if strict else all(labelled)) and not is_place(text)


def _units(parts: list[tuple[str, list[Any]]]) -> list[tuple[int, int, bool]]:
    """Token ranges of the names in one run, after headless parts join their governing head, each
    with whether it has a head. Only a list closed by "and" joins ("Health, Labor and Welfare");
    commas alone set off an opener or an apposition ("Meanwhile, the World Bank")."""
    heads = [_head(p) for _, p in parts]
    seps = [sep for sep, _ in parts]
    owner = list(range(len(parts)))
    for i, head in enumerate(heads):
        if head or not _loose(parts[i][1]):
            continue
        before = next((j for j in range(i - 1, -1, -1) if heads[j]), None)
        after = next((j for j in range(i + 1, len(parts)) if heads[j]), None)
        # "Barclays, HSBC, Royal Bank of Scotland and Lloyds": the head is an item of a list
        listed = (
            bool(before)
            and seps[before].startswith(",")
            and not any(x.startswith("and") for x in seps[1:before])
        )
        if (
            before is not None
            and heads[before] == "first"
            and not listed
            and all(not heads[k] for k in range(before + 1, i))
        ):
            last = i
            while last + 1 < len(parts) and not heads[last + 1]:
                last += 1
            if any(seps[k].startswith("and") for k in range(before + 1, last + 1)):
                owner[i] = owner[before]
        elif (
            after is not None
            # "… Manufacturers Association"; "Economic and Social Commission for Asia": a head
            # written first but after words of its own takes the parts before it too
            and (
                heads[after] == "last" or (heads[after] == "first" and parts[after][1][0].lower_ not in HEADS)
            )
            and seps[after] == "and"  # not "and the"
            and all(not heads[k] for k in range(i + 1, after))
        ):
            owner[i] = after
    units: dict[int, list[Any]] = {}
    for i, (_, part) in enumerate(parts):
        units.setdefault(owner[i], []).append(part)
    return [
        (min(p[0].i for p in ps), max(p[-1].i + 1 for p in ps), bool(heads[o])) for o, ps in units.items()
    ]


def whole_names(doc: Any, found: list[Found]) -> list[Found]:
    """Fragments of a coordinated name grown to the whole name; two bodies found as one name split."""
    if not found:
        return found  # most parsed sentences cite nothing: no runs to read
    units = [(doc[a:b], headed) for parts in _parts(doc) for a, b, headed in _units(parts)]
    out = []
    for item in found:
        unit = next(
            (
                s
                for s, _ in units
                if s.start_char <= item.start and item.end <= s.end_char and s.text != item.name
            ),
            None,
        )
        if unit is not None and any(t.lower_ in _SPLITS for t in unit):
            # grow over the other parts only: "Director of the Department of …" keeps its cut
            first_end = next(t.idx for t in unit if t.lower_ in _SPLITS)
            start = item.start if item.start < first_end else unit.start_char
            text = doc.text[start : unit.end_char]
            item = replace(item, name=text, start=start, end=unit.end_char)
        # "the World Bank and World Health Organization said": two bodies, each with its head
        inside = [(s, headed) for s, headed in units if item.start <= s.start_char and s.end_char <= item.end]
        # "Royal Bank of Scotland and Lloyds" too; not "Port Authority of New York and New Jersey"
        if (
            len(inside) > 1
            and any(h for _, h in inside)
            and all(h or _loose(list(s), strict=True) for s, h in inside)
        ):
            inside = [s for s, _ in inside]
            out += [replace(item, name=s.text, start=s.start_char, end=s.end_char) for s in inside]
        else:
            out.append(item)
    return out
