"""Who speaks in a sentence: reporting verbs and their subjects."""

from __future__ import annotations

from typing import Any

from rag.attribution.coref import quoted, stray_agents
from rag.attribution.names import is_name
from rag.attribution.neighbours import name_after, name_before
from rag.attribution.verbs import asks, claims, experienced, hedged, holds_view, in_passing, is_result, stance
from rag.attribution.words import (
    CAUSING,
    CLAIM_NOUNS,
    CONTESTED,
    JUDGING,
    OBJECT_NOT_SPEECH,
    PLAN_NOUNS,
    REPORT_NOUNS,
    RESULTS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STANCES,
    WILLING,
)


def is_speech(token: Any, lemma: str) -> bool:
    """A reporting verb: "said", "called the sale illegal", "made it clear", and "BBC Sport
    understands", where the tagger took the verb for a noun but the parse gave it a subject."""
    if token.i > 0 and token.text[:1].isupper():
        return False  # "(Whatever the Heart Says)": a title
    if token.dep_ == "acl" and token.head.lemma_.lower() in CLAIM_NOUNS:
        return False  # "investigated claims that TBWA was blaming him": the claim has no source yet
    if token.pos_ in ("VERB", "AUX"):
        deps = {c.dep_ for c in token.children}
        if token.lower_ in STANCES:  # "is worried the policy sends ...", tagged a passive verb
            return "ccomp" in deps and not hedged(token)
        if in_passing(token):
            return False
        if lemma == "play" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            lemma = "downplay"  # "has played down reports that ...": a denial, like "dismissed claims"
        if lemma == "hop" and token.lower_.startswith(("hope", "hoping")):
            lemma = "hope"  # the lemmatizer's "hopes", "hoping" -> "hop"
        listener = lemma == "tell" and any(
            c.dep_ == "dobj"
            and (
                c.pos_ in ("PROPN", "PRON")
                # "told BBC Two's Newsnight programme there was ...": the parser lost the clause
                or any(g.dep_ in ("poss", "compound") and g.pos_ == "PROPN" for g in c.children)
            )
            for c in token.children
        )
        # "The OECD projects global growth of 3.1%": a forecast figure, not "projects an image"
        forecast = lemma == "project" and any(
            t.like_num or t.text == "%" for c in token.children if c.dep_ == "dobj" for t in c.subtree
        )
        if (
            lemma in OBJECT_NOT_SPEECH
            and "dobj" in deps
            and not deps & {"ccomp", "xcomp"}
            and not listener
            and not forecast
        ):
            return (
                False  # "Yukos is claiming $20bn in damages", "Sideways tells the story"; not "told Reuters"
            )
        if lemma in ("repeat", "reiterate"):  # "repeated his view that ...", not "to repeat its 2002 run"
            views = CLAIM_NOUNS | {"view", "warning", "call", "position", "belief", "criticism", "desire"}
            return "ccomp" in deps or any(
                c.dep_ == "dobj" and c.lemma_.lower() in views for c in token.children
            )
        if lemma in OBJECT_NOT_SPEECH and token.dep_ == "acl":
            return False  # "systems maintained by Sun"
        ordered = any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in token.children)
        if lemma == "tell" and ordered and "ccomp" not in deps:
            return False  # "Rangers had told him to find the player a new club": an order
        if lemma == "tell" and not deps & {"ccomp", "dobj", "dative"}:
            return False  # "the film tells of a UN mission"
        if lemma == "tell" and not deps & {"dobj", "dative"} and asks(token):
            return False  # "Time will tell if it is a possibility": no one tells anyone
        if lemma == "warn" and "auxpass" in deps and "ccomp" not in deps:
            return False  # "Bogdanovic was warned by the LTA for a lack of drive": a reprimand
        if lemma == "write" and "auxpass" in deps and "ccomp" not in deps:
            # "the song, which was written by X": a work; "the report, which was written by X": a report
            written = [c for c in token.children if c.dep_ == "nsubjpass"]
            if token.dep_ == "relcl" and all(w.lower_ in ("which", "that") for w in written):
                written = [token.head]
            return any(w.lemma_.lower() in REPORT_NOUNS for w in written)
        if lemma == "call":  # "called the sale illegal", not "called on", "a musical called X"
            # the quotation is the verdict on the object, not the object itself ('could call an
            # "obligatory conciliation"': a meeting called)
            verdict = any(
                t.text in ('"', "“")
                for c in token.children
                if c.dep_ == "dobj" and not quoted(c)
                for t in c.subtree
            )
            naming = any(c.dep_ == "dobj" and c.tag_ == "WP" for c in token.children)  # "what it calls X"
            return (
                token.dep_ != "acl"
                and not naming
                and (verdict or any(c.dep_ == "oprd" and not is_name(c) for c in token.children))
            )  # 'called the new targets "reasonably impressive"': the parser hangs the verdict on the noun
        if lemma == "rank":  # "ranked 13th by a UN body", "X ranks Y": a verdict; "ranked first": none
            return bool(deps & {"agent", "dobj"})
        if lemma == "blame":  # "blamed high fuel prices for the drop": a cause it claims
            return "ccomp" in deps or any(
                c.dep_ == "prep" and c.lower_ in ("for", "on") for c in token.children
            )
        if lemma in ("welcome", "praise", "condemn") and deps & {"dobj", "agent"}:
            return True  # "The British Chambers of Commerce welcomed the latest proposal", "condemned by X"
        if lemma in ("question", "rule", "complain", "hope", "feel"):
            # "questioned whether", "ruled that", "hopes that"; not "complained to Ofcom", "hopes to"
            return "ccomp" in deps
        if lemma in ("poll", "survey"):  # "YouGov polled 1,981 voters": the poll's author
            return "dobj" in deps and "auxpass" not in deps
        if lemma == "agree":
            return holds_view(token, deps)
        if lemma in ("be", "remain"):
            return stance(token) is not None
        if lemma == "report" and (
            token.head.lemma_.lower() in RESULTS  # the parser may hang the verb on its object
            or any(c.dep_ == "dobj" and is_result(c) for c in token.children)
        ):
            return False  # "Multiplex's division reported profits of A$35m": its results, the news
        if lemma in ("brand", "label", "dub") and "dobj" in deps:
            return True  # "has branded the ID scheme a waste of money", "dubbed the sequel "trivial""
        if lemma == "defend":  # "the Home Office defended the measures"; not "defended their title"
            return any(c.dep_ == "dobj" and c.lemma_.lower() not in CONTESTED for c in token.children)
        if lemma in JUDGING:  # "has dismissed claims that ...": a denial, which is a claim
            # "the DTI has dismissed the proposal": a verdict on it
            judged = CLAIM_NOUNS | PLAN_NOUNS if lemma == "dismiss" else CLAIM_NOUNS
            return any(
                (c.dep_ == "dobj" and c.lemma_.lower() in judged)
                or (c.dep_ == "prep" and c.lower_ == "as")
                # "the EPP attacking the EC for backing down": a criticism with its reason
                or (c.dep_ == "prep" and c.lower_ == "for" and lemma in ("attack", "condemn"))
                for c in token.children
            )
        if lemma == "make":
            clear = ("ccomp", "oprd", "xcomp", "acomp")
            return any(c.lower_ == "clear" and c.dep_ in clear for c in token.children)
        if lemma in ("see", "peg"):
            # "The WMO sees a 98% probability", "the RBI has pegged it at 7 per cent": a forecast
            # figure (not "saw a 5% rise", a result, nor "sees risks")
            return (lemma == "peg" or token.tag_ in ("VBZ", "VBP")) and any(
                t.like_num or t.text == "%"
                for c in token.children
                if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "at")
                for t in c.subtree
            )
        return lemma in SPEECH_VERBS or claims(token, lemma)
    return (
        token.dep_ == "ROOT"
        and token.tag_ in ("NNS", "NN")
        and token.lower_.endswith("s")
        and token.lower_[:-1] in SPEECH_VERBS
        and any(c.dep_ == "nsubj" for c in token.children)
    )


