"""Attribution: cited institutions apart from mentioned ones, with the real spaCy model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.api import RagIndex
from rag.attribution import Attributor, sentences_with_citations
from rag.attribution.aliases import NameResolver, aliases_in
from rag.attribution.evidence import DocumentEvidence
from rag.attribution.institutions import clean_name, kind_of
from rag.evaluation.metrics import score_sentence, total
from tests.conftest import DATA, SEED, run_cli, shared_file

LABELLED = DATA / "bbc_attributions_labelled.jsonl"


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor()


def cited(attributor: Attributor, text: str) -> dict[str, tuple[str, str]]:
    """{canonical name: (kind, cue)} over every sentence of `text`."""
    return {c.name: (c.kind, c.cue) for s in attributor.document(text) for c in s.cited}


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("the World Economic Forum", "World Economic Forum"),
        ("Microsoft's", "Microsoft"),
        ('"Nature"', "Nature"),
        ("  The   Times ", "Times"),
    ],
)
def test_clean_name_drops_articles_and_possessives(raw: str, clean: str):
    assert clean_name(raw) == clean


def test_acronyms_defined_in_the_text_become_aliases():
    text = (
        "The Confederation of British Industry (CBI) warned of rising costs. "
        "The European Broadcasting Union, or EBU, runs the contest. "
        "Crime is rising, according to the National Hi-Tech Crime Unit (NHTCU)."
    )
    assert aliases_in(text) == {
        "CBI": "Confederation of British Industry",
        "EBU": "European Broadcasting Union",
        "NHTCU": "National Hi-Tech Crime Unit",  # a hyphenated word gives two letters
    }


def test_an_acronym_resolves_to_a_full_name_the_document_spells_out():
    resolver = NameResolver(
        "Staff at the Massachusetts Institute of Technology agreed.",
        ["Massachusetts Institute of Technology"],
    )
    assert resolver.canonical("MIT") == ("Massachusetts Institute of Technology", ["MIT"])
    assert resolver.canonical("the Massachusetts Institute of Technology")[0] == (
        "Massachusetts Institute of Technology"
    )
    assert resolver.canonical("IBM") == ("IBM", [])


@pytest.mark.parametrize(
    "name, descriptors, kind",
    [
        ("Digital Science", ("technology", "company"), "company"),
        ("Nature", ("magazine",), "publication"),
        ("Eurasia Review", ("journal",), "publication"),
        ("Bernstein Research", ("financial", "research", "institution"), "research firm"),
        ("Stanford University", (), "university"),
        ("Massachusetts Institute of Technology", (), "university"),
        ("World Economic Forum", (), "international organisation"),
        ("Bank of England", (), "central bank"),
        ("Labour Party", (), "political party"),
        ("Office for National Statistics", (), "government"),
        ("Acme", (), "company"),
    ],
)
def test_kind_comes_from_descriptors_then_the_name(name: str, descriptors: tuple[str, ...], kind: str):
    assert kind_of(name, descriptors) == kind


# -- each cue form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, name, kind, cue",
    [
        (
            "According to the technology company Digital Science, China has 30,000 AI researchers.",
            "Digital Science",
            "company",
            "according to",
        ),
        (
            "According to figures from the Office for National Statistics, prices rose.",
            "Office for National Statistics",
            "government",
            "according to figures from",
        ),
        ("The Acme Corporation said profits doubled.", "Acme Corporation", "company", "said"),
        ("The research firm Gartner predicts that sales will fall.", "Gartner", "research firm", "predicts"),
        (
            "The UK journal Lancet Review has reported that cases fell.",
            "Lancet Review",
            "publication",
            "has reported",
        ),
        (
            "A report by the Rowntree Foundation found that poverty rose.",
            "Rowntree Foundation",
            "NGO",
            "report by ... found",
        ),
        (
            "A survey carried out by the polling firm Ipsos found that voters were undecided.",
            "Ipsos",
            "research firm",
            "survey by ... found",
        ),
        ("Tesla released a report stating that deliveries rose.", "Tesla", "company", "released a report"),
        (
            "A spokesman for the Football Association said the match would go ahead.",
            "Football Association",
            "trade body",
            "said",
        ),
        ("Siemens chief executive Peter Loescher said orders were strong.", "Siemens", "company", "said"),
        (
            "Jane Doe, chairman of the Widget Makers Association, said demand was weak.",
            "Widget Makers Association",
            "trade body",
            "said",
        ),
        (
            "Prices will rise, said Bob Smith, an economist at Capital Economics.",
            "Capital Economics",
            "research firm",
            "said",
        ),
        (
            "Exports fell sharply, the Federal Statistics Office said.",
            "Federal Statistics Office",
            "government",
            "said",
        ),
        (
            "But Mr Balls, a prospective Labour MP, said he was confident.",
            "Labour",
            "political party",
            "said",
        ),
        (
            "Warnings were premature, said Kevin Hogan, senior manager at Symantec security response.",
            "Symantec",
            "company",
            "said",
        ),
        (
            '"We are mourning," the agency quoted Peoplesoft worker David Ogden as saying.',
            "Peoplesoft",
            "company",
            "quoted ... as saying",
        ),
        (
            "The effect is real, said Max Houck, who runs a graduate course at West Virginia University.",
            "West Virginia University",
            "university",
            "said",
        ),
        (
            "Policy makers will ask for a report, the EU said.",
            "EU",
            "international organisation",
            "said",
        ),
        # "it" speaking stands for the subject of its clause, within the sentence
        (
            "Zentrix Software apologised for the delay, although it claimed the fault lay elsewhere.",
            "Zentrix Software",
            "company",
            "claimed",
        ),
        ("The firm, Koralis, said that it hoped to sell 5 million shares.", "Koralis", "company", "said"),
        ("Norvex Group called the ruling illegal and will appeal.", "Norvex Group", "company", "called"),
        ("Acme Bank made it clear that rates would stay on hold.", "Acme Bank", "company", "made"),
        ("The Red Cross pointed out that aid had fallen.", "Red Cross", "NGO", "pointed out"),
        ("The DfES data showed that class sizes fell.", "DfES", "organisation", "showed"),
        (
            "Sources within the Green Party told the BBC the leader would resign.",
            "Green Party",
            "political party",
            "told",
        ),
        (
            "Home Office minister Baroness Smith said the review would start next year.",
            "Home Office",
            "government",
            "said",
        ),
        (
            "Most voters distrust politicians, a poll conducted for the Daily Courier newspaper suggests.",
            "Daily Courier",
            "publication",
            "suggests",
        ),
        (
            "The Statistics Agency revised growth down to 3.2%.",
            "Statistics Agency",
            "government",
            "revised",
        ),
        ("Security firm iSecure recommended that users upgrade.", "iSecure", "company", "recommended"),
        (
            "Zorba Insurance cut its dividend for the year, adding that gains were small.",
            "Zorba Insurance",
            "company",
            "adding",
        ),
        (
            "Patches will follow next month, Blue Orchard Games have indicated.",
            "Blue Orchard Games",
            "company",
            "indicated",
        ),
        (
            "Bids may follow, said Wei Chen, an analyst at KGI Sandford in Hong Kong.",
            "KGI Sandford",
            "company",
            "said",
        ),
        (
            "But committee member and Labour MP Jane Rowe said she was amazed.",
            "Labour",
            "political party",
            "said",
        ),
        (
            "Cereal stocks are low, said Ann Roe, chief of FAO's Global Early Warning System.",
            "FAO",
            "organisation",
            "said",
        ),
        (
            "Scottish Green Party Justice Minister Ian Hay said the case had been a fiasco.",
            "Scottish Green Party",
            "political party",
            "said",
        ),
        ("The Spanish daily ABC accuses English reporters of a witch-hunt.", "ABC", "publication", "accuses"),
        (
            "Fund managers Perch and Atticus have opposed the bid for some time saying it destroys value.",
            "Atticus",
            "company",
            "saying",
        ),
        (
            "Meanwhile, Conservative shadow foreign secretary Alan Reed said the question seems fair.",
            "Conservative",
            "political party",
            "said",
        ),
        (
            "Nigel Hart from the Musicians' Union said members were disadvantaged.",
            "Musicians' Union",
            "trade body",
            "said",
        ),
        (
            '"We are working on it," said Lance Friedmann, Krafton senior vice president.',
            "Krafton",
            "company",
            "said",
        ),
        (
            "Vantor Exchange, owner of Liffeworth, has said it is interested in a bid.",
            "Vantor Exchange",
            "company",
            "said",
        ),
        # an office for an organisation outweighs a person label; a board's owner; a sponsor
        (
            '"Games need discs," said Michael Heilmann, chief technology officer for Vivendi Universal.',
            "Vivendi Universal",
            "company",
            "said",
        ),
        (
            '"Our decision was not well received," said Norbert Reithofer, of the BMW management board.',
            "BMW",
            "organisation",
            "said",
        ),
        (
            "The Nokia-sponsored research showed that mobiles and fixed phones were used differently.",
            "Nokia",
            "company",
            "research showed",
        ),
        (
            "Migrants will have to undergo tests for TB, under plans unveiled by the Conservatives.",
            "Conservatives",
            "political party",
            "under plans",
        ),
        (
            "However, a report in the China-published Economic Observer said the banks had scrapped plans.",
            "Economic Observer",
            "publication",
            "report said",
        ),
        (
            'Her words were described as "rash" and "wrong" by the Islamic Human Rights Commission.',
            "Islamic Human Rights Commission",
            "regulator",
            "were described",
        ),
        (
            '- Manchester United boss Sir Alex Ferguson: "It was not our best performance.',
            "Manchester United",
            "company",
            "boss ...:",
        ),
        (
            "David Frost, director general of the British Chambers of Commerce, warned of failures.",
            "British Chambers of Commerce",
            "trade body",
            "warned",
        ),
        (
            "Conservative co-chairman Liam Fox said the poster had been withdrawn.",
            "Conservative",
            "political party",
            "said",
        ),
        (
            'The Tories dismissed the maternity pay plan as "desperate".',
            "Tories",
            "political party",
            "dismissed",
        ),
        (
            "They challenge a European Commission ruling which said Greece has sole rights to the name.",
            "European Commission",
            "international organisation",
            "ruling said",
        ),
        # records, criticism, findings; "the firm" for the sentence's company; "from X" on the verb
        (
            'An "informal trawl" of CPS records found 11 people had been prosecuted.',
            "CPS",
            "organisation",
            "found",
        ),
        (
            "Fostering Network executive director Robert Tapsfield criticised the system.",
            "Fostering Network",
            "broadcaster",
            "criticised",
        ),
        (
            "The British Phonographic Industry has identified a lack of music for download.",
            "British Phonographic Industry",
            "company",
            "identified",
        ),
        (
            "RHB, Malaysia's third-biggest lender, is scouting for a partner, the firm told Reuters.",
            "RHB",
            "company",
            "told",
        ),
        (
            '"Consumers will not pay that premium," said Anthony Pratt from JD Power.',
            "JD Power",
            "company",
            "said",
        ),
        # a party as a noun before a role; a report noun the parser hung on a name; fears
        (
            'Tory shadow chancellor Oliver Letwin said: "The battle is a distraction."',
            "Tory",
            "political party",
            "said",
        ),
        (
            "It plans to buy the holding firm, Ambuja Cement India Ltd, a Holcim statement said.",
            "Holcim",
            "company",
            "statement said",
        ),
        (
            "Labour, in particular, fears that its supporters may switch to the Lib Dems.",
            "Labour",
            "political party",
            "fears",
        ),
        (
            "A study by the Pew Internet and American Life Project found that MP3 players are popular.",
            "Pew Internet and American Life Project",
            "company",
            "study found",
        ),
        # a party tagged as a noun; a hyphenated company; brackets; passive authors; respondents
        (
            "Labour claims the policy is little more than a desperate attempt.",
            "Labour",
            "political party",
            "claims",
        ),
        (
            '"We need ID cards," Authenti-corp\'s CEO, Cynthia Musselman, told the BBC.',
            "Authenti-corp",
            "company",
            "told",
        ),
        (
            'Dutch football federation (KNVB) spokesman Frank Huizinga said: "He was the best."',
            "KNVB",
            "organisation",
            "said",
        ),
        ("The poll was conducted by the polling firm GlobeScan.", "GlobeScan", "research firm", "poll by"),
        (
            "Official data comes from the Office for National Statistics (ONS).",
            "Office for National Statistics",
            "government",
            "data from",
        ),
        (
            "Citizens in most nations surveyed in a BBC World Service poll believe the economy is worsening.",
            "BBC World Service",
            "international organisation",
            "surveyed believe",
        ),
        (
            "Transport & General Worker's Union general secretary Tony Woodley repeated his view.",
            "Transport & General Worker's Union",
            "trade body",
            "repeated",
        ),
        ("Sun likened grid computing to the development of electricity.", "Sun", "company", "likened"),
        ("The Ospreys and Scarlets say they are happy to support the cause.", "Ospreys", "company", "say"),
        # authors in a participle clause; hyphenated names; a conjoined role; quoting; presenters
        (
            "Compiled by Central Banking Publications and sponsored by RBS, the survey found "
            "banks were buying.",
            "Central Banking Publications",
            "company",
            "survey found",
        ),
        (
            '"No aid," Laah Chong-gyu, executive director of Korea Development Bank - '
            "one of the firm's creditors - said.",
            "Korea Development Bank",
            "company",
            "said",
        ),
        (
            '"It was superb," said Ms Armistead, chair of the judges and the Guardian literary editor.',
            "Guardian",
            "publication",
            "said",
        ),
        (
            "London's Evening Standard quoted Mr Clarke telling activists that Britain should offer refuge.",
            "Evening Standard",
            "company",
            "quoted",  # the publication is the subject of "quoted" (a place's name owns no person)
        ),
        (
            'BBC Radio Scotland presenter Vic Galloway said it had been "great fun".',
            "BBC Radio Scotland",
            "broadcaster",
            "said",
        ),
        (
            "The Conservative Party Co-Chairman said the electorate had a choice.",
            "Conservative Party",
            "political party",
            "said",
        ),
        # batches 22 and 23: appositions of sponsors and monitors, vows, "after claiming", panels
        ("The ATP Tour's sponsor, Mercedes, said it would also contribute.", "Mercedes", "company", "said"),
        (
            "Net traffic monitor, OneStat.com, has reported that Firefox is gaining.",
            "OneStat.com",
            "company",
            "reported",
        ),
        (
            "The Countryside Alliance called on supporters to meet, but vowed to stay within the law.",
            "Countryside Alliance",
            "company",
            "vowed",
        ),
        (
            'Newcastle boss Graeme Souness reopened his row with Bellamy after claiming he was "not good".',
            "Newcastle",
            "company",
            "claiming",
        ),
        (
            "This could be the tip of the iceberg thinks Tim Danton, editor of PC Pro Magazine.",
            "PC Pro",
            "publication",
            "thinks",
        ),
        (
            "A Radio Times panel compiled the list, taking critical acclaim into account.",
            "Radio Times",
            "publication",
            "compiled list",
        ),
        ("Opera can also magnify text by up to 10 times, its developers say.", "Opera", "company", "say"),
        (
            "The figures, from e-mail management firm Email Systems, will alarm firms.",
            "Email Systems",
            "company",
            "figures from",
        ),
        # batch 24: a role tagged as an adjective or its name as a subject, told Reuters, verdicts,
        # party names the model calls persons, a name joined to a common subject, welcomes
        (
            '"I see a low risk," said Bank of Japan chief Toshihiko Fukui, despite warning of risks.',
            "Bank of Japan",
            "central bank",
            "said",
        ),
        (
            '"We need a good plan," National Bureau of Statistics chief Li Deshui told Reuters.',
            "National Bureau of Statistics",
            "government",
            "told",
        ),
        (
            'Tony Beddow, of the Welsh Institute for Health and Social Care, called them "impressive".',
            "Welsh Institute for Health and Social Care",
            "think tank",
            "called",
        ),
        (
            "But the Conservatives and Lib Dems insist voters face higher taxes.",
            "Lib Dems",
            "political party",
            "insist",
        ),
        (
            "World record holder and BBC pundit Jonathan Edwards believes Idowu can win.",
            "BBC",
            "broadcaster",
            "believes",
        ),
        (
            "The British Chambers of Commerce welcomed the latest proposal.",
            "British Chambers of Commerce",
            "trade body",
            "welcomed",
        ),
        (
            'Amnesty International UK questioned whether the decisions rested on "torture evidence".',
            "Amnesty International UK",
            "international organisation",
            "questioned",
        ),
        (
            'A Department for Education and Skills spokeswoman said the venture had been "ambitious".',
            "Department for Education and Skills",
            "government",
            "said",
        ),
        # found by skimming unlabelled articles: inverted reports, "its chief executive", thinking
        (
            "Ard Jan Vetham, Capgemini's consultant on RFID, said retailers must act.",
            "Capgemini",
            "company",
            "said",
        ),
        (
            "The chairman of the Bar Council, Guy Mansfield QC, warned of a real risk.",
            "Bar Council",
            "government",
            "warned",
        ),
        (
            "Rightmove said estate agents would enter 2005 with more properties on their books.",
            "Rightmove",
            "company",
            "said",
        ),
        (
            'Lib Dem home affairs spokesman Mark Oaten has branded the scheme a waste of money and "flawed".',
            "Lib Dem",
            "political party",
            "branded",
        ),
        (
            '"It tells the story," said Andy Townsend, from BBC Broadcast.',
            "BBC Broadcast",
            "broadcaster",
            "said",
        ),
        (
            "Nick Hazel, Yahoo's head of consumer services, thinks that Yahoo will do well.",
            "Yahoo",
            "company",
            "thinks",
        ),
        (
            "Mittal Steel could cut up to 45,000 jobs over five years, its chief executive has said.",
            "Mittal Steel",
            "company",
            "said",
        ),
        (
            "Consumers care more about lifestyle than screen size, shows an in-depth study by Ericsson.",
            "Ericsson",
            "company",
            "shows by",
        ),
        (
            '"Too much focus on technology," said Dr Michael Bjorn, advisor on media at Ericsson\'s lab.',
            "Ericsson",
            "company",
            "said",
        ),
        (
            "Bank of Nordland announced last week that it planned to end transfer fees for some customers.",
            "Bank of Nordland",
            "company",
            "announced",
        ),
        (
            "The OECD highlighted weak household spending in Germany.",
            "OECD",
            "international organisation",
            "highlighted",
        ),
        (
            "The survey was conducted by Pollara on behalf of Dimension Data, and covers 166 call centres.",
            "Dimension Data",
            "company",
            "survey on behalf of",
        ),
        (
            "Labour will keep its reforms if it wins, the party's election chief Alan Milburn has said.",
            "Labour",
            "political party",
            "has said",
        ),
        (
            "When the verdict was read, the defendant sobbed, the Associated Press news agency reported.",
            "Associated Press",
            "publication",
            "reported",
        ),
        (
            "Although the White House officially backs the policy, it has indicated that it would be happy.",
            "White House",
            "government",
            "indicated",
        ),
        (
            "Shares in Continental Airlines have tumbled after the firm warned it could run out of cash.",
            "Continental Airlines",
            "company",
            "warned",
        ),
        (
            "Sales slowed, prompting research firm Point Topic to declare it a mature market.",
            "Point Topic",
            "research firm",
            "declare",
        ),
        (
            "In December the House of Lords ruled that the anti-terror measures broke human rights laws.",
            "House of Lords",
            "government",
            "ruled",
        ),
        (
            "Producers Morgan Creek shelved the film, having complained it was not scary enough.",
            "Morgan Creek",
            "company",
            "complained",
        ),
        ("McDonald's announced it was to scrap its supersized meals.", "McDonald's", "company", "announced"),
        ("US Airways management has said it may need to sell assets.", "US Airways", "company", "said"),
        (
            "However, Norfolk police chief Andy Hayman also warned that more work was needed.",
            "Norfolk police",
            "government",
            "warned",
        ),
        (
            "Tottenham manager Martin Jol acclaimed his players for their patience.",
            "Tottenham",
            "company",
            "acclaimed",
        ),
        (
            "Liberal Democrat leader Charles Kennedy said the tax was unfair.",
            "Liberal Democrat",
            "political party",
            "said",
        ),
        (
            "Conservative Shadow chancellor Oliver Letwin said the plans were flawed.",
            "Conservative",
            "political party",
            "said",
        ),
        (
            "Andrea Arnold has been congratulated by the UK Film Council.",
            "UK Film Council",
            "government",
            "congratulated",
        ),
        (
            '"Consumers end the year on a high note," said Lynn Franco, director of the Conference Board\'s '
            "consumer research centre.",
            "Conference Board",
            "company",
            "said",
        ),
        # former officials are tied to their organisation as present ones are (docs/attribution.md)
        (
            "Ex-Labour leader Neil Kinnock said Mr Blair could only deal with it by staying calm.",
            "Labour",
            "political party",
            "said",
        ),
        # stances with content
        (
            "With two million pre-orders, Nintendo is confident it will keep its number one spot.",
            "Nintendo",
            "company",
            "is confident",
        ),
        (
            "But the UN is worried the policy sends the wrong message to poorer countries.",
            "UN",
            "international organisation",
            "is worried",
        ),
        (
            "The UN hopes that widening access to mobile phones will help eradicate poverty.",
            "UN",
            "international organisation",
            "hopes",
        ),
        (
            "The Welsh Students Rugby Football Union feels that it is unable to stage the matches.",
            "Welsh Students Rugby Football Union",
            "trade body",
            "feels",
        ),
        # results that show something, and claims a measurement is based on
        (
            "Yesterday General Motors' results also showed its finance unit was a strong contributor.",
            "General Motors",
            "company",
            "results showed",
        ),
        (
            '"Virtual weight" measurements are based on research by California Institute of Technology '
            "professor Roy Williams.",
            "California Institute of Technology",
            "university",
            "based by",
        ),
        # "told X's programme" with a clause the parser lost
        (
            "Ex-Labour minister Frank Field told BBC Two's Newsnight programme there was a danger people "
            'would feel under pressure to "do away" with themselves.',
            "Labour",
            "political party",
            "told",
        ),
    ],
)
def test_each_cue_form_cites_its_institution(
    attributor: Attributor, sentence: str, name: str, kind: str, cue: str
):
    found = cited(attributor, sentence)
    assert name in found, found
    assert found[name][0] == kind
    # The cue names the words that make the attribution; the parse decides how much of the
    # report phrase it includes, so only its first and last words are pinned.
    first, last = cue.split()[0], cue.split()[-1]
    assert found[name][1].split()[-1] == last and (first in found[name][1] or first in sentence.lower())


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei will occupy 80 percent of the Chinese AI chip market.",
        "NVIDIA's market share will drop to eight percent.",
        "Shares in Vodafone fell 3% after the announcement.",
        "Analysts said the figures were disappointing.",
        "International observers believe that the reforms will last.",
        '"It was a great night," Smith told BBC Sport.',
        "Mr Brown said the Treasury would not comment.",
        "Google agreed to buy YouTube for $1.65bn.",
        "But Rangers found Celtic harder to break down after the break.",
        "The MP for Ealing North claimed the bill would encourage corruption.",
        "Trade Secretary Patricia Hewitt said the arrangements would raise up to £680m.",
        # a person speaks: first person in the quote, "he" in the clause, "who", titles, demonyms
        '"I am so happy," a tearful Claxton told reporters.',
        "Federer admitted he was under pressure after the match.",
        '"The tour is a massive event," said Woodward, who will be the head coach.',
        "The 55-year-old Frenchman told reporters the club would win.",
        "Texas Judge Letitia Clark said the firm had no presence in the US.",
        "German Economy minister Wolfgang Clement said growth would return.",
        # verbs that report nothing with a plain object
        "Yukos is claiming more than $20bn in damages.",
        "Euronext, owner of Liffe, has bought a stake.",
        "Sideways tells the story of two men on a road trip.",
        "Bogdanovic was warned by the Lawn Tennis Association for a lack of drive.",
        '"The cake will be bigger," said Deputy Prime Minister Abdullatif Sener.',
        "The PM insisted nothing would derail the campaign.",
        'And Edu, 26, added: "My brother is due to come to London on Thursday.',
        "The documentary tells of a UN mission to Rwanda.",
        "Charity boss Gordon Lishman said older voters would decide the election.",
        "The Shadow Secretary of State for the Family, Theresa May, said the plans were recycled.",
        # documents, a person beside a role, an event's organisers
        "The succession is set by the Act of Settlement, which confirmed in 1701 that Parliament decides.",
        "The unidentified woman's lawyer, Dolores M Troiani, said her client was likely to sue the comedian.",
        "But Alain Terzian, president of Cesar organisers, said the changes were made three months earlier.",
        "Fiat has yet to comment on the matter, but the unions say the engines will be made in Australia.",
        '"It was a long trip," said Anthony Pratt from Cannes.',
        # an event's director; a participle's subject; a comparison; a fear someone else reports
        "V festival director Bob Angus said the line-up was stellar.",
        '"With the Prodigy and the Chemical Brothers now confirmed to headline, we are set," he said.',
        "Spending would rise more slowly, leading to £33.5bn less spending than that anticipated by Labour.",
        "Mr Weitz said New Line feared that the film would make the project unviable.",
        "Analysts claimed the Fed's assessment was a positive one but stressed that the jury was still out.",
        "Grid power costs $1 an hour on systems maintained by Sun.",
        "Pakistani investors are expecting the KSE to repeat its 2002 performance.",
        "Mr Connick wrote the score for a musical based on a novel by Zola, called Thou Shalt Not.",
        "Courts should be used as a last resort, MPs said.",
        "The row blew up when 50 Cent threw The Game out of his crew and accused him of being disloyal.",
        '"Prince returned to centre stage after a decade in the wilderness," the magazine reported.',
        "Most Gibraltarians said in a referendum they wanted to remain British.",
        "The Glasgow Kelvin MP, who was expelled from Labour, accused Ms King of being a stooge.",
        "Manchester City's Paul Bosvelt will find out within a month whether he is to be offered a new deal.",
        "At a DAB conference, several makers of DAB chips announced smaller chips.",
        '"This is the first mention of gold," said UK Chancellor of the Exchequer Gordon Brown.',
        "Guy Mansfield QC warned there was a real risk.",
        "Indonesia no longer needs the debt freeze, Economics Minister Aburizal Bakrie has reportedly said.",
        '"It\'s about real people saying real things," says Adam Curry, former MTV VJ and podcast pioneer.',
        "The news came after UKIP suspended a candidate for allegedly suggesting the insane be killed.",
        "Microsoft is calling on its Encarta encyclopaedia to provide answers.",
        # stances without content, or guessed at by someone else
        "Barclays hopes to raise its rates next year.",
        "A legal expert speculated that Delta might be concerned that the blog may be linked to it.",
        # results are news unless they show something; works and songs are not claims
        "Tesco's results beat forecasts on Tuesday.",
        "Next came the song See It, which was especially written for her by Coldplay's Chris Martin.",
        "The 71-year-old former star of US TV drama Baretta has denied murder.",
        "Police questioned a man about the attack.",
        "Italy skipper Marco Bortolami believes the contest will be scrappy.",
        "Welsh legend Mervyn Davies, a member of two Grand Slam sides, hailed it as a great win.",
        "Unions for Norvex staff in Frankfurt have expressed fears that 300 jobs would go.",
        '"There is no lack of confidence in the team," said the Sale full-back.',
        'Mr Boateng was elected in 1987, declaring "today Brent South, tomorrow Soweto".',
        '"This will suddenly decrease," shop owner Hayriye Evren, told Associated Press.',
        "Increased costs saw Multiplex's construction division report profits of A$35.1m.",
        "Having said that, Burnley are yet to concede a goal in this Cup run.",
        "The Muslim Council of Britain has complained to broadcasting watchdog Ofcom.",
        "Under the changes - prompted by the House of Lords ruling - suspects could face house arrest.",
        'He said: "The Audit Commission has said that the money is wasted, and that is quite a criticism."',
        'Mr Thomas said: "The new Act of Parliament makes it very clear that this is an offence."',
    ],
)
def test_mention_only_sentences_cite_nothing(attributor: Attributor, sentence: str):
    assert cited(attributor, sentence) == {}


def test_the_article_settles_a_bare_name():
    """ "Roger Federer" or "Federer, who" makes "Federer said" a man; "shares in Lycos" or
    "Lycos, which" makes "Lycos said" a company, whatever the model's label."""
    evidence = DocumentEvidence(
        "Roger Federer won. Mr Hockney spoke. Kluft, who won, smiled. Shares in Lycos fell. "
        "Norvex, which makes chips, grew. Vantor's shares rose. Royal Dutch Shell said so."
    )
    assert evidence.is_person("Federer") and evidence.is_person("Hockney") and evidence.is_person("Kluft")
    assert evidence.is_org("Lycos") and evidence.is_org("Norvex") and evidence.is_org("Vantor")
    assert not evidence.is_person("Shell")  # inside a longer name, not after a first name


