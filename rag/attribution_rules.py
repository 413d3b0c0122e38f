"""Attribution rules over one spaCy-parsed sentence: the syntactic role decides who is a source."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rag.attribution_names import (
    ACCORDING,
    AUTHOR,
    MODIFIER,
    PERSON,
    ROLE_NOUNS,
    STRONG,
    SUBJECT,
    WEAK,
    Found,
    accept,
    is_name,
    name_span,
    owns,
)
from rag.institutions import DESCRIPTORS, has_org_word, is_acronym

# Subjects of these verbs are sources ("X said", "X predicts", "X expects").
SPEECH_VERBS = frozenset(
    "say state report warn predict forecast estimate find announce acknowledge insist argue expect "
    "add claim confirm tell note believe write explain respond comment caution calculate recommend "
    "urge admit reveal conclude project maintain stress emphasise emphasize contend allege assert "
    "declare disclose observe remark reply suggest indicate show point describe anticipate "
    "signal concede deny quote understand learn express read revise accuse".split()
)
# With a plain object these report nothing: "claims $20bn in damages", "added 5%".
_OBJECT_NOT_SPEECH = frozenset("claim maintain add project learn tell".split())
_PORTFOLIO_ROLES = frozenset({"minister", "secretary"})
_CLAIM_NOUNS = frozenset("claim report suggestion allegation criticism speculation rumour fear".split())
# These take a source only through a report noun ("figures showed", "a BBC statement read").
EVIDENCE_ONLY = frozenset("show point read".split())
# "X released a report stating ...": the publisher of a report noun is its source.
PUBLISH_VERBS = frozenset("release publish issue produce unveil compile".split())
REPORT_NOUNS = frozenset(
    "report study survey poll figure data statistic research analysis forecast estimate review "
    "index letter statement paper outlook projection finding assessment audit census ranking "
    "calculation number bulletin update memo briefing evaluation count tally prediction "
    "datum book article editorial".split()
)
# Members of a parliament: "the MP for Ealing North" names a constituency, not an organisation.
_MEMBERS = frozenset({"mp", "mep", "msp", "councillor"})
# Verbs of a relative clause that tie a person to an organisation: "Jane Doe, who works for X".
AFFILIATION_VERBS = frozenset("work run teach lead head chair serve".split())
# Verbs that make the author of a report noun: "a poll carried out by X", "figures gathered by X".
AUTHOR_VERBS = frozenset(
    "release publish issue produce compile carry conduct commission prepare "
    "write do gather collect run undertake provide make".split()
)
# Prepositions that lead from a role or report noun to the organisation behind it.
_LINKS = frozenset({"by", "from", "of", "for", "at", "as", "including", "like", "with", "within", "inside"})
# Plural nouns that introduce examples: "institutions such as X".
_GENERIC_HEADS = frozenset(
    "backer member investor shareholder creditor "
    "institution organisation organization body group firm company bank agency source".split()
)


def citations(doc: Any) -> list[Found]:
    """Every institution the sentence presents as its source, longest names first, no overlaps."""
    found: list[Found] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            for to in (c for c in token.children if c.lower_ == "to"):
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    cue = "according to" + _report_cue(obj)
                    position = AUTHOR if obj.lemma_.lower() in REPORT_NOUNS else ACCORDING
                    found += _sources(obj, position, cue)
        elif lemma == "quote" and token.tag_ == "VBN":  # "... quoted in the China Daily newspaper"
            for link in (
                c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by")
            ):
                found += _pobjs(link, AUTHOR, f"quoted {link.text}", 0)
        elif _is_speech(token, lemma) and not _negated(token) and _speaks(token):
            for link in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
                for report in (o for o in link.children if o.lemma_.lower() in REPORT_NOUNS):
                    # "In a report compiled by X, graft was said to be pervasive"
                    found += _sources(report, AUTHOR, f"{link.text} a {report.text}{_report_cue(report)}")
            for subject in _subjects(token):
                is_report = subject.pos_ == "NOUN" and subject.lemma_.lower() in REPORT_NOUNS
                if lemma in EVIDENCE_ONLY and not is_report and not _pointed_out(token):
                    continue
                cue = _verb_cue(token)
                if is_report:
                    cue = f"{subject.lower_}{_report_cue(subject)} ... {cue}"
                pronoun = subject.lower_ == "it"
                if pronoun:  # "Boeing apologised - although it claimed ...": Boeing
                    subject = _antecedent(token)
                    if subject is None:
                        continue
                items = _sources(subject, SUBJECT, cue)
                if pronoun:  # what an "it" stands for is no person, whatever the labels say
                    items = [replace(f, evidence=STRONG) for f in items]
                if _first_person_quote(doc) or _possessed(subject) or _who(subject):
                    # '"I'm so happy," a tearful Claxton told': a person; "1Xtra's G Money": a person
                    items = [f for f in items if f.evidence == STRONG or f.start != _char(subject)]
                follows = _pronoun_follows(token)
                if follows == "it":  # "Marvel said it would appeal": an "it", not a "he"
                    items = [replace(f, evidence=WEAK) if f.evidence == PERSON else f for f in items]
                elif follows == "he":  # "Federer admitted he was ...": a person speaks
                    items = [f for f in items if f.evidence == STRONG]
                found += items
        elif lemma == "available" and token.head.lemma_ == "be":
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lemma_.lower() in REPORT_NOUNS:
                for link in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"):
                    found += _pobjs(link, AUTHOR, f"{subject.text} are available from", 0)
        elif token.pos_ == "VERB" and lemma in PUBLISH_VERBS:
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                if obj.lemma_.lower() in REPORT_NOUNS:
                    for subject in _subjects(token):
                        words = [token, *(d for d in obj.children if d.dep_ == "det"), obj]
                        found += _sources(subject, AUTHOR, " ".join(w.text for w in words))
        if lemma == "quote" and token.pos_ == "VERB" and any(c.lower_ == "as" for c in token.children):
            # "the agency quoted Peoplesoft worker David Ogden as saying": the object speaks too
            for speaker in (c for c in token.children if c.dep_ == "dobj"):
                found += _sources(speaker, SUBJECT, "quoted ... as saying")
            for outlet in (c for c in token.children if c.dep_ == "nsubj"):
                found += _sources(outlet, AUTHOR, "quoted ... as saying")  # "Reuters quoted X as saying"
    return _dedupe(found)


def _pronoun_follows(verb: Any) -> str:
    """ "it" when the reported clause goes on with "it" doing something ("said it would appeal",
    "said its early decision"): the speaker is a thing, an organisation; "said it was ..." is left
    out, since there "it" is as often the weather. "he" when it goes on with "he" or "she"
    ("admitted he was under pressure"): the speaker is a person. "" otherwise."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        if subject.lower_ in ("he", "she") or any(
            c.lower_ in ("his", "her") and c.dep_ == "poss" for c in subject.children
        ):
            return "he"
        if subject.lower_ == "it" and clause.lemma_.lower() != "be":
            return "it"
        if any(c.lower_ == "its" and c.dep_ == "poss" for c in subject.children):
            return "it"
    return ""


