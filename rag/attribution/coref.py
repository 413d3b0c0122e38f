"""What the rest of a sentence says about its speaker: the name an "it" or "the firm" stands for,
the pronoun that continues the reported clause, quotations, possessors, "who" clauses, "For X," openings
and agents the parser hung elsewhere."""

from __future__ import annotations

from typing import Any

from rag.attribution.institutions import DESCRIPTORS
from rag.attribution.names import is_name
from rag.attribution.words import ROLE_NOUNS


def pronoun_follows(verb: Any) -> str:
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


def antecedent(verb: Any) -> Any | None:
    """The name an "it" speaking stands for, within the sentence: the subject of the clause that
    holds the verb ("Boeing apologised ... although it claimed", "Nintendo is releasing a console
    that it says ..."). Earlier sentences are not searched: the guidelines score sentences alone."""
    token = verb
    while token.head.i != token.i:
        token = token.head
        subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None:
            return subject if is_name(subject) else None
    # "Although the White House officially backs ..., it has indicated": a clause before the verb
    for clause in (c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i):
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is not None and is_name(subject):
            return subject
    return None


# Head nouns that name a body's kind only when the body's own name ends with them
_HEADED = frozenset("fund bank authority board council commission institute bureau office".split())
# Kinds of public body that stand only for a body of their own kind: "Google said … the
# commission said" is not Google, nor is "Meta appealed … after the regulator concluded" Meta
_OWN_KIND = (_HEADED - DESCRIPTORS) | frozenset(
    "authority commission council bureau office ministry department court tribunal regulator".split()
)


def named_before(subject: Any) -> Any | None:
    """ "RHB, Malaysia's third-biggest lender, is scouting ..., the firm told Reuters": "the firm"
    stands for the organisation that an earlier clause of the sentence is about, its subject or
    the owner of its subject ("While Toyota's prototypes ..., the company says")."""
    its = any(c.lower_ == "its" and c.dep_ == "poss" for c in subject.children)
    # "Mr Jacobsen tried to hack T-Mobile's network, said a company spokesman": the firm named before
    company = not is_name(subject) and any(
        c.dep_ == "compound" and c.lemma_.lower() in ("company", "firm") for c in subject.children
    )  # not "market research firm NPD Group has reported": a name of its own
    if (its or company) and subject.lemma_.lower() in ROLE_NOUNS | DESCRIPTORS:  # "its developers say"
        pass  # "Mittal Steel could cut 45,000 jobs, its chief executive has said"
    elif subject.tag_ != "NN" or subject.lemma_.lower() not in DESCRIPTORS | _HEADED:
        return None  # "Fiat has yet to comment, but the unions say": others
    elif not any(c.lower_ == "the" for c in subject.children):
        return None
    elif any(c.dep_ in ("compound", "poss", "amod") for c in subject.children):
        return None  # "the rival firm", "the Japanese company": someone else
    for token in subject.doc[: subject.i]:
        if (
            not quoted(token)  # '"Prince returned ...," the magazine reported'
            and (
                token.dep_ in ("nsubj", "nsubjpass", "poss")
                # "Revenues at media group Reuters slipped ..., the group said"
                or (token.dep_ == "pobj" and token.head.head.dep_ in ("nsubj", "nsubjpass"))
                # "Deutsche Boerse bosses have held talks ..., its chief has said"
                or (
                    (its or company)
                    and token.dep_ == "compound"
                    and token.head.dep_ in ("nsubj", "nsubjpass")
                    and token.head.lemma_.lower() in ROLE_NOUNS
                )
            )
            and is_name(token)
            and token.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP")
            # "Japan's Government Pension Investment Fund gained ..., the fund said": its own head
            and (subject.lemma_.lower() not in _OWN_KIND or token.lower_ == subject.lower_)
        ):
            return token
    if company:  # "Company spokesman Glenn Waller said Exxon still considered ...": the firm he speaks of
        speaker = subject
        while speaker.dep_ == "compound":  # "Company spokesman | Glenn Waller"
            speaker = speaker.head
        clauses = [c for c in speaker.head.children if c.dep_ == "ccomp"] if speaker.dep_ == "nsubj" else []
        named = [g for c in clauses for g in c.children if g.dep_ == "nsubj" and g.ent_type_ == "ORG"]
        return next((g for g in named if is_name(g)), None)
    return None


