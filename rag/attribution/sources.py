"""Institutions in a phrase that stands in a source position: roles, reports, affiliations."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rag.attribution.accept import AUTHOR, MODIFIER, PERSON, STRONG, SUBJECT, WEAK, Found, accept
from rag.attribution.bodies import committee, departments, described
from rag.attribution.institutions import DESCRIPTORS, has_org_word, is_acronym
from rag.attribution.names import is_name, owns
from rag.attribution.neighbours import before_role, comma_appositive, interrupted, verb_named
from rag.attribution.series import appositive_title
from rag.attribution.spans import name_span
from rag.attribution.words import (
    AFFILIATION_VERBS,
    AUTHOR_VERBS,
    COMPANY_ROLES,
    EVENT_ROLES,
    GENERIC_HEADS,
    MEMBERS,
    OFFICE_ROLES,
    PLAN_NOUNS,
    PLAYERS,
    REPORT_NOUNS,
    ROLE_NOUNS,
    ROLE_PREFIXES,
    UNITS,
)

# Prepositions that lead from a role or report noun to the organisation behind it.
_LINKS = frozenset({"by", "from", "of", "for", "at", "as", "including", "like", "with", "within", "inside"})
# A role's subject area leads on to its organisation: "senior advisor on mobile media at Ericsson's lab".
_ROLE_LINKS = _LINKS | {"on"}
_PORTFOLIO_ROLES = frozenset({"commissioner", "minister", "secretary"})  # "Commissioner for Youth and Sport"


def sources(head: Any, position: str, cue: str, depth: int = 0, role: bool = False) -> list[Found]:
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
    doc = head.doc
    if lemma in ROLE_PREFIXES and head.i + 2 < len(doc) and doc[head.i + 1].text == "-":
        # "The Tory co-chairman attacked": the tokenizer split the role and the parser kept its "co"
        role = role or doc[head.i + 2].lemma_.lower() in ROLE_NOUNS
    if (body := committee(head)) is not None:  # "the Commons work and pensions committee": a body by its name
        return [replace(f, evidence=STRONG) for f in [accept(body, position, cue)] if f is not None]
    if is_name(head):
        span = name_span(head)
        item = accept(span, position, cue)
        if item is not None:
            out.append(item)
        inner = [t for t in span if t.i != head.i and t.head.i in range(span.start, span.end)]
        # "Home Office minister Baroness Scotland": the role hangs on the name's first word
        roles = [c for t in inner for c in t.children if c.dep_ == "compound" and c.i < span.start]
        # "The League Against Cruel Sports and the RSPCA say": the parser joins the next name to the last word
        roles += [c for t in inner for c in t.children if c.dep_ == "conj" and c.i >= span.end and is_name(c)]
        # "Conservative co-chairman Liam Fox": the party hangs on the "co" of the role
        roles += [
            g
            for c in head.children
            if c.dep_ == "compound" and c.lower_ in ROLE_PREFIXES
            for g in c.children
            if g.dep_ in ("amod", "compound") and is_name(g)
        ]
        # "CML director general Michael Coogan": the parser hangs the role on "general"
        generals = [c for c in head.children if c.lower_ == "general"]
        roles += [g for c in generals for g in c.children if g.dep_ == "compound"]
        for child in [*head.children, *roles]:
            if child.i in range(span.start, span.end) and child.dep_ == "compound":
                continue
            if owns(span, child):
                continue  # "Euronext, owner of Liffe, said": the owner is the company itself
            # "Bank of Japan chief Toshihiko Fukui": the tagger may call "chief" an adjective
            if child.dep_ in ("appos", "compound", "nmod", "amod") and child.lemma_.lower() in ROLE_NOUNS:
                if (
                    child.lower_ not in ("owner", "parent") or head.ent_type_ != "ORG"
                ):  # "Pillsbury owner General Mills"
                    out += sources(child, AUTHOR, cue, depth + 1)
            elif child.dep_ == "appos" and child.pos_ in ("NOUN", "VERB") and not is_name(child):
                if child.lemma_.lower() not in PLAYERS:  # "Sean Long, Saints team-mate": no staff
                    out += sources(child, AUTHOR, cue, depth + 1, role=True)
            # "Labour's Chief Secretary to the Treasury": a capitalised role serves the body it is "to"
            elif child.dep_ == "prep" and (
                child.lower_ in ("of", "at", "from", "for")
                or (child.lower_ == "to" and lemma in ("secretary", "minister"))
            ):
                if not (lemma in MEMBERS | _PORTFOLIO_ROLES and child.lower_ == "for"):
                    out += pobjs(child, AUTHOR, cue, depth)
            elif child.dep_ in ("conj", "appos") and (is_name(child) or described(child)):
                if not any(t.lower_ in ("former", "ex") for t in child.subtree):  # "former MTV VJ"
                    out += sources(child, position, cue, depth + 1)
            elif child.lower_ == "with" and any(
                s.lower_ == "together" for s in [*head.children, *child.children]
            ):
                out += pobjs(child, position, cue, depth)  # "GlobeScan, together with PIPA"
            elif child.dep_ == "relcl" and child.lemma_.lower() in AFFILIATION_VERBS | {"be"}:
                out += _affiliation(child, cue, depth)
            elif (
                child.dep_ == "poss"
                and is_name(child)
                and item is not None
                and item.evidence == STRONG
                # "Melbourne's Herald-Sun": a place; "Cherie Blair's Matrix Chambers": a person's
                and child.ent_type_ not in ("GPE", "LOC", "PERSON")
            ):
                # "FAO's Global Information and Early Warning System": a unit; its owner speaks
                owners = sources(child, MODIFIER, cue, depth + 1)
                if owners:
                    out = [f for f in out if f is not item] + owners
            elif (
                child.dep_ in ("compound", "poss", "nmod", "amod")
                and is_name(child)
                and (item is None or item.evidence != STRONG)
            ):
                # "Amazon's Robin Terrell said": an affiliation; "US Treasury ... John Taylor said"
                # may be one too, but "Wales coach" shows a bare compound needs evidence.
                tied = child.dep_ == "poss" or before_role(child)
                out += sources(child, MODIFIER if tied else SUBJECT, cue, depth + 1)
        # "said Isabelle Kronawitter at Hypovereinsbank": a bare name placed at a body is a person
        placed = any(
            c.dep_ == "prep" and c.lower_ in ("at", "from") and c.i >= span.end for c in head.children
        )
        if item is not None and item.evidence == WEAK and placed and len(out) > 1:
            out = [f for f in out if f is not item]
        return departments(head, out)  # "The Shadow Secretary of State for the Family"
    report = lemma in REPORT_NOUNS or lemma in PLAN_NOUNS
    if role or report or lemma in ROLE_NOUNS or lemma in DESCRIPTORS or lemma in GENERIC_HEADS:
        modifier = MODIFIER if (role or lemma in ROLE_NOUNS) else AUTHOR
        # "director general of X": the parser hangs "of" on "general"
        after = [g for c in head.children if c.i == head.i + 1 and c.dep_ == "amod" for g in c.children]
        # "The woman's lawyer, Dolores M Troiani": a name beside one person's role is that person,
        # judged as a bare name; beside "analysts" or "its owner" it may be a firm.
        one_person = head.tag_ == "NN" and lemma in ROLE_NOUNS and lemma not in COMPANY_ROLES
        beside = SUBJECT if one_person else AUTHOR
        # "The SNP's Holyrood leader, Nicola Sturgeon,": with its owner named, the role's other
        # names are where it sits and, for one person's role, who holds it
        possessors = (c.i for c in head.children if c.dep_ == "poss" and c.ent_type_ not in ("GPE", "LOC"))
        owner = next((i for i in possessors if is_name(head.doc[i])), None) if lemma in ROLE_NOUNS else None
        for child in [*head.children, *(g for g in after if g.dep_ == "prep")]:
            dep, child_lemma = child.dep_, child.lemma_.lower()
            # "National Bureau of Statistics chief Li Deshui": the parser may make the name a subject
            misparsed = dep == "nsubj" and child.i < head.i and modifier == MODIFIER
            if (dep in ("compound", "poss", "nmod", "appos", "amod") or misparsed) and is_name(child):
                if dep != "appos" and (interrupted(child, head) or lemma in EVENT_ROLES):
                    continue  # "a bid for Robbie Savage - but managing director ...": a misparse
                if dep == "appos" and lemma in REPORT_NOUNS and not role and appositive_title(child):
                    continue  # "The OECD report, Education at a Glance, found": its title
                if owner is not None and (
                    (dep == "compound" and child.i > owner) or (dep == "appos" and one_person)
                ):
                    continue
                out += sources(child, modifier if dep != "appos" else beside, cue, depth + 1)
            elif dep in ("compound", "poss", "nmod", "appos") and (
                child_lemma in ROLE_NOUNS or child_lemma in DESCRIPTORS
            ):
                out += sources(child, AUTHOR, cue, depth + 1)
            elif dep == "compound" and child.pos_ == "NOUN" and modifier == MODIFIER:
                out += sources(child, MODIFIER, cue, depth + 1, role=True)  # "BBC home affairs editor"
            elif (
                dep == "prep"
                and (
                    child.lower_ in (_ROLE_LINKS if modifier == MODIFIER else _LINKS)
                    or (child.lower_ == "to" and modifier == MODIFIER)
                    # "a report in the Economic Observer", "the editor in chief of Wired"
                    or (child.lower_ == "in" and (report or any(o.lower_ == "chief" for o in child.children)))
                )
                and not (lemma in MEMBERS and child.lower_ == "for")
                and not (lemma in EVENT_ROLES and child.lower_ == "of")
                and not (lemma == "union" and head.tag_ == "NNS")  # "unions at Fiat": not Fiat
            ) or dep == "agent":  # "chief secretary to the Treasury"; a letter "to" X goes to X
                items = pobjs(child, AUTHOR, cue, depth)
                if child.lower_ == "on":  # "consultant on RFID": a subject, not an employer
                    items = [
                        f
                        for obj in child.children
                        if obj.dep_ == "pobj" and not is_name(obj)
                        for f in sources(obj, AUTHOR, cue, depth + 1)
                    ]
                # "Gloucester director of rugby Nigel Melville": the organisation is named already,
                # and the person follows the department
                named = any(c.dep_ in ("compound", "poss", "nmod") and is_name(c) for c in head.children)
                if lemma in OFFICE_ROLES and child.lower_ in ("of", "for", "at") and not named:
                    items = [
                        replace(f, evidence=STRONG) if f.evidence == PERSON and _right_after(child, f) else f
                        for f in items
                    ]
                out += items
            elif dep == "amod" and report and child.tag_ == "VBN" and child_lemma in AUTHOR_VERBS:
                # "The Nokia-sponsored research showed": the sponsor hangs on the participle
                for name in (g for g in child.children if g.dep_ in ("npadvmod", "compound", "nmod")):
                    if is_name(name):
                        out += sources(name, AUTHOR, cue, depth + 1)
            elif dep in ("acl", "relcl") and report and child_lemma in AUTHOR_VERBS:
                for link in child.children:  # "a poll conducted for the BBC": its commissioner
                    if link.dep_ == "agent" or (link.dep_ == "prep" and link.lower_ in ("by", "from", "for")):
                        out += pobjs(link, AUTHOR, cue, depth)
            elif dep == "conj":
                out += sources(child, position, cue, depth + 1)
        out += (
            comma_appositive(head, cue)
            + _stray_modifier(head, modifier, cue, out, depth)
            + verb_named(head, cue)
        )
        out = departments(head, out)  # "Home Office minister", not "Economy minister"
    elif head.pos_ == "NOUN" and not depth:
        # "World record holder and BBC pundit Jonathan Edwards believes": a name joined to the subject;
        # "Leading plaintiff, the University of California, announced": a name set beside it
        for child in (c for c in head.children if c.dep_ in ("conj", "appos") and is_name(c)):
            set_off = child.left_edge.i == head.i + 2 and doc[head.i + 1].text == ","
            if child.dep_ == "conj" or set_off:  # not an apposition the parser hung across a clause
                out += sources(child, position, cue, depth + 1)
        if lemma in ("board", "committee", "jury", "panel"):  # "BT's board said", "the AFI jury concluded"
            owners = [c for c in head.children if c.dep_ in ("poss", "compound", "amod") and is_name(c)]
            out += [f for owner in owners for f in sources(owner, MODIFIER, cue, depth + 1)]
    elif depth and head.pos_ == "NOUN":
        # A common noun on the way to the source: "vice president of marketing for X",
        # "a survey of 280 schemes by X", "a manager at Symantec security response".
        # "a member of the BMW management board": the name may modify the noun's own modifier
        nested = [g for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN" for g in c.children]
        for child in [*head.children, *nested]:
            if child.dep_ == "prep" and child.lower_ in ("for", "by", "at", "from"):
                out += pobjs(child, AUTHOR, cue, depth)
            elif child.dep_ == "conj" and child.lemma_.lower() in ROLE_NOUNS:
                # "chair of the judges and the Guardian literary editor"
                out += sources(child, AUTHOR, cue, depth + 1)
            elif (
                position == AUTHOR
                and head.tag_ == "NN"  # "makers of DAB chips": a product, not a unit
                and child.dep_ in ("amod", "compound", "nmod", "poss")
                and (child.ent_type_ in ("ORG", "NORP") or child.dep_ == "poss")  # not "a farmer from Edo"
                # "Gerard Rijk of Inbev's strong performance": only a unit has an owner that employs
                and (child.dep_ != "poss" or head.lemma_.lower() in DESCRIPTORS | UNITS)
                and is_name(child)
            ):
                out += sources(child, AUTHOR, cue, depth + 1)
    return out


def _stray_modifier(role: Any, modifier: str, cue: str, found: list[Found], depth: int) -> list[Found]:
    """ "... elusive and Ifo president Hans-Werner Sinn said": a name right before a role noun
    that the parser hung elsewhere still names the role's organisation."""
    before = role.doc[role.i - 1] if role.i > 0 else None
    if found or modifier != MODIFIER or before is None or before.dep_ in ("compound", "poss", "amod"):
        return []
    return sources(before, MODIFIER, cue, depth + 1) if is_name(before) and before.pos_ == "PROPN" else []


