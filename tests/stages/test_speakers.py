"""Speaker attribution on small hand-written news paragraphs (needs the statistical pipeline)."""

from __future__ import annotations

import pytest

from infclaims.models import ArticleInput, Statement
from infclaims.naming import make_label, statement_id
from infclaims.stages.clean import clean
from infclaims.stages.sentences import split_sentences
from infclaims.stages.speakers import attribute_speakers

pytestmark = pytest.mark.model


def run(nlp, text: str, title: str | None = None) -> list[Statement]:  # type: ignore[no-untyped-def]
    article = clean(ArticleInput(doc_id="t", text=text, title=title))
    parsed, doc = split_sentences(article, nlp=nlp)
    return list(attribute_speakers(parsed, doc).statements)


CASES = [
    # text, expected (kind, speaker name or None, content fragment)
    (
        '"We will not accept these terms," Prime Minister Anna Kowalski said on Tuesday.',
        [("direct", "Anna Kowalski", "We will not accept these terms")],
    ),
    (
        "Finance Minister Paul Meyer said that the budget deficit would shrink next year.",
        [("indirect", "Paul Meyer", "the budget deficit would shrink next year")],
    ),
    (
        "The budget deficit will shrink next year, Finance Minister Paul Meyer said.",
        [("indirect", "Paul Meyer", "The budget deficit will shrink next year")],
    ),
    (
        "Senator Maria Lopez told reporters the bill had enough votes to pass.",
        [("indirect", "Maria Lopez", "the bill had enough votes to pass")],
    ),
    (
        "According to Health Minister John Okafor, the outbreak is under control.",
        [("indirect", "John Okafor", "the outbreak is under control")],
    ),
    (
        "The union accused the company of breaking the wage agreement.",
        [("indirect", None, "breaking the wage agreement")],
    ),
    (
        "The mayor called on residents to stay indoors during the storm.",
        [("indirect", None, "residents to stay indoors during the storm")],
    ),
    (
        "Governor Tom Reed insisted that the new law was constitutional.",
        [("indirect", "Tom Reed", "the new law was constitutional")],
    ),
    (
        'Governor Tom Reed said the law was "fully constitutional and long overdue" in a statement.',
        [("mixed", "Tom Reed", "fully constitutional")],
    ),
    (
        "Back in Ohio, Senator Maria Lopez said, she decided to stay at home.",
        [("indirect", "Maria Lopez", "she decided to stay at home")],
    ),
    (
        "The new tariffs were criticized by Finance Minister Paul Meyer.",
        [("indirect", "Paul Meyer", "The new tariffs")],
    ),
    (
        "Governor Tom Reed is confident that the bridge will reopen in May.",
        [("indirect", "Tom Reed", "the bridge will reopen in May")],
    ),
    (
        "President Omar Haddad told his advisers to prepare a new budget.",
        [("indirect", "Omar Haddad", "to prepare a new budget")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_speakers_finds_statement(nlp, text, expected):  # type: ignore[no-untyped-def]
    found = run(nlp, "Headline for the test\n\n" + text)
    body = [s for s in found if s.kind != "headline"]
    assert len(body) == len(expected), [(s.kind, s.content) for s in body]
    for st, (kind, name, fragment) in zip(body, expected, strict=True):
        assert st.kind == kind
        assert fragment in st.content
        if name is not None:
            assert st.speaker.name == name
            assert st.speaker.type == "person"


NEGATIVES = [
    "The company reported record profits in the third quarter.",
    "Heavy rain fell across the region on Monday, flooding several roads.",
    "The treaty banned missiles with ranges between 500 and 5,500 kilometers.",
    "If the two sides agree to extend it, the accord will remain in force.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_speakers_no_statement_in_plain_narration(nlp, text):  # type: ignore[no-untyped-def]
    found = [s for s in run(nlp, "Headline for the test\n\n" + text) if s.kind != "headline"]
    assert found == [], [(s.kind, s.content) for s in found]


def test_speakers_pronoun_and_surname_resolve_to_full_name(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Headline for the test\n\n"
        "Foreign Minister Clara Novak arrived in Vienna on Monday.\n\n"
        '"The talks were constructive," Novak said.\n\n'
        "She added that a second round would follow in March."
    )
    found = [s for s in run(nlp, text) if s.kind != "headline"]
    assert [s.speaker.id for s in found] == ["clara-novak", "clara-novak"]
    assert found[0].speaker.resolved_by == "surname"
    assert found[1].speaker.resolved_by == "pronoun"
    assert found[0].speaker.role == "Foreign Minister"


def test_speakers_multi_paragraph_quote_is_one_statement(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Headline for the test\n\n"
        "Union leader Mark Bell spoke after the vote.\n\n"
        "\u201cWe fought for this deal for two years and we will defend it.\n\n"
        "\u201cNobody should doubt our resolve,\u201d Bell said."
    )
    found = [s for s in run(nlp, text) if s.kind == "direct"]
    assert len(found) == 1
    assert found[0].content.startswith("We fought")
    assert found[0].content.endswith("resolve")
    assert found[0].speaker.name == "Mark Bell"


def test_speakers_quote_without_cue_continues_previous_speaker(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Headline for the test\n\n"
        '"Prices will fall," central bank governor Ella Stone said.\n\n'
        '"We expect inflation to return to target by the end of next year."'
    )
    found = [s for s in run(nlp, text) if s.kind == "direct"]
    assert [s.speaker.name for s in found] == ["Ella Stone", "Ella Stone"]
    assert found[1].rule == "direct-continuation"


def test_speakers_unclosed_quote_is_a_diagnostic_not_a_loss(nlp):  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\nThe minister said: "We will never give up this fight'
    found = run(nlp, text)
    assert found, "the statement must not be lost"
    assert any(d.code == "W301" for s in found for d in s.diagnostics)


def test_speakers_place_speaks_for_country(nlp):  # type: ignore[no-untyped-def]
    found = run(nlp, "Headline for the test\n\nThe Kremlin said the sanctions were illegal.")
    body = [s for s in found if s.kind != "headline"]
    assert body[0].speaker.type == "country"
    assert body[0].speaker.id == "russia"


def test_speakers_according_to_agency_goes_to_reported_by(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Headline for the test\n\n"
        '"We are ready to talk," President Omar Haddad said, according to the Reuters news agency.'
    )
    found = [s for s in run(nlp, text) if s.kind == "direct"]
    assert found[0].speaker.name == "Omar Haddad"
    assert any("Reuters" in r for r in found[0].reported_by)


@pytest.mark.parametrize(
    ("title", "speaker", "content"),
    [
        ("Novak: Talks With Neighbours 'Constructive'", "Novak", "Talks With Neighbours"),
        ("Budget cuts are unavoidable, says Meyer", "Meyer", "Budget cuts are unavoidable"),
        ("Economy will recover this year, Meyer Says", "Meyer", "Economy will recover this year"),
    ],
)
def test_speakers_headline_attributions(nlp, title, speaker, content):  # type: ignore[no-untyped-def]
    found = run(nlp, f"{title}\n\nThe story continues here without quotes.", title=title)
    heads = [s for s in found if s.kind == "headline"]
    assert len(heads) == 1
    assert heads[0].speaker.mention == speaker
    assert heads[0].content.startswith(content)


def test_speakers_spans_point_at_content(nlp):  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"We will rebuild," the mayor said. Officials said the bridge would reopen.'
    article = clean(ArticleInput(doc_id="t", text=text))
    parsed, doc = split_sentences(article, nlp=nlp)
    for st in attribute_speakers(parsed, doc).statements:
        assert article.text[st.span.start : st.span.end] == st.content
        assert text[st.raw_span.start : st.raw_span.end] == st.content
        assert (
            st.sentence_span is not None and article.text[st.sentence_span.start : st.sentence_span.end] == st.sentence
        )


def test_speakers_statement_id_is_stable() -> None:
    assert statement_id("a", 1, 5, "direct") == statement_id("a", 1, 5, "direct")
    assert statement_id("a", 1, 5, "direct") != statement_id("b", 1, 5, "direct")


def test_speakers_label_uses_surname() -> None:
    from infclaims.models import Speaker

    sp = Speaker(mention="he", name="Clara Novak", id="clara-novak", type="person")
    assert make_label(sp, "the talks were constructive and useful") == "Novak: the talks were constructive and useful"


def test_speakers_quote_interrupted_by_its_cue_is_one_statement(nlp):  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"We will not give up," the union leader said, "not now and not ever."'
    found = [s for s in run(nlp, text) if s.kind == "direct"]
    assert len(found) == 1
    assert found[0].content == "We will not give up, not now and not ever."


def test_speakers_quote_after_full_stop_stays_separate(nlp):  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"We will not give up," the union leader said. "The strike goes on next week."'
    found = [s for s in run(nlp, text) if s.kind == "direct"]
    assert len(found) == 2


def test_speakers_returns_the_problems_of_its_quotation_marks(nlp):  # type: ignore[no-untyped-def]
    text = 'Headline for the test\n\n"We will rebuild," the mayor said. A stray ” mark stands here.'
    article = clean(ArticleInput(doc_id="t", text=text))
    parsed, doc = split_sentences(article, nlp=nlp)
    attribution = attribute_speakers(parsed, doc)
    assert [d.code for d in attribution.diagnostics] == ["W301"]
    assert attribution == attribute_speakers(parsed, doc)  # the same every time: nothing kept between calls


def test_speakers_takes_the_people_registry_it_is_given_and_changes_nothing_in_it(nlp):  # type: ignore[no-untyped-def]
    from infclaims.taggers.resolve import Knowledge, build_people

    text = 'Budget Talks\n\nFinance Minister Paul Meyer spoke on Monday. "We are ready," Meyer said. He left.'
    article = clean(ArticleInput(doc_id="t", text=text))
    parsed, doc = split_sentences(article, nlp=nlp)
    people = build_people(doc, Knowledge.default())
    before = dict(people)
    given = attribute_speakers(parsed, doc, people=people)
    assert given == attribute_speakers(parsed, doc)  # the same registry as the stage would build
    assert dict(people) == before
    with pytest.raises(TypeError):
        people["Somebody Else"] = people["Paul Meyer"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The mayor said the bridge would reopen.", ("said", "say", None)),
        ("The union called on the company to raise its offer by five percent.", ("called", "call", "on")),
        ("The envoy pointed out that the offer had been open for a year.", ("pointed out", "point", "out")),
    ],
)
def test_speakers_records_the_cue_lemma_and_particle(nlp, sentence: str, cue: tuple) -> None:  # type: ignore[no-untyped-def, type-arg]
    sts = run(nlp, f"Headline for the test\n\n{sentence}")
    assert [(s.cue, s.cue_lemma, s.cue_particle) for s in sts] == [cue]


def test_speakers_us_in_capitals_is_the_country_not_the_pronoun(nlp):  # type: ignore[no-untyped-def]
    found = run(nlp, "Headline for the test\n\nThe talks stalled. US said the offer was not serious.")
    body = [s for s in found if s.kind != "headline"]
    assert body[0].speaker.id == "united-states"
    assert body[0].speaker.type == "country"


@pytest.mark.parametrize(
    ("text", "relay"),
    [
        ("The minister said the talks had failed, in comments quoted by the Interfax news agency.", "Interfax"),
        ("The talks had failed, the minister said in an interview reported by local media.", "local media"),
        ("The talks had failed, the minister said in remarks cited by the state news agency.", "state news agency"),
    ],
)
def test_speakers_relay_named_by_a_participle_agent(nlp, text, relay):  # type: ignore[no-untyped-def]
    (st,) = [s for s in run(nlp, "Headline for the test\n\n" + text) if s.kind != "headline"]
    assert st.speaker.mention.lower() == "the minister"
    assert any(relay in r for r in st.reported_by), st.reported_by


def test_speakers_no_relay_without_a_relay_verb(nlp):  # type: ignore[no-untyped-def]
    (st,) = [
        s
        for s in run(nlp, "Headline for the test\n\nThe talks had failed, the minister said in an interview on Monday.")
        if s.kind != "headline"
    ]
    assert st.reported_by == ()


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # a quoted fragment at the end of a reported clause: the whole clause, its quote marks kept
        (
            'The minister said on Tuesday that the company had "cheated for years".',
            'the company had "cheated for years"',
        ),
        ('The minister said that the company had "broken the agreement".', 'the company had "broken the agreement"'),
    ],
)
def test_speakers_a_quoted_fragment_ending_the_clause_makes_a_mixed_statement(  # type: ignore[no-untyped-def]
    nlp, sentence: str, content: str
) -> None:
    (st,) = run(nlp, f"Headline for the test\n\n{sentence}")
    assert (st.kind, st.content) == ("mixed", content)


def test_speakers_people_of_a_country_are_a_group_or_an_unnamed_person_of_it(nlp):  # type: ignore[no-untyped-def]
    sts = run(
        nlp,
        "Headline for the test\n\nU.S. officials said the talks had failed. A senior U.S. official said the offer "
        "was gone.",
    )
    group, one = sts
    assert (group.speaker.type, group.speaker.affiliation, group.speaker.name) == ("group", "United States", None)
    assert (one.speaker.type, one.speaker.affiliation, one.speaker.name, one.speaker.id) == (
        "person",
        "United States",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("sentence", "speaker", "relay"),
    [
        (
            "Moscow would respond in kind, Deputy Foreign Minister Oleg Lind told the Interfax news agency.",
            "Oleg Lind",
            "the Interfax news agency",
        ),
        (
            "The ministry said it firmly opposed the investigation and would protect its companies, the official "
            "state news agency reported.",
            "ministry",
            "the official state news agency",
        ),
        (
            "Tanaka was quoted by the Kyodo News agency as telling officials that the position remained unchanged.",
            "Tanaka",
            "the Kyodo News agency",
        ),
    ],
)
def test_speakers_a_news_agency_relays_and_never_speaks(  # type: ignore[no-untyped-def]
    nlp, sentence: str, speaker: str, relay: str
) -> None:
    sts = run(nlp, f"Headline for the test\n\n{sentence}")
    assert sts and all("agency" not in s.speaker.mention for s in sts), [(s.speaker.mention, s.content) for s in sts]
    assert any(speaker in s.speaker.mention and relay in s.reported_by for s in sts), [
        (s.speaker.mention, s.reported_by) for s in sts
    ]


def test_speakers_every_speaker_says_how_sure_its_resolution_is(nlp):  # type: ignore[no-untyped-def]
    sts = run(
        nlp,
        "Headline for the test\n\nFinance Minister Paul Meyer said on Monday that the budget was balanced. "
        '"We are ready," he said. Somebody said the talks would go on.',
    )
    by = {s.speaker.resolved_by: s.speaker.confidence for s in sts}
    assert by["name"] > by["pronoun"] > 0
    assert all(s.speaker.confidence is not None for s in sts)
    assert all(s.speaker.confidence == 0.0 for s in sts if s.speaker.id is None and s.speaker.type == "unknown")
