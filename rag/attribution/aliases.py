"""One canonical name per document: definitions ("Full Name (FN)"), acronyms, short forms."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.attribution.institutions import CONNECTORS, clean_name, has_org_word, is_acronym, is_place

# Heads a document shortens its named body to ("the Bank", "the Fund", "the Board").
SHORT_HEADS = frozenset(
    "Bank Fund Board Agency Commission Bureau Council Institute Organisation Organization Party "
    "Ministry Department Office Authority University Group Company Corporation Committee Foundation "
    "Federation Association Union Centre Center Service Court Forum Trust Society Programme Program "
    "Institution Conference Reserve Secretariat Observatory".split()
)


def initials(name: str, connectors: bool = False) -> str:
    """ "World Health Organization" -> "WHO"; with `connectors`, "Bank of Japan" -> "BOJ"."""
    words = re.findall(r"[A-Za-z][\w'-]*", name)
    return "".join(
        w[0] for w in words if w.lower() != "the" and (connectors or w.lower() not in CONNECTORS)
    ).upper()


_DEFINITION = re.compile(
    r"(?P<full>(?:[A-Z][\w&'-]*\s+)(?:(?:of|and|for|the|&|on)\s+|[A-Z][\w&'-]*\s+)*[A-Z][\w&'-]*)"
    r"\s*(?:[(\[]\s*(?P<short>[A-Z][A-Za-z&.]{1,9})\s*[)\]]|,\s+or\s+(?P<short2>[A-Z][A-Za-z&.]{1,9}),)"
)


# "CENTR, the Council of European National Top Level Domain Registries, agrees": an acronym, then
# the full name set off as its apposition
_SPELLED_OUT = re.compile(
    r"\b(?P<short>[A-Z][A-Z&.]{1,9}), the "
    r"(?P<full>[A-Z][\w&'-]*(?:\s+(?:(?:of|and|for|the|&|on)\s+)*[A-Z][\w&'-]*)+),"
)


def aliases_in(text: str) -> dict[str, str]:
    """Short form -> full name, from definitions in the text: "Full Name (FN)", "Full Name, or FN,",
    "FN, the Full Name,"."""
    found: dict[str, str] = {}
    for match in [*_DEFINITION.finditer(text), *_SPELLED_OUT.finditer(text)]:
        short = match.group("short") or match.group("short2")
        full = clean_name(match.group("full"))
        # The definition's full name may start with words that belong to the sentence
        # ("According to the World Travel and Tourism Council"): keep the longest tail whose
        # initials still begin like the short form.
        words = full.split()
        for start in range(len(words)):
            tail = " ".join(words[start:])
            if tail in SHORT_HEADS:
                # "National Statistic Institute (INSEE)": the document's full name, not "Institute"
                found[short] = full
                break
            if (
                words[start][0].isupper()
                and initials(tail)[:1] == short[0].upper()
                and (
                    # "National Hi-Tech Crime Unit (NHTCU)": hyphenated words may give two letters
                    short.upper().replace(".", "") in (initials(tail), initials(tail.replace("-", " ")))
                    or start == len(words) - 1
                    or has_org_word(tail)
                )
            ):
                found[short] = tail
                break
    return found


class NameResolver:
    """Canonical names for one document: its definitions and acronyms of names it spells out."""

    def __init__(self, text: str, names: Iterable[str] = (), defined: dict[str, str] | None = None) -> None:
        self.short_to_full = aliases_in(text) if defined is None else defined
        self.names = {clean_name(n) for n in names if n}
        self.text = text

    def canonical(self, name: str, at: int | None = None) -> tuple[str, list[str]]:
        """(canonical name, aliases): the full name where the document gives one; "the Bank"
        at offset `at` is the last bank the document named before it."""
        name = clean_name(name, possessive=False)
        if name in SHORT_HEADS and at is not None:
            named = self.named_before(name, at)
            # no alias: "Bank" stands for a different bank in each document
            return (named, []) if named else (name, [])
        rest = name[4:]
        if name.startswith("New ") and (
            is_acronym(rest) or re.search(rf"(?<!New )\b{re.escape(rest)}\b", self.text)
        ):
            name = rest  # "New EU trade commissioner", "New Metropolitan Police Commissioner": an adjective
        if name in self.short_to_full:
            return self.short_to_full[name], [name]
        if is_acronym(name):
            for full in self.names:
                if full != name and " " in full and initials(full) == name.replace(".", "").upper():
                    return full, [name]
        for short, full in self.short_to_full.items():
            if full == name:
                return name, [short]
        return self._possessive_name(name), []

    def named_before(self, head: str, at: int) -> str | None:
        """The last full name ending in, or built on, a generic head ("Reserve Bank of Australia",
        "The Conference Board") written before offset `at`."""
        pattern = re.compile(
            rf"\b(?:[A-Z][\w&'’-]*\s+(?:(?:of|for|and|the|&|on)\s+)*)+{head}\b"
            rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w&'’-]*(?:\s+(?:and\s+)?[A-Z][\w&'’-]*)*)?"
            rf"|\b{head}\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w&'’-]*(?:\s+(?:and\s+)?[A-Z][\w&'’-]*)*"
        )
        names = [clean_name(m.group()) for m in pattern.finditer(self.text, 0, at)]
        names = [n for n in names if n != head and not n.startswith(("The ", "A ")) and not is_place(n)]
        return names[-1] if names else None

    def _possessive_name(self, name: str) -> str:
        """ "Sotheby's", "Sainsbury's": a name the document never writes without its "'s", and
        writes at least once as a noun of its own ("Sotheby's, which ...", "Sotheby's said"); "at
        MIT's Media Lab" is no such use."""
        quoted = re.escape(name)
        if re.search(rf"\b{quoted}\b(?!['’]s\b)", self.text):
            return name
        alone = (
            rf"\b{quoted}['’]s(?:\s*[,.;:)]|\s+(?:said|says|has|"
            r"have|is|was|will|would|and|in|on|at|for|to|which|who)\b)"
        )
        return f"{name}'s" if re.search(alone, self.text) else name