def test_an_article_tells_a_company_from_a_surname(attributor: Attributor):
    company = "Shares in Lycos fell on Monday. Lycos said the attack on spam sites was legal."
    person = "Roger Federer won in Melbourne. Federer said the final had been hard."
    assert "Lycos" in cited(attributor, company)
    assert cited(attributor, person) == {}


def test_a_who_clause_does_not_outweigh_organisation_labels(attributor: Attributor):
    """ "the four owners of Rover, who ...": the clause belongs to the owners."""
    text = (
        "Rover is in talks with SAIC. Rover wants a deal. SAIC will pay nothing to the four owners "
        'of Rover, who are accused of greed. But Rover told BBC News that reports were "speculation".'
    )
    assert "Rover" in cited(attributor, text)


def test_a_first_word_written_in_lower_case_elsewhere_is_a_common_noun(attributor: Attributor):
    """ "Aviation analyst Nick Van den Brul of BNP Paribas": "aviation" elsewhere in the article
    shows a common noun capitalised by its place; BNP Paribas is still cited."""
    text = (
        "Airlines face a hard winter in aviation. Aviation analyst Nick Van den Brul of BNP Paribas "
        'described the results as "pretty modest".'
    )
    assert set(cited(attributor, text)) == {"BNP Paribas"}