def _affiliation(clause: Any, cue: str, depth: int) -> list[Found]:
    """ "Max Houck, who runs a course at West Virginia University": the organisation a relative
    clause ties the speaker to. With "be", only through a role ("who is a member of X") or a seat."""
    out: list[Found] = []
    heads = [clause]
    if clause.lemma_.lower() == "be":
        heads = [c for c in clause.children if c.dep_ == "attr" and c.lemma_.lower() in ROLE_NOUNS]
        # "who is on Labour's ruling NEC", "who is at Oxford University" (not "at the Bicester Hunt")
        links = [c for c in clause.children if c.dep_ == "prep" and c.lower_ in ("on", "at")]
        return [f for h in heads for f in sources(h, AUTHOR, cue, depth + 1)] + [
            f
            for link in links
            for f in pobjs(link, AUTHOR, cue, depth)
            if link.lower_ == "on" or has_org_word(f.name) or is_acronym(f.name)
        ]
    heads = [clause, *(c for c in clause.children if c.dep_ in ("dobj", "attr"))]
    if clause.lemma_.lower() == "sit":  # "who sits on the executive of X"
        heads += [o for c in clause.children if c.dep_ == "prep" and c.lower_ == "on" for o in c.children]
    for head in heads:
        for link in (
            c for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "for", "with", "of")
        ):
            out += pobjs(link, AUTHOR, cue, depth)
        # "who chairs Acme Corp", "who heads Acme's research team"; one who "runs" a festival may not speak
        leads = head is not clause and clause.lemma_.lower() in ("chair", "head", "lead")
        if leads and (is_name(head) or head.lemma_.lower() in UNITS or committee(head) is not None):
            out += sources(head, MODIFIER if is_name(head) else AUTHOR, cue, depth + 1)
    return out


def pobjs(prep: Any, position: str, cue: str, depth: int) -> list[Found]:
    return [f for obj in prep.children if obj.dep_ == "pobj" for f in sources(obj, position, cue, depth + 1)]


def _right_after(prep: Any, found: Found) -> bool:
    """The name follows its preposition, at most after an article: "officer for Vivendi Universal"."""
    return prep.doc.text[prep.idx + len(prep.text) : found.start].strip().lower() in ("", "the")