def speaks(verb: Any) -> bool:
    """ "Rangers found Celtic harder to break down" reports nothing; "X found that ..." does;
    "Labour fears that ..." does, "fears a fall" does not."""
    deps = {c.dep_ for c in verb.children}
    if verb.lemma_.lower() == "find":  # "will find out whether": learning, not finding
        return ("dobj" not in deps or "ccomp" in deps) and "prt" not in deps and not experienced(verb)
    if verb.lemma_.lower() in ("fear", "think"):  # "said New Line feared that": the teller speaks
        inverted = any(c.dep_ == "nsubj" and c.i > verb.i for c in verb.children)  # "..., thinks X"
        # "while Wendy Ide of The Times still thinks ...": a clause of its own, not a reported one
        return ("ccomp" in deps and verb.dep_ in ("ROOT", "advcl", "conj")) or inverted
    # "it expected the Bank of England to respond quickly": what another expects the subject to say
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ == "VERB":
        return verb.head.lemma_.lower() not in SPEECH_VERBS
    # as written: "Will Davies ... told" is a name the tagger made an auxiliary
    future = any(c.dep_ == "aux" and c.text in ("will", "'ll", "’ll") for c in verb.children)
    if future and verb.lemma_.lower() in SPEECH_VERBS:
        return False  # "GS expect the FOMC will say ...": speech to come is no claim of this sentence
    if verb.lemma_.lower() == "conclude" and "dobj" in deps and "ccomp" not in deps:
        return False  # "the Board concluded the annual discussions": ending them, not finding
    # "less spending than that anticipated by Labour": a comparison, not a claim
    return not (verb.dep_ == "acl" and any(t.lower_ == "than" for t in verb.ancestors))