def test_a_headline_does_not_give_the_next_line_a_first_name(attributor: Attributor):
    """ "... at Anfield" ending a headline and "Liverpool captain" opening the text are not a
    person called "Anfield Liverpool"."""
    text = (
        "Gerrard happy at Anfield\n\nLiverpool captain Steven Gerrard wants to stay. "
        "Liverpool boss Rafael Benitez has insisted that Gerrard will stay."
    )
    assert "Liverpool" in cited(attributor, text)


def test_mentions_are_listed_apart_from_sources(attributor: Attributor):
    text = "Microsoft released a report stating that Huawei and NVIDIA gained share."
    (sentence,) = attributor.document(text)
    assert [c.name for c in sentence.cited] == ["Microsoft"]
    assert {"Huawei", "NVIDIA"} <= set(sentence.mentioned)


def test_a_continuing_sentence_inherits_the_source_at_passage_level(attributor: Attributor):
    text = (
        "According to the Kiel Institute, exports fell by 4 percent. "
        "Furthermore, imports dropped for the third month. Separately, it rained."
    )
    spans = sentences_with_citations(attributor, [text])[0]
    assert [
        (text[s:e].split()[0], [c.name for c in cs], [c.inherited for c in cs]) for s, e, cs in spans
    ] == [
        ("According", ["Kiel Institute"], [False]),
        ("Furthermore,", ["Kiel Institute"], [True]),
    ]


