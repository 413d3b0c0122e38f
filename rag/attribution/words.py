"""Vocabularies the attribution rules key on: roles, reports, units, players and reporting verbs."""

from __future__ import annotations

# People who speak for an organisation: "X spokesman", "chief executive of X", "an economist at X".
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople representative chief head chairman chairwoman "
    "chair director executive president vice-president officer ceo cfo coo founder co-founder "
    "economist analyst strategist editor correspondent professor researcher scientist official "
    "manager boss secretary under-secretary governor partner adviser advisor leader owner "
    "commissioner dean fellow expert lawyer member staff employee source team spokes controller "
    "consultant correspondent reporter columnist commentator broker trader adviser journalist "
    "vice chancellor head-of mp mep msp councillor coordinator co-ordinator campaigner organiser "
    "organizer lecturer deputy treasurer coach worker minister pm presenter pundit management peer dj "
    "backbencher frontbencher vp svp evp chairperson superintendent meteorologist "
    "statistician epidemiologist demographer".split()
)
# Members of a parliament or council: "the MP for Ealing North" names a constituency.
MEMBERS = frozenset({"mp", "mep", "msp", "am", "councillor"})
# The first parts of hyphenated roles ("co-chairman", "vice-president"), which the tokenizer splits.
ROLE_PREFIXES = frozenset({"co", "vice", "-"})
# Nouns for what an author publishes: "a report by X", "X figures showed".
REPORT_NOUNS = frozenset(
    "report study survey poll figure data statistic research analysis forecast estimate review "
    "index letter statement paper outlook projection finding assessment audit census ranking "
    "calculation number bulletin update memo briefing evaluation count tally prediction "
    "datum book article editorial ruling judgment judgement verdict record investigation inquiry "
    "probe trawl list recommendation table headline".split()
)
# Parts of an organisation that employ: "director of the Conference Board's research centre".
UNITS = frozenset("unit team board business operation wing branch desk lab centre center show".split())
# Players and fellow players do not speak for a club ("Sculthorpe's Saints and Lions team-mate";
# docs/attribution.md, "Players are not staff").
PLAYERS = frozenset(
    "player team-mate teammate mate striker midfielder defender forward winger goalkeeper keeper "
    "captain skipper lock prop fly-half scrum-half full-back flanker hooker centre batsman bowler "
    "all-rounder jockey rider driver athlete sprinter".split()
)
# Verbs of a relative clause that tie a person to an organisation: "Jane Doe, who works for X".
AFFILIATION_VERBS = frozenset("work run teach lead head chair serve sit".split())
# Verbs that make the author of a report noun: "a poll carried out by X", "figures gathered by X".
AUTHOR_VERBS = frozenset(
    "release publish issue produce compile carry conduct commission prepare "
    "write do gather collect run undertake provide make unveil announce draw sponsor fund share present "
    "outline".split()
)
# Plans and proposals carry their authors' claims: "under plans unveiled by the Conservatives".
PLAN_NOUNS = frozenset({"plan", "proposal"})
# Roles held in an organisation, not for a person: "chief technology officer for X" names an
# organisation even when the model calls it a person; "a lawyer for X" or "a spokesman for X"
# may serve a singer.
OFFICE_ROLES = frozenset(
    "officer executive director chairman chairwoman president vice-president ceo cfo coo founder "
    "co-founder economist analyst strategist governor commissioner dean professor researcher "
    "scientist".split()
)
# Roles named after what they serve: "Cesar organisers", "the ATP Tour's sponsor, Mercedes".
EVENT_ROLES = frozenset({"organiser", "organizer", "sponsor"})
# Plural nouns that introduce examples: "institutions such as X".
GENERIC_HEADS = frozenset(
    "backer member investor shareholder creditor institution organisation organization body group "
    "firm company bank agency source panel sponsor monitor".split()
)
# Subjects of these verbs are sources ("X said", "X predicts", "X expects").
SPEECH_VERBS = frozenset(
    "say state report warn predict forecast estimate find announce acknowledge insist argue expect "
    "add claim confirm tell note believe write explain respond comment caution calculate recommend "
    "admit reveal conclude project maintain stress emphasise emphasize contend allege assert "
    "declare disclose observe remark reply suggest indicate show point describe anticipate signal "
    "concede deny quote understand learn express read revise accuse criticise criticize identify fear "
    "repeat reiterate liken think vow pledge welcome praise question highlight acclaim congratulate "
    "rule complain hope feel rank blame corroborate hint speculate underscore attribute detail depict "
    "portray flag".split()
)
MODALS = frozenset("might may could would".split())
# Stances with content: "Nintendo is confident (that) it will ...", "the UN agency is worried ...".
STANCES = frozenset(
    "confident concerned worried optimistic pessimistic convinced adamant hopeful sceptical skeptical "
    "cautious doubtful".split()
)
# With a plain object these report nothing: "claims $20bn in damages", "added 5%".
OBJECT_NOT_SPEECH = frozenset("claim maintain add project learn tell write rule".split())
# What a company reports about itself as news, not as a claim: "reported a profit".
RESULTS = frozenset("profit loss revenue sale earning result turnover".split())
# Verbs whose object goes on to do what the infinitive says: "prompting X to declare", "forced X to admit".
CAUSING = frozenset("prompt lead force cause spur".split())
CLAIM_NOUNS = frozenset("claim report suggestion allegation criticism speculation rumour fear".split())
# Nouns whose "that" clause says what their owner said: "Opec's recent announcement that it ...".
CONTENT_NOUNS = frozenset(
    "announcement claim statement warning admission assertion allegation assurance insistence prediction "
    "suggestion".split()
)
# Verdicts: "The Tories dismissed the plan as "desperate"", "Sony has billed the machine as the Walkman ...".
JUDGING = frozenset("dismiss brand label dub condemn attack hail downplay bill tout".split())
# These take a source only through a report noun ("figures showed", "a BBC statement read").
EVIDENCE_ONLY = frozenset("show point read".split())
# Readiness that does not hedge the verb after it: "X was quick to condemn", "keen to stress".
WILLING = frozenset("quick keen eager anxious careful happy willing ready swift".split())
# What a team or a player defends is no view: "defended their title".
CONTESTED = frozenset("title crown championship trophy lead record goal line belt seat".split())
# Roles that companies hold too: "Euronext, owner of Liffe" (a person would have two names).
COMPANY_ROLES = frozenset({"owner", "parent", "partner", "member", "shareholder", "operator"})
# Nouns that head an organisation's name; narrower than the organisation words of institutions.py
# ("Energy", "Research" name fields, not bodies).
HEADS = frozenset(
    "bureau office ministry department institute institution organisation organization association "
    "federation confederation society council commission authority agency board centre center "
    "committee division foundation fund bank university college union forum group programme program "
    "laboratory observatory service court trust party company corporation treasury administration".split()
)