def subjects(verb: Any) -> list[Any]:
    # "TRAI in its subscriber data said": a name the parser took for a clause is the subject
    subjects = [c for c in verb.children if c.dep_ == "nsubj" or (c.dep_ == "csubj" and is_name(c))]
    if verb.dep_ == "relcl" and subjects and all(s.lower_ in ("which", "who", "that") for s in subjects):
        # "IBM, which argues that ...": the antecedent; a name just before the pronoun beats the parse
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
    # "The problem they face, said Shailendra Jain, head of X, is ...": a speaker set inside the
    # clause he speaks, which the parser gave the clause's subject (not "A spokesman for X, ...,
    # described Mr Y's sentence as ...": a speaker, and a verb with an object)
    speakers = REPORT_NOUNS | ROLE_NOUNS
    inserted = not any(c.dep_ == "dobj" for c in verb.children)
    if (
        subjects
        and inserted
        and all(t.i < verb.i and t.pos_ == "NOUN" and t.lemma_ not in speakers for t in subjects)
    ):
        subjects = [t for t in [name_after(verb)] if t is not None] or subjects
    # "The Conference Board survey of 5,000 households pointed to ...": the parser made the report
    # noun the root and its verb a participle
    if not subjects and verb.dep_ == "acl" and not any(c.dep_ == "agent" for c in verb.children):
        root = next((a for a in verb.ancestors if a.dep_ == "ROOT"), verb)  # only for a participle
        if root.pos_ == "NOUN" and root.lemma_ in REPORT_NOUNS and root.i < verb.i:
            subjects = [root]
    if (
        not subjects
        and verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.lemma_.lower() in REPORT_NOUNS
    ):
        subjects = [verb.head]  # "recent Land Registry figures confirming a slowdown": the figures speak
    if not subjects and verb.dep_ == "xcomp" and verb.head.lower_ in WILLING and verb.head.dep_ == "acomp":
        subjects = [c for c in verb.head.head.children if c.dep_ == "nsubj"]  # "X is quick to condemn"
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        if verb.lower_ in STANCES:  # "the agency is worried (that) ...": the parser's passive
            auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
            return [
                *subjects,
                *(c for c in verb.children if c.dep_ == "nsubjpass"),
                *(g for a in auxiliaries for g in a.children if g.dep_ == "nsubj"),  # hung on "is"
            ]
        # "AOL is expected to offer ...": passive, only an agent ("by X") speaks
        return subjects or stray_agents(verb)
    if not subjects:
        before = name_before(verb)
        after = name_after(verb)
        if before is not None:
            subjects = [before]
        elif after is not None:
            subjects = [after]
        elif (
            verb.dep_ in ("xcomp", "advcl")
            and verb.head.lemma_.lower() in CAUSING
            and any(c.lower_ == "to" for c in verb.children)
        ):
            # "prompting research firm Point Topic to declare it ...": the object declares
            subjects = [c for c in verb.head.children if c.dep_ == "dobj"]
        elif verb.head.i != verb.i and (
            verb.dep_ == "conj"
            or (
                verb.dep_ == "advcl"
                and verb.tag_ == "VBG"
                and verb.head.dep_ == "ROOT"
                # "fighting two lawsuits - one accusing it of ...": the "one" before it accuses
                and verb.doc[verb.i - 1].pos_ not in ("NUM", "PRON")
            )
            # "Morgan Creek were shelving the film, having complained it was not scary enough"
            or (
                verb.dep_ == "advcl"
                and verb.tag_ == "VBN"
                and any(c.lower_ == "having" for c in verb.children)
                and any(c.dep_ == "ccomp" for c in verb.children)  # not "Having said that, ..."
            )
        ):
            # "Axa blamed the market, adding that ...": the speaker of the clause it hangs on
            head = verb.head
            if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.lemma_.lower() not in SPEECH_VERBS:
                head = head.head  # "Analysts claimed X was positive but stressed": the parser
                # joined "stressed" to the reported clause; the claimant stresses
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
        elif (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.lower_ in ("after", "before", "while", "since", "by")  # not "for suggesting"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            # "Souness has reopened his dispute with Bellamy after claiming ...": the main clause's
            subjects = [c for c in verb.head.head.children if c.dep_ == "nsubj"]  # subject claims
        elif (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.lemma_.lower() not in REPORT_NOUNS
            and not quoted(verb)  # '"real people saying real things," says Adam Curry'
        ):
            # "X opposed the bid for some time saying ...": the parser hung the participle on a
            # noun that cannot speak; the main clause's subject does
            root = next((a for a in verb.ancestors if a.dep_ == "ROOT"), None)
            if root is not None and root.pos_ in ("VERB", "AUX"):
                subjects = [c for c in root.children if c.dep_ == "nsubj"]
    return subjects