def quoted(token: Any) -> bool:
    """Inside a quotation (see `_quotation_marks`); computed once per sentence, as the rules ask
    about many of its tokens."""
    doc = token.doc
    if "quoted" not in doc.user_data:
        doc.user_data["quoted"] = _quotation_marks(doc)
    return doc.user_data["quoted"][token.i]


def _quotation_marks(doc: Any) -> list[bool]:
    """Per token: an odd number of straight quotes, or an open curly one, before it. A sentence
    whose first straight quote closes a quotation ('... lower," said John Brady') began inside
    one, which the count must start from."""
    marks = [t for t in doc if t.text == '"']
    after = doc[marks[0].i + 1] if marks and marks[0].i + 1 < len(doc) else None
    began_inside = (
        bool(marks)
        and marks[0].i > 0
        and not doc[marks[0].i - 1].whitespace_
        and (after is None or bool(marks[0].whitespace_) or after.is_punct)
    )
    states, straight, opened = [], int(began_inside), 0
    for token in doc:
        states.append(straight % 2 == 1 or opened > 0)
        straight += token.text == '"'
        opened += (token.text == "“") - (token.text == "”")
    return states


def first_person_quote(doc: Any) -> bool:
    """A quotation in the sentence speaks as "I": its speaker is a person, not an organisation."""
    return any(token.text in ("I", "my", "me", "I'm", "I've") and quoted(token) for token in doc)


def possessed(subject: Any) -> bool:
    """ "1Xtra's G Money says": a name owned by a name is that organisation's person; one owned by
    a place is not ("Japan's Toyota said")."""
    owners = (c for c in subject.children if c.dep_ == "poss" and c.ent_type_ not in ("GPE", "LOC"))
    return any(is_name(c) for c in owners)


def who_clause(subject: Any) -> bool:
    """ "said Woodward, who will be the head coach": a person."""
    return any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in subject.children)


def speaking_for(verb: Any, speech: bool) -> list[Any]:
    """The name of a sentence-opening "For X," that the speaker stands for: "For the Liberal
    Democrats, Sir Menzies Campbell said" (a named speaker; "For BT Retail, she said" gives a
    topic), or a person in a role whose view the sentence states ("For Rick Dean, director of
    X, a high-definition future is an exciting prospect")."""
    found = []
    for link in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"):
        if any(not (t.is_punct or t.dep_ == "cc") for t in verb.doc[: link.i]):
            continue  # not the sentence's opening
        for name in (c for c in link.children if c.dep_ == "pobj" and is_name(c)):
            roles = [c for c in name.children if c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS]
            named_speaker = speech and any(
                c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.i > name.i for c in verb.children
            )
            if named_speaker or (roles and name.ent_type_ == "PERSON"):
                found.append(name)
    return found


def stray_agents(verb: Any) -> list[Any]:
    """ "described as "irresponsible" and "outrageous" by the IHRC": the parser hangs the agent on
    an adjective of the description; an adjective rarely takes "by", so it belongs to the verb
    when no other verb stands between them."""
    found = []
    for by in (t for t in verb.subtree if t.lower_ == "by" and t.i > verb.i and t.head.pos_ == "ADJ"):
        step = by.head
        while step.i != verb.i and step.pos_ not in ("VERB", "AUX") and step.head.i != step.i:
            step = step.head
        if step.i == verb.i:
            found += [g for g in by.children if g.dep_ == "pobj"]
    return found