def _antecedent(verb: Any) -> Any | None:
    """The name an "it" speaking stands for, within the sentence: the subject of the clause that
    holds the verb ("Boeing apologised ... although it claimed", "Nintendo is releasing a console
    that it says ..."). Earlier sentences are not searched: the guidelines score sentences alone."""
    token = verb
    while token.head.i != token.i:
        token = token.head
        subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None:
            return subject if is_name(subject) else None
    return None


def _first_person_quote(doc: Any) -> bool:
    """A quotation in the sentence speaks as "I": its speaker is a person, not an organisation."""
    inside = False
    for token in doc:
        if token.text in ('"', "“", "”"):
            inside = not inside if token.text == '"' else token.text == "“"
        elif inside and token.text in ("I", "my", "me", "I'm", "I've"):
            return True
    return False


def _possessed(subject: Any) -> bool:
    """ "1Xtra's G Money says": a name owned by a name is that organisation's person."""
    return any(c.dep_ == "poss" and is_name(c) for c in subject.children)


def _who(subject: Any) -> bool:
    """ "said Woodward, who will be the head coach": a person."""
    return any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in subject.children)


def _char(token: Any) -> int:
    return name_span(token).start_char if is_name(token) else -1


def _pointed_out(verb: Any) -> bool:
    """ "UNAIDS pointed out that ...": unlike a bare "point to", a speaker's verb."""
    return verb.lemma_.lower() == "point" and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in verb.children
    )