def test_citation_offsets_point_at_the_mention(attributor: Attributor):
    text = "Intro line.\nThe financial research institution Bernstein Research predicts growth."
    (sentence,) = [s for s in attributor.document(text) if s.cited]
    citation = sentence.cited[0]
    assert text[citation.start : citation.end] == "Bernstein Research"
    assert text[sentence.start : sentence.end] == sentence.sentence


# -- measured sets ---------------------------------------------------------------------------


def test_seed_attributions(attributor: Attributor):
    rows = [json.loads(line) for line in shared_file("seed_attributions.jsonl").read_text().splitlines()]
    text = SEED.read_text(encoding="utf-8")
    found = [c for s in attributor.document(text) for c in s.cited]
    for row in rows:
        inside = [c for c in found if row["start"] <= c.start < row["end"]]
        names = {c.name for c in inside}
        for gold in row["cited"]:
            assert gold["institution"] in names, (row["sentence"], names)
        assert not names & set(row["mentioned_not_cited"]), row["sentence"]


def test_labelled_bbc_sentences_meet_the_floor(attributor: Attributor):
    """Sentence by sentence, without the article around it (the harder setting): see
    docs/attribution.md for the figures with article context and on held-out sentences."""
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 80
    scores = []
    for row in rows:
        predicted = [c for s in attributor.document(row["sentence"]) for c in s.cited]
        gold = [[g["institution"], *g["aliases"]] for g in row["cited"]]
        scores.append(score_sentence([[p.name, p.mention, *p.aliases] for p in predicted], gold))
    result = total(scores)
    assert result.precision >= 0.89 and result.recall >= 0.9, result


def test_scoring_matches_aliases_and_counts_each_source_once():
    gold = [["Financial Services Authority", "FSA"]]
    assert score_sentence([["FSA"]], gold) == score_sentence([["financial services authority"]], gold)
    result = score_sentence([["FSA"], ["BBC"]], gold)
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)


# -- in the index ----------------------------------------------------------------------------


def test_sources_and_institution_filter_on_an_index(built_index: RagIndex, tmp_path: Path):
    registry = built_index.registry()
    assert registry.canonical("mit") == "Massachusetts Institute of Technology"
    names = {i.name: i for i in registry.institutions()}
    mit = names["Massachusetts Institute of Technology"]
    assert mit.kind == "university" and "MIT" in mit.aliases and mit.documents == 3  # the seed cites it too
    assert any("40 percent" in c.sentence for c in mit.claims)
    assert any(c.inherited and c.sentence.startswith("Furthermore") for c in mit.claims)
    assert "Amazon" not in names, "a mentioned company is not a source"

    answer = built_index.ask("What did the trials find?", k=3, institution="mit")
    assert answer.passages and all(
        any(i["name"] == "Massachusetts Institute of Technology" for i in p.institutions)
        for p in answer.passages
    )
    unfiltered = built_index.ask("What did the trials find?", k=8)
    assert len(unfiltered.passages) > len(answer.passages)

    done = run_cli("sources", "--json", "--index", str(built_index.path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    listed = {i["name"]: i for i in json.loads(done.stdout)}
    assert {"International Energy Agency", "Deutsche Bahn", "Warehouse Workers Union"} <= set(listed)
    assert set(listed["Deutsche Bahn"]) >= {"name", "kind", "aliases", "passages", "documents", "claims"}


def test_cite_prints_one_json_line_per_sentence(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text(
        "Budget note\nThe Institute for Fiscal Studies said taxes would rise. "
        "Shares in Barclays Bank fell sharply on Monday.",
        encoding="utf-8",
    )
    done = run_cli("cite", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    first = next(line for line in lines if line["cited"])
    assert set(first) == {"source", "start", "end", "sentence", "cited", "mentioned", "page", "page_label"}
    assert first["page"] is None and first["page_label"] is None  # a text file has no pages
    assert first["cited"] == [
        {
            "name": "Institute for Fiscal Studies",
            "mention": "Institute for Fiscal Studies",
            "kind": "think tank",
            "cue": "said",
        }
    ]
    text = path.read_text(encoding="utf-8")
    assert text[first["start"] : first["end"]] == first["sentence"]
    assert lines[-1]["cited"] == [] and "Barclays Bank" in lines[-1]["mentioned"]


def test_a_role_s_subject_is_not_its_employer(attributor: Attributor):
    """ "Capgemini's consultant on RFID": RFID is what the consultant works on."""
    found = cited(attributor, "Ard Jan Vetham, Capgemini's consultant on RFID, said retailers must act.")
    assert set(found) == {"Capgemini"}


def test_the_ingest_gate_never_hides_a_citation(attributor: Attributor):
    """Ingest parses only sentences with a cue word (`may_cite`); on every labelled sentence
    that gate must find what parsing every sentence finds."""
    texts = [json.loads(line)["sentence"] for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    every = attributor.documents(texts, mentions_wanted=True)
    gated = attributor.documents(texts, mentions_wanted=False)
    for text, full, fast in zip(texts, every, gated, strict=True):
        assert [c.name for s in full for c in s.cited] == [c.name for s in fast for c in s.cited], text


def test_an_owner_named_through_of_employs_only_through_a_unit(attributor: Attributor):
    """ "Gerard Rijk of Inbev's strong performance": the analyst speaks of Inbev, he does not work
    for it; "director of the Conference Board's research centre" does work for the Board."""
    sentence = "\"It's the Brazil business,\" said ING analyst Gerard Rijk of Inbev's strong performance."
    assert set(cited(attributor, sentence)) == {"ING"}


def test_a_band_is_a_performer_not_an_institution(attributor: Attributor):
    text = (
        "US rock band Korn has lost its guitarist. "
        "The remaining members of Korn said they hoped he finds happiness."
    )
    assert cited(attributor, text) == {}


def test_participles_and_clubs_first_words_are_no_first_names():
    """ "Ailing EuroDisney vows turnaround" does not make "EuroDisney" a surname."""
    evidence = DocumentEvidence("Ailing EuroDisney vows turnaround\n\nRoger Federer won. Real Sociedad lost.")
    assert not evidence.is_person("EuroDisney")
    assert not evidence.is_person("Sociedad")  # a club's first word is no first name
    assert evidence.is_person("Federer")


def test_first_names_in_an_are_first_names_but_nationalities_are_not():
    """ "Stefan Koubek" makes "Koubek believes" a man; "American Express" makes no one."""
    evidence = DocumentEvidence("Stefan Koubek was banned. American Express grew. Canadian Pacific fell.")
    assert evidence.is_person("Koubek")
    assert not evidence.is_person("Express")
    assert not evidence.is_person("Pacific")


def test_a_name_written_only_with_its_s_keeps_it(attributor: Attributor):
    text = (
        "Sotheby's, which will hold the sale, is in London. "
        "Tobias Meyer, Sotheby's head of contemporary art, said the works were superb. "
        "Nicholas Negroponte, chairman of MIT's Media Lab, said the laptop would sell."
    )
    found = cited(attributor, text)
    assert "Sotheby's" in found and "MIT" in found, found


def test_a_work_s_title_is_no_institution(attributor: Attributor):
    text = "Robert Blake starred in the TV drama Baretta. Baretta said the actor was innocent."
    assert cited(attributor, text) == {}


@pytest.mark.parametrize(
    "sentence, name",
    [
        (
            "For the Liberal Democrats, Sir Menzies Campbell said the UK should reform the policy.",
            "Liberal Democrats",
        ),
        (
            "For Rick Dean, director of business development for digital content company THX, a "
            "high-definition future is an exciting prospect.",
            "THX",
        ),
        ("But the US is still behind other nations, ranked 13th in the world by a UN telecoms body.", "UN"),
        (
            "Details are contained in a Royal Commission report, with the idea of closing fishing grounds.",
            "Royal Commission",
        ),
        ("The EU and US agreed to begin talks, EU Trade Commissioner Peter Mandelson has announced.", "EU"),
    ],
)
def test_openings_rankings_and_portfolios_cite_their_institution(
    attributor: Attributor, sentence: str, name: str
):
    assert name in cited(attributor, sentence)


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The BPI is equally quick to condemn established brands becoming bedfellows with networks.", "BPI"),
        ("British Airways has blamed high fuel prices for a 40% drop in profits.", "British Airways"),
        ("This is a view corroborated by the UK Patent Office.", "UK Patent Office"),
        ("Labour peer Lord Haskins warned of the electoral dangers.", "Labour"),
        ("In a survey by Mori, support for the euro was at 30%.", "Mori"),
        (
            "Paris-based Euronext, owner of Liffe in London, has also said it is interested in bidding.",
            "Euronext",
        ),
        ("New EU trade commissioner Peter Mandelson said on Tuesday that talks would reopen.", "EU"),
        ("New York Times reporter Jane Doe said the talks would reopen.", "New York Times"),
        (
            "Growth is still proving elusive and Ifo president Hans-Werner Sinn said demand was sluggish.",
            "Ifo",
        ),
        (
            "According to the Natural Hazards Research and Applications Information Center, there is "
            "little evidence.",
            "Natural Hazards Research and Applications Information Center",
        ),
        (
            "The pace accelerated, said the report for the US-China Economic and Security Review Commission.",
            "US-China Economic and Security Review Commission",
        ),
    ],
)
def test_reactions_causes_and_whole_names_cite_their_institution(
    attributor: Attributor, sentence: str, name: str
):
    assert name in cited(attributor, sentence)


def test_a_police_rank_is_a_title_not_a_name(attributor: Attributor):
    sentence = "Detective Inspector Paul Miller of Thames Valley Police said a ladder was used."
    assert list(cited(attributor, sentence)) == ["Thames Valley Police"]


@pytest.mark.parametrize(
    "sentence",
    [
        "For BT Retail, she said, the super-fast service could be a way of differentiating it.",
        "Tesco ranked first in the list of retailers.",
        "Microsoft releases regular security updates to its software to protect PCs.",
        "However, Transport Commissioner Jacques Barrot said he wanted it done swiftly.",
        "Despite enjoying the conspiracy theory, the Bishop said there was a lack of evidence.",
        "Sean Long, Sculthorpe's Saints and Lions team-mate, has expressed doubts about his future.",
        "The police blamed the driver.",
        # appeals are no claims; a question is none; a called meeting is no verdict
        "Sophos urged users and companies to update their anti-virus software.",
        "Time will shortly tell if it is a possibility or not.",
        # results are news, and a high street is no institution
        "Tractor maker Mahindra has reported a 52% rise in net profit during the last three months.",
        "The High Street retailer said it now expected to report annual profits of £415m.",
        'The Work Ministry is mediating and it could call an "obligatory conciliation" soon.',
        "Barclays is likely to say that rates will rise.",
    ],
)
def test_topics_players_and_portfolios_alone_cite_nothing(attributor: Attributor, sentence: str):
    assert cited(attributor, sentence) == {}


@pytest.mark.parametrize(
    "sentence, name",
    [
        (
            "Yangtze Electric Power, the operator of China's Three Gorges Dam, has said its profits doubled.",
            "Yangtze Electric Power",  # an operator's "of X" is what it runs, not who employs it
        ),
        (
            '"The dollar is weak," said Tim Mazanec, director of currencies at Investors Bank and Trust.',
            "Investors Bank and Trust",  # a lone word after "and" completes the name
        ),
        (
            "Still, the Economic Commission for Latin America and the Caribbean (ECLAC) forecasts growth.",
            "Economic Commission for Latin America and the Caribbean",  # not also its first half
        ),
    ],
)
def test_one_institution_is_cited_once_under_its_whole_name(attributor: Attributor, sentence: str, name: str):
    assert set(cited(attributor, sentence)) == {name}


def test_a_sentence_that_starts_inside_a_quotation_still_has_its_speaker_outside(attributor: Attributor):
    """'... lower," said John Brady of ABN AMRO.': the first quote mark closes a quotation."""
    sentence = 'I think we will push lower," said John Brady of ABN AMRO.'
    assert set(cited(attributor, sentence)) == {"ABN AMRO"}


def test_a_quoted_verb_speaks_for_a_subject_outside_the_quotation(attributor: Attributor):
    sentence = (
        'Marsh agreed to pay $850m, but under the settlement it "neither admits nor denies the allegations".'
    )
    assert set(cited(attributor, sentence)) == {"Marsh"}


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a general secretary heads the body itself; "secretary of State" alone is a portfolio
        ("Dave Prentis, general secretary of Unison, said the changes meant a raw deal.", {"Unison"}),
        ("Unison general secretary Dave Prentis said the changes meant a raw deal.", {"Unison"}),
        ("Kofi Annan, secretary-general of the United Nations, said the aid was late.", {"United Nations"}),
        ('General secretary Brendan Barber said: "It should not be a firing offence."', set()),
        ("The Shadow Secretary of State for the Family said it was unfair.", set()),
        # a relative clause whose speaker chairs, heads or runs a body
        ("Jane Doe, who chairs Acme Holdings, said demand had doubled.", {"Acme Holdings"}),
        ("Jane Doe, who heads the Rowett Institute's research team, said it worked.", {"Rowett Institute"}),
        ("Nikolai Nolan, who has run the Bloggies for five years, said he was not surprised.", set()),
        # a role abbreviation is no name
        ('"Andre would like to go into acting," says the DJ.', set()),
    ],
)
def test_heads_of_a_body_speak_for_it(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a kind word is no name: in a capitalised role, or as a descriptor before the name
        ("Tim Crawford, Group Economist at Halifax, said prices would grow.", {"Halifax"}),
        ("Bookmaker Ladbrokes said it would continue to accept bets on the final.", {"Ladbrokes"}),
        # a report set off by a comma speaks as it does at the opening
        (
            "Two comedians were named the most powerful people in TV, in a poll by magazine Radio Times.",
            {"Radio Times"},
        ),
        # a seat on a body ties its holder to it; being "at" an event does not
        ("Shahid Malik, who is on Labour's ruling NEC, said there should be targets.", {"Labour"}),
        ("But Mr Jackson, who had been at the Bicester Hunt, denied there was any intimidation.", set()),
        # a portfolio test does not drop a body's whole name; a report's commissioners in a who-clause
        ("International Development Minister Gareth Thomas said aid would focus on Aceh.", set()),
        (
            "Dr Richard Lewis, Welsh secretary of the British Medical Association, welcomed the targets.",
            {"British Medical Association"},
        ),
        (
            "A study, which was commissioned by Midlothian Council and Acme Enterprise, found it would pay.",
            {"Midlothian Council", "Acme Enterprise"},
        ),
    ],
)
def test_kind_words_report_asides_and_seats(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a name owned by a place is no one's person
        (
            "South Korea's Hyundai Motor has announced that it plans to build a plant.",
            {"Hyundai Motor"},
        ),
        (
            "Athletics Ireland have hinted that the runner may be picked.",
            {"Athletics Ireland"},
        ),
        # pollsters and tables, and a role the parser hangs on "general"
        ("Most of the adults quizzed by ICM for the Guardian said they were unhappy.", {"ICM", "Guardian"}),
        ("He made 5m euros, according to a table drawn up by France's Le Figaro newspaper.", {"Le Figaro"}),
        ('"It should remain stable," CML director general Michael Coogan said.', {"CML"}),
        # a descriptor after "of X," describes X, not the speaker
        (
            '"It is compelling," said Paul Hofheinz of the Lisbon Council, a Brussels-based group.',
            {"Lisbon Council"},
        ),
        # a doubt with content is a view; a worry about a thing states none
        (
            "Professor John Curtice, of the University of Strathclyde, is sceptical about how it could work.",
            {"University of Strathclyde"},
        ),
        ("The Bank of England remains cautious about whether rates will rise.", {"Bank of England"}),
        ("Unison is concerned about the plans.", set()),
        ("Conservative shadow home secretary David Davis was worried about extending the powers.", set()),
        ("The Holland international said Boro are confident of progressing in the competition.", set()),
        ("It could be sold for TVs, said Kevin Krewell, the editor in chief of Wired magazine.", {"Wired"}),
        # what a claim says is not yet anyone's statement
        (
            "The show investigated claims that Labour's agency TBWA was blaming him.",
            set(),
        ),
    ],
)
def test_places_hints_and_claims(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # denials and guesses are claims
        (
            "Arsenal chief executive Keith Edelman has played down reports that the striker will leave.",
            {"Arsenal"},
        ),
        (
            "Sam Lee, Acme Networks president, speculated that the outage was caused by a power cut.",
            {"Acme Networks"},
        ),
        # "its chief" stands for the body whose people the sentence began with
        ("Vodafone bosses have held friendly talks with O2, its chief has said.", {"Vodafone"}),
        # an announcement of a thing, in a clause of time, is background news
        ("Shares fell after the Home Office announced a review of the rules.", set()),
        ("Even before IBM announced the spending boost it was a leading backer of open source.", set()),
        ("Shares rose after Microsoft announced that it would cut prices.", {"Microsoft"}),
        (
            "Borrowing was £2bn less than predicted, as announced by the Office for National Statistics.",
            {"Office for National Statistics"},
        ),
        # committees of a house go by a remit in lower case; other bodies' committees are theirs
        (
            "The MP was suspended after the Commons standards committee said his conduct fell short.",
            {"Commons standards committee"},
        ),
        (
            "Jane Doe, who chairs the Commons work and pensions committee, said it was bad.",
            {"Commons work and pensions committee"},
        ),
        ("Acme's audit committee said the accounts were sound.", {"Acme"}),
        ("BT's board said the offer was too low.", {"BT"}),
        ("The Manchester United wing revealed how the manager talked him round.", set()),
        # a backbencher speaks for the party; "Chief" belongs to the role; "X at Y" is two bodies
        ("The Tories have been smarter, a Labour backbencher has said.", {"Labour"}),
        ('However, Chief Treasury Secretary Paul Boateng said: "None of the figures add up."', {"Treasury"}),
        (
            "Linda Knox, Director of the Scottish Local Authority Management Centre at "
            "Strathclyde University, said it was slowing.",
            {"Scottish Local Authority Management Centre", "Strathclyde University"},
        ),
        # a channel's number is part of its name; a capitalised "Magazine" is a descriptor
        ('BBC Two controller Roly Keating: "It is an exciting new era."', {"BBC Two"}),
        ("A survey conducted by PC Pro Magazine has revealed that many Britons are unhappy.", {"PC Pro"}),
        ('Q Magazine said: "The album captured the mood."', {"Q Magazine"}),
        # a channel's programme is a work, not a commissioner
        ("Most adults back a ban, a Mori survey for BBC One's Countryfile programme suggests.", {"Mori"}),
        # an announcement still to come has said nothing; a people is no body; a parent is no speaker
        ("She said the Conservatives would announce their proposals before the election.", set()),
        ("Acme is to announce its results on Tuesday.", set()),
        ("The police were accused of bias by Muslim groups after the figures came out.", set()),
        (
            "A spokesman for DaimlerChrysler, parent company of Mercedes Benz, said output would fall.",
            {"DaimlerChrysler"},
        ),
        # "hoping", like "hopes", states a view only with content
        ("BT is hoping its latest offer can persuade more people to switch.", {"BT"}),
        ("BT is hoping to sell more lines.", set()),
        ("According to Sunday Telegraph journalist Robert Peston, the pair fell out.", {"Sunday Telegraph"}),
        ("The SEC wants penalties, a spokeswoman for the SEC's Boston office told the BBC.", {"SEC"}),
        # a plural before a descriptor names the body's members, not the body
        ("Retailers' organisation, the BRC, said sales had fallen.", {"BRC"}),
    ],
)
def test_denials_guesses_and_announcements_in_passing(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


def test_a_cue_keeps_its_particle(attributor: Attributor):
    text = "Arsenal chief executive Keith Edelman has played down reports that he will go."
    assert cited(attributor, text) == {"Arsenal": ("company", "has played down")}


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a claim noun whose "that" clause says what its owner said
        (
            "The cartel Opec's announcement that it would hold output steady failed to calm markets.",
            {"Opec"},
        ),
        ("Acme's statement that it had no plans to sell the unit lifted its shares.", {"Acme"}),
        ("The announcement by Globex that it would close two plants shocked the town.", {"Globex"}),
        ("The claim that Acme made about its sales was never tested.", set()),
        # a finding that comes in a report: all its authors, one of them called by its descriptor
        (
            "The finding comes in a report published by the World Bank, Oxford and the UN food agency.",
            {"World Bank", "Oxford", "UN"},
        ),
        # "ABN Amro chief" is one bank; "SNP Holyrood leader" is the party, "BBC Delhi" a bureau of the BBC
        ('"It is not a big thing," said ABN Amro chief Asian strategist Eddie Wong.', {"ABN Amro"}),
        ("SNP Holyrood leader Alex Salmond said the plan was wrong.", {"SNP"}),
        ("Jane Roe, BBC Delhi reporter, said air travel had grown by a fifth.", {"BBC"}),
        # a lone nationality or group word joined by "and" to the name it completes
        (
            "British and Irish Lions coach Clive Woodward says he is unlikely to pick any newcomers.",
            {"British and Irish Lions"},
        ),
        (
            "But local group Victims and Citizens Against Crime said he should stay in jail.",
            {"Victims and Citizens Against Crime"},
        ),
        ("French and German officials said the deal was off.", set()),
        # "one accusing it": the lawsuit accuses, not the company fighting it
        (
            "Globex is fighting two lawsuits - one accusing it of fraud and another alleging it broke rules.",
            set(),
        ),
        ("Axa blamed the market, adding that profits would fall.", {"Axa"}),
        # a billing is a claim about the thing billed
        ("Sony has billed the machine as the Walkman of the 21st Century.", {"Sony"}),
    ],
)
def test_claim_nouns_reports_and_joined_names(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # an office named after a role keeps the role; a party's parliament is not its name
        (
            "House prices fell 0.7%, according to figures from the Office of the Deputy Prime Minister.",
            {"Office of the Deputy Prime Minister"},
        ),
        (
            "Scottish National Party Holyrood leader Nicola Sturgeon accused the minister of failing voters.",
            {"Scottish National Party"},
        ),
        # the parser joins the next name to the last word of the first
        (
            "The League Against Cruel Sports and the RSPCA say they will monitor hunts.",
            {"League Against Cruel Sports", "RSPCA"},
        ),
        # a seat on a body ties its holder to it
        (
            "Lord Harris, who sits on the executive of the Association of Police Authorities, said so.",
            {"Association of Police Authorities"},
        ),
        ("Jane Doe, who sits in Parliament, said the plans were bad.", set()),
        # a paper's headline speaks for it; conducting a poll is no claim until its findings are
        # given (rules v73, from the modern batches: 3 such citations right, 22 wrong)
        ("Marca's headline says it all.", {"Marca"}),
        ("Pipa conducted the poll across 22 countries in face-to-face interviews.", set()),
        ("Pipa conducted the poll across 22 countries, which found that most back the plan.", {"Pipa"}),
        ("Ofcom is carrying out a strategic review aimed at promoting competition.", set()),
        # a speaker set inside the clause he speaks; a view in a clause of its own
        (
            "The problem they face, said Jane Roe, head of mobile firm Adamind, is teaching people.",
            {"Adamind"},
        ),
        (
            "But while Wendy Ide of The Times still thinks Staunton has a chance, bookmakers disagree.",
            {"Times"},
        ),
        ("Jane Doe said Acme feared that sales would fall.", set()),
        (
            "A spokesman for Reporters Without Borders, which tracks the press, described "
            'Mr Ali\'s term as "harsh".',
            {"Reporters Without Borders"},
        ),
    ],
)
def test_offices_seats_headlines_and_inserted_speakers(
    attributor: Attributor, sentence: str, names: set[str]
):
    assert set(cited(attributor, sentence)) == names