def _is_speech(token: Any, lemma: str) -> bool:
    """A reporting verb: "said", "called the sale illegal", "made it clear", and "BBC Sport
    understands", where the tagger took the verb for a noun but the parse gave it a subject."""
    if token.i > 0 and token.text[:1].isupper():
        return False  # "(Whatever the Heart Says)": a title
    if token.pos_ in ("VERB", "AUX"):
        deps = {c.dep_ for c in token.children}
        if lemma in _OBJECT_NOT_SPEECH and "dobj" in deps and not deps & {"ccomp", "xcomp"}:
            return False  # "Yukos is claiming $20bn in damages", "Sideways tells the story"
        if lemma == "tell" and not deps & {"ccomp", "dobj", "dative"}:
            return False  # "the film tells of a UN mission"
        if lemma == "warn" and "auxpass" in deps and "ccomp" not in deps:
            return False  # "Bogdanovic was warned by the LTA for a lack of drive": a reprimand
        if lemma == "call":
            return "oprd" in deps  # "called the sale illegal", not "called for"
        if lemma == "dismiss":  # "has dismissed claims that ...": a denial, which is a claim
            return any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS for c in token.children)
        if lemma == "make":
            clear = ("ccomp", "oprd", "xcomp", "acomp")
            return any(c.lower_ == "clear" and c.dep_ in clear for c in token.children)
        return lemma in SPEECH_VERBS
    return (
        token.dep_ == "ROOT"
        and token.tag_ in ("NNS", "NN")
        and token.lower_.endswith("s")
        and token.lower_[:-1] in SPEECH_VERBS
        and any(c.dep_ == "nsubj" for c in token.children)
    )


def _speaks(verb: Any) -> bool:
    """ "Rangers found Celtic harder to break down" reports nothing; "X found that ..." does."""
    deps = {c.dep_ for c in verb.children}
    if verb.lemma_.lower() == "find":
        return "dobj" not in deps or "ccomp" in deps
    return True