def test_an_article_tells_a_surname_from_a_team():
    """A name the article also uses by its surname alone is a man's, whatever the model's labels;
    a name with a plural verb ("Palace are keen") is a team's, even after a first-name-like word."""
    attributor = Attributor()
    man = (
        "Souness backs Smith. Graeme Souness believes Walter Smith would be the perfect choice for Scotland."
    )
    team = (
        "Cantona kicked a Crystal Palace fan in 1995. But Palace stadium manager Kevin Corner has warned: "
        '"Masks will be rejected." Palace are keen to avoid trouble after the ban.'
    )
    body = "Athletics Ireland have hinted that the runner may be picked. He has won twice in Ireland."
    assert cited(attributor, man) == {}
    assert set(cited(attributor, team)) == {"Palace"}
    assert set(cited(attributor, body)) == {"Athletics Ireland"}  # a place is no surname


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a remit listed after "of" or "for" is part of the name
        (
            "A spokesman for the Department for Culture, Media and Sport said it was fine.",
            {"Department for Culture, Media and Sport"},
        ),
        (
            "According to figures from the Ministry of Economy, Trade and Industry (METI), output fell.",
            {"Ministry of Economy, Trade and Industry"},
        ),
        # a report's author beside its commissioner; a report noun the parser made the root
        (
            "The Demos report, entitled Broadband Britain, was commissioned by net provider AOL.",
            {"Demos", "AOL"},
        ),
        (
            "The Conference Board survey of 5,000 households pointed to renewed optimism.",
            {"Conference Board"},
        ),
        ("The TUC figures were drawn from unfair dismissal cases at tribunals.", set()),
        # a name after a descriptor, its first word taken for a verb; a word typed twice
        (
            "According to the company Ask Jeeves, around 80% of surfers use search engines first.",
            {"Ask Jeeves"},
        ),
        (
            "But British British Casino Association chairman Penny Cobham said members were outraged.",
            {"British Casino Association"},
        ),
    ],
)
def test_listed_remits_report_roots_and_misread_names(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a capitalised portfolio serves the body it is "to"
        (
            "Paul Boateng MP, Labour's Chief Secretary to the Treasury, said the sums did not add up.",
            {"Labour", "Treasury"},
        ),
        ("Acme Chief Executive to the Board John Smith said so.", set()),
        # a bare name placed at a body is the body's person, not a second institution
        ('"It comes as no surprise," said Isabelle Kronawitter at Hypovereinsbank.', {"Hypovereinsbank"}),
        # "a company spokesman" speaks for the firm the sentence named before him
        ("Mr Jacobsen tried twice to hack T-Mobile's network, said a company spokesman.", {"T-Mobile"}),
        ("A company spokesman said it was fine.", set()),
        ("Apple has an 87% share of the market, market research firm NPD Group has reported.", {"NPD Group"}),
        # a participle after a place the sentence passes belongs to the clause's subject
        (
            "The Green Party unveiled a billboard opposite the Palace of Westminster accusing ministers.",
            {"Green Party"},
        ),
    ],
)
def test_portfolios_to_a_body_and_people_placed_at_one(
    attributor: Attributor, sentence: str, names: set[str]
):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # what a speaker expects another to say is the speaker's claim alone
        (
            "Deloitte stressed the slowdown was mild, and it expected the Bank of England to respond.",
            {"Deloitte"},
        ),
        # a prediction made, a claim issued: their maker's
        ("Chris Deering, Sony's European president, made a prediction that HDTV would sell well.", {"Sony"}),
        # a name set off by commas after a descriptor
        ("According to figures gathered by industry watchdog, Ofcom, the growth was sharp.", {"Ofcom"}),
    ],
)
def test_expectations_light_verbs_and_descriptors_set_off(
    attributor: Attributor, sentence: str, names: set[str]
):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # "the carmaker's chief executive": the carmaker the sentence named before
        (
            "When asked if BMW would seek damages from Bosch, the carmaker's chief executive Helmut Panke "
            'said: "No."',
            {"BMW"},
        ),
        # an order is no claim; a verdict "dubbed" is; an attack with its reason is a criticism
        ("His agent said last month that Rangers had told him to find the player a new club.", set()),
        ("Matthew Herren from EduVision told the BBC how the charity uses satellite radio.", {"EduVision"}),
        (
            'A milder review in the New York Times dubbed the sequel "unabashedly trivial".',
            {"New York Times"},
        ),
        (
            "The European People's Party attacked the Commission for backing down.",
            {"European People's Party"},
        ),
        # figures that confirm speak for their author; an acronym the tagger took for a noun
        ("Prices fell, reflecting recent Land Registry figures confirming a slowdown.", {"Land Registry"}),
        ("Paul Trotter, news and features editor of PC Pro, said Sony products won.", {"PC Pro"}),
    ],
)
def test_owners_before_orders_verdicts_and_acronyms(attributor: Attributor, sentence: str, names: set[str]):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a party right before a full name the model calls a person: the party speaks through him
        ("Liberal Democrat Alan Beith said the claims were true.", {"Liberal Democrat"}),
        # a person's job as a broadcaster at a network: the network, not the person
        (
            '"HDTV is the latest must-have," says Jo Flaherty, a senior broadcaster with the CBS network.',
            {"CBS"},
        ),
        # with the owner named, a role's other names are its seat and its holder
        (
            "The Scottish National Party's Holyrood leader, Nicola Sturgeon, welcomed the move but added "
            "that the public should be consulted.",
            {"Scottish National Party"},
        ),
        # a lone acronym after "and" is a whole name
        (
            '"Well, it\'s a lot easier being the double Olympic champion," points out former Olympian '
            "and BBC pundit Steve Cram.",
            {"BBC"},
        ),
        # a capitalised "According" inside a title is no cue
        (
            "Jessica Stevenson will star in new sitcom The World According to Bex, penned by Fred Barron.",
            set(),
        ),
        # what the subject acted on does not say what follows
        ('Mr Hockney also left UKIP saying Mr Kilroy-Silk would "deliver better" as leader.', set()),
        # "Company spokesman" speaks for the firm his reported clause is about
        ("Company spokesman Glenn Waller said Exxon still considered the deal valid.", {"Exxon"}),
        # the tokenizer splits "co-chairman"; the party still speaks through its holder
        (
            'The Tory co-chairman attacked the pledges as "vacuous" and said voters would take revenge.',
            {"Tory"},
        ),
        # a pollster polls; a view agreed with is a view
        ("YouGov polled a weighted sample of 1,981 voters online.", {"YouGov"}),
        ("Kantar surveyed 2,000 shoppers in October.", {"Kantar"}),
        # ... and an acronym spelled out in apposition is one institution under its full name
        (
            "CENTR, the Council of European National Top Level Domain Registries, agrees.",
            {"Council of European National Top Level Domain Registries"},
        ),
        ("Acme agrees that prices must rise.", {"Acme"}),
        ("Acme agreed to buy Widgets Ltd for $2bn.", set()),
        ("Acme agreed a deal with Widgets Ltd.", set()),
        ("At a board meeting, the Acme board agreed that the start date be postponed.", set()),
    ],
)
def test_party_before_a_person_seats_titles_and_pollsters(
    attributor: Attributor, sentence: str, names: set[str]
):
    assert set(cited(attributor, sentence)) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # "what it calls X" names a thing; a plural before a name describes a firm of them
        ('Delta has declined to elaborate on what it calls "internal employee matters".', set()),
        ("PCs will double, according to a report by analysts Forrester Research.", {"Forrester Research"}),
        # a view agreed in the past still is one; what must happen is a decision
        ("Acme's founder Jane Doe agreed that the time was ripe for foreign groups.", {"Acme"}),
        ("The leaders agreed that talks should resume.", set()),
        # a condemnation's agent; an experience found is no finding
        (
            "Moves to lift the ban have been condemned by human rights groups and the Conservatives.",
            {"Conservatives"},
        ),
        ("Mr Chernin told the FT that News Corp was finding it difficult to identify a target.", set()),
        ("Researchers at Acme Labs found that mice sleep more.", {"Acme Labs"}),
        # a person's possessive owns nothing that speaks; a word inside a capitalised title is no name
        (
            "Philippe Sands QC, a member of Cherie Blair's Matrix Chambers, says the war was illegal.",
            {"Matrix Chambers"},
        ),
        ('"Content will converge," said Ken Kutaragi, Chief Operating Officer of Sony.', {"Sony"}),
        # a team's plural verb after its auxiliaries; a party before the portfolio it shadows
        ("Blackburn have said all along that they want £6m for the midfielder.", {"Blackburn"}),
        ('Lib Dem Treasury spokesman Vince Cable branded the plans "fantasy economics".', {"Lib Dem"}),
        # a defence of a measure and a dismissal of a proposal are verdicts; a defended title is none
        ("But the Home Office defended the measures.", {"Home Office"}),
        ("However, the DTI has dismissed the proposal.", {"DTI"}),
        ("Arsenal defended their title with ease.", set()),
        # a name set beside a common-noun subject speaks; one the parser hangs across a clause does not
        (
            "Leading plaintiff, the University of California, announced the news, adding that it was due.",
            {"University of California"},
        ),
        (
            'The actor, whose films include Star Wars: The Phantom Menace, said: "The Lyric is important."',
            set(),
        ),
        # a firm of analysts a person works at; a jury speaks for its body; an acronym before a beat
        (
            "Mike McGuire, a research director at analyst Gartner, told the BBC that Apple had done well.",
            {"Gartner"},
        ),
        ('In referring to his death, the 13-strong AFI jury concluded "acting has two chapters".', {"AFI"}),
        ("But BBC Political Correspondent James Hardy said the prospect was causing jitters.", {"BBC"}),
    ],
)
def test_firms_of_analysts_views_agreed_verdicts_and_beats(
    attributor: Attributor, sentence: str, names: set[str]
):
    assert set(cited(attributor, sentence)) == names