def _dedupe(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not any(k.start <= item.start and item.end <= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _subjects(verb: Any) -> list[Any]:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and subjects and all(s.lower_ in ("which", "who", "that") for s in subjects):
        # "IBM, which argues that ...": the antecedent speaks. The parser often hangs the clause
        # on the wrong noun, so a name just before the pronoun wins over the parse.
        pronoun = subjects[0]
        before = (
            pronoun.doc[pronoun.i - 2]
            if pronoun.i > 1 and pronoun.doc[pronoun.i - 1].text == ","
            else pronoun.doc[pronoun.i - 1]
            if pronoun.i > 0
            else None
        )
        subjects = [before if before is not None and is_name(before) else verb.head]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return subjects  # "AOL is expected to offer ...": passive, only an agent ("by X") speaks
    if not subjects:
        before = _name_before(verb)
        after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if before is not None:
            subjects = [before]
        elif (
            after is not None
            and after.pos_ == "PROPN"
            and verb.i > 0
            and verb.doc[verb.i - 1].text in (",", '"', "”")
        ):
            # '..., said Junya Tanase of JPMorgan Chase bank': an inverted speaker the parser
            # hung elsewhere; climb from the first name word to the name's head.
            while after.dep_ in ("compound", "flat") and after.head.i > after.i:
                after = after.head
            subjects = [after]
        elif verb.head.i != verb.i and (
            verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ROOT")
        ):
            # "Axa blamed the market, adding that ...": the speaker of the clause it hangs on
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        elif verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() not in REPORT_NOUNS:
            # "X opposed the bid for some time saying ...": the parser hung the participle on a
            # noun that cannot speak; the main clause's subject does
            root = next((a for a in verb.ancestors if a.dep_ == "ROOT"), None)
            if root is not None and root.pos_ in ("VERB", "AUX"):
                subjects = [c for c in root.children if c.dep_ == "nsubj"]
    return subjects


def _negated(verb: Any) -> bool:
    """ "X would not comment", "X declined to say": no claim is attributed."""
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")
    )


def _name_before(verb: Any) -> Any | None:
    """The name ending right before a verb the parser gave no subject ("... and the UN Economic
    Commission for Europe predicts"), climbing "of"/"for" to the name that heads it."""
    doc, i = verb.doc, verb.i - 1
    if i > 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3  # "the Office for National Statistics (ONS) said"
    if i < 0 or not is_name(doc[i]):
        return None
    token = doc[i]
    while token.head.i != token.i and (
        (token.dep_ == "pobj" and token.head.lower_ in ("of", "for") and is_name(token.head.head))
        or (token.dep_ in ("compound", "flat") and is_name(token.head))
    ):
        token = token.head.head if token.dep_ == "pobj" else token.head
    return token


def _verb_cue(verb: Any) -> str:
    aux = [c.text for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return " ".join([*aux, verb.text])


def _report_cue(noun: Any) -> str:
    """ " statistics from", " a report by": the report noun and the word leading to its author."""
    if noun.lemma_.lower() not in REPORT_NOUNS:
        return ""
    link = next(
        (c for c in noun.subtree if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")), None
    )
    words = [noun.text] if noun.dep_ == "pobj" else []
    return "".join(f" {w}" for w in [*words, *([link.text] if link is not None else [])])


def _sources(head: Any, position: str, cue: str, depth: int = 0, role: bool = False) -> list[Found]:
    """Institutions in the phrase headed by `head`, which stands in a source position.

    A name heading the phrase is judged by `position` (see `accept`); names that modify a role
    noun ("Gazprom chief"), author a report noun ("a survey by X"), follow a descriptor ("the
    journal X") or affiliate a person ("Jane Doe, of X") are in the author position. `role` marks
    a noun in apposition to a person ("Ian Pearson, BT's futurologist"), which acts as a role noun.
    """
    if depth > 6:
        return []
    out: list[Found] = []
    lemma = head.lemma_.lower()
    if is_name(head):
        span = name_span(head)
        item = accept(span, position, cue)
        if item is not None:
            out.append(item)
        inner = [t for t in span if t.i != head.i and t.head.i in range(span.start, span.end)]
        # "Home Office minister Baroness Scotland": the role hangs on the name's first word
        roles = [c for t in inner for c in t.children if c.dep_ == "compound" and c.i < span.start]
        for child in [*head.children, *roles]:
            if child.i in range(span.start, span.end) and child.dep_ == "compound":
                continue
            if owns(span, child):
                continue  # "Euronext, owner of Liffe, said": the owner is the company itself
            if child.dep_ in ("appos", "compound", "nmod") and child.lemma_.lower() in ROLE_NOUNS:
                out += _sources(child, AUTHOR, cue, depth + 1)
            elif child.dep_ == "appos" and child.pos_ in ("NOUN", "VERB") and not is_name(child):
                out += _sources(child, AUTHOR, cue, depth + 1, role=True)
            elif child.dep_ == "prep" and child.lower_ in ("of", "at", "from", "for"):
                if not (lemma in _MEMBERS and child.lower_ == "for"):
                    out += _pobjs(child, AUTHOR, cue, depth)
            elif child.dep_ in ("conj", "appos") and is_name(child):
                out += _sources(child, position, cue, depth + 1)
            elif child.dep_ == "relcl" and child.lemma_.lower() in AFFILIATION_VERBS | {"be"}:
                out += _affiliation(child, cue, depth)
            elif (
                child.dep_ == "poss"
                and is_name(child)
                and item is not None
                and item.evidence == STRONG
                and child.ent_type_ not in ("GPE", "LOC")  # "Melbourne's Herald-Sun": a place
            ):
                # "FAO's Global Information and Early Warning System": a unit; its owner speaks
                owners = _sources(child, MODIFIER, cue, depth + 1)
                if owners:
                    out = [f for f in out if f is not item] + owners
            elif (
                child.dep_ in ("compound", "poss", "nmod")
                and is_name(child)
                and (item is None or item.evidence != STRONG)
            ):
                # "Amazon's Robin Terrell said": an affiliation; "US Treasury ... John Taylor said"
                # may be one too, but "Wales coach" shows a bare compound needs evidence.
                role_next = _before_role(child)
                out += _sources(
                    child, MODIFIER if child.dep_ == "poss" or role_next else SUBJECT, cue, depth + 1
                )
        if lemma in _PORTFOLIO_ROLES:  # "The Shadow Secretary of State for the Family"
            out = [f for f in out if f.descriptors or has_org_word(f.name) or is_acronym(f.name)]
        return out
    report = lemma in REPORT_NOUNS
    if role or report or lemma in ROLE_NOUNS or lemma in DESCRIPTORS or lemma in _GENERIC_HEADS:
        modifier = MODIFIER if (role or lemma in ROLE_NOUNS) else AUTHOR
        for child in head.children:
            dep, child_lemma = child.dep_, child.lemma_.lower()
            if dep in ("compound", "poss", "nmod", "appos", "amod") and is_name(child):
                if dep != "appos" and _interrupted(child, head):
                    continue  # "a bid for Robbie Savage - but managing director ...": a misparse
                items = _sources(child, modifier if dep != "appos" else AUTHOR, cue, depth + 1)
                out += items
            elif dep in ("compound", "poss", "nmod", "appos") and (
                child_lemma in ROLE_NOUNS or child_lemma in DESCRIPTORS
            ):
                out += _sources(child, AUTHOR, cue, depth + 1)
            elif dep == "compound" and child.pos_ == "NOUN" and modifier == MODIFIER:
                out += _sources(child, MODIFIER, cue, depth + 1, role=True)  # "BBC home affairs editor"
            elif (
                dep == "prep"
                and (child.lower_ in _LINKS or (child.lower_ == "to" and modifier == MODIFIER))
                and not (lemma in _MEMBERS and child.lower_ == "for")
            ) or dep == "agent":  # "chief secretary to the Treasury"; a letter "to" X goes to X
                out += _pobjs(child, AUTHOR, cue, depth)
            elif dep == "acl" and report and child_lemma in AUTHOR_VERBS:
                for link in child.children:  # "a poll conducted for the BBC": its commissioner
                    if link.dep_ == "agent" or (link.dep_ == "prep" and link.lower_ in ("by", "from", "for")):
                        out += _pobjs(link, AUTHOR, cue, depth)
            elif dep == "conj":
                out += _sources(child, position, cue, depth + 1)
        out += _comma_appositive(head, cue)
        if lemma in _PORTFOLIO_ROLES:  # "Home Office minister", not "Economy minister" or the
            out = [f for f in out if f.descriptors or has_org_word(f.name) or is_acronym(f.name)]
            # "Secretary of State for the Family": portfolios, not organisations
    elif depth and head.pos_ == "NOUN":
        # A common noun on the way to the source: "vice president of marketing for X",
        # "a survey of 280 schemes by X", "a manager at Symantec security response".
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "by", "at", "from"):
                out += _pobjs(child, AUTHOR, cue, depth)
            elif (
                position == AUTHOR
                and child.dep_ in ("amod", "compound", "nmod")
                and child.ent_type_ in ("ORG", "NORP")  # not "a farmer from Edo state"
                and is_name(child)
            ):
                out += _sources(child, AUTHOR, cue, depth + 1)
    return out


def _interrupted(modifier: Any, head: Any) -> bool:
    """Free-standing punctuation between a name and the noun it is said to modify ("a bid for
    Robbie Savage - but managing director ..."); "fifth-largest" does not count."""
    doc = modifier.doc
    between = doc[min(modifier.i, head.i) + 1 : max(modifier.i, head.i)]
    return any(t.pos_ == "PUNCT" and (t.whitespace_ or doc[t.i - 1].whitespace_) for t in between)


def _before_role(token: Any) -> bool:
    """ "Virgin Blue chief executive Brett Godfrey": the name is followed by a role noun (after
    modifiers such as "chief", "senior", "vice"), so it names the person's organisation."""
    doc = token.doc
    span = name_span(token)
    i = span.end
    while (
        i < len(doc)
        and doc[i].pos_ in ("ADJ", "NOUN")
        and doc[i].lemma_.lower() not in ROLE_NOUNS
        and i < span.end + 3
    ):
        i += 1
    return i < len(doc) and doc[i].lemma_.lower() in ROLE_NOUNS


def _affiliation(clause: Any, cue: str, depth: int) -> list[Found]:
    """ "Max Houck, who runs a course at West Virginia University": the organisation a relative
    clause ties the speaker to. With "be", only through a role: "who is a member of X"."""
    out: list[Found] = []
    heads = [clause]
    if clause.lemma_.lower() == "be":
        heads = [c for c in clause.children if c.dep_ == "attr" and c.lemma_.lower() in ROLE_NOUNS]
        return [f for h in heads for f in _sources(h, AUTHOR, cue, depth + 1)]
    for head in [clause, *(c for c in clause.children if c.dep_ in ("dobj", "attr"))]:
        for link in (
            c for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "for", "with", "of")
        ):
            out += _pobjs(link, AUTHOR, cue, depth)
    return out


def _comma_appositive(head: Any, cue: str) -> list[Found]:
    """ "according to technology analysts, TDG Research, ...": a name set off by commas right after
    a plural role noun, which the parser often attaches elsewhere."""
    doc = head.doc
    if head.lemma_.lower() not in ROLE_NOUNS or head.tag_ != "NNS" or head.i + 2 >= len(doc):
        return []
    if doc[head.i + 1].text != "," or not is_name(doc[head.i + 2]):
        return []
    span = name_span(doc[head.i + 2])
    if span.end < len(doc) and doc[span.end].text not in (",", ".", ";"):
        return []
    item = accept(span, AUTHOR, cue)
    return [item] if item is not None else []


def _pobjs(prep: Any, position: str, cue: str, depth: int) -> list[Found]:
    return [f for obj in prep.children if obj.dep_ == "pobj" for f in _sources(obj, position, cue, depth + 1)]
