"""Speaker resolution: mentions as written to canonical speakers, over a parsed article.

Names, places and roles here are made up or generic; nothing keys on the bundled articles."""

from __future__ import annotations

import pytest

from infclaims import lexicons
from infclaims.taggers.resolve import Knowledge, Person, Resolver, _most_recent, clean_name, strip_det


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("the minister", "minister"),
        ("The Russian side", "Russian side"),
        ("their spokesman", "spokesman"),
        ("Paul Meyer", "Paul Meyer"),
        ("", ""),
    ],
)
def test_resolve_strip_det(text: str, bare: str) -> None:
    assert strip_det(text) == bare


@pytest.mark.parametrize(
    ("text", "name"),
    [("Meyer's", "Meyer"), ("Meyer’s", "Meyer"), ("  Paul Meyer, ", "Paul Meyer"), ("Jones'", "Jones")],
)
def test_resolve_clean_name(text: str, name: str) -> None:
    assert clean_name(text) == name


def test_resolve_most_recent_takes_the_last_mention_before_the_offset() -> None:
    people = {
        "Ann Lee": Person(name="Ann Lee", mentions=(0, 50), subject_mentions=(0,), roles=("Mayor",)),
        "Bo Kim": Person(name="Bo Kim", mentions=(30,), subject_mentions=(30,)),
    }
    assert _most_recent(people, 40) is people["Bo Kim"]
    assert _most_recent(people, 60) is people["Ann Lee"]
    assert _most_recent(people, 40, need_role=True) is people["Ann Lee"]
    assert _most_recent(people, 40, exclude="Bo Kim") is people["Ann Lee"]
    assert _most_recent(people, 0) is None  # nobody before the first mention


def test_resolve_knowledge_alias_matches_names_and_aliases_case_blind() -> None:
    entry = lexicons.AliasEntry(
        name="Michael Stone", type="person", aliases=("Mike Stone",), roles=(), affiliation=None
    )
    knowledge = Knowledge(places=lexicons.EMPTY_PLACES, aliases=(entry,))
    assert knowledge.alias("mike stone") is entry
    assert knowledge.alias("Michael Stone") is entry
    assert knowledge.alias("Stone") is None


def _speaker(nlp, text: str, mention: str, occurrence: int = 1, *, builtin: bool = True):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    start = -1
    for _ in range(occurrence):
        start = text.index(mention, start + 1)
    span = doc.char_span(start, start + len(mention))
    assert span is not None, mention
    return Resolver.for_doc(doc, Knowledge.default(builtin=builtin)).resolve(span)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "mention", "occurrence", "name", "kind", "how"),
    [
        # a surname to the full name introduced before it
        (
            "Finance Minister Paul Meyer spoke on Monday. Meyer said the budget was balanced.",
            "Meyer",
            2,
            "Paul Meyer",
            "person",
            "surname",
        ),
        # a pronoun to the last person who was the subject of a clause
        ("Paul Meyer arrived late. He said the budget was balanced.", "He", 1, "Paul Meyer", "person", "pronoun"),
        # a pronoun with nobody before it: unresolved, never a guess
        ("He said the budget was balanced.", "He", 1, None, "person", "unresolved-pronoun"),
        # a seat of government and a capital speak for the country (places.json)
        ("The Kremlin said the talks were over.", "The Kremlin", 1, "Russia", "country", "place"),
        ("Moscow said the talks were over.", "Moscow", 1, "Russia", "country", "place"),
        # demonym + collective noun
        ("The Russian side said the talks were over.", "The Russian side", 1, "Russia", "country", "place"),
        # a common noun phrase is no person
        ("The committee said the vote would be held.", "The committee", 1, None, "unknown", "unresolved"),
    ],
)
def test_resolve_mentions_table(  # type: ignore[no-untyped-def]
    nlp, text: str, mention: str, occurrence: int, name: str | None, kind: str, how: str
) -> None:
    sp = _speaker(nlp, text, mention, occurrence)
    assert (sp.name, sp.type, sp.resolved_by) == (name, kind, how)
    assert sp.mention == mention and sp.span is not None
    assert text[sp.span.start : sp.span.end] == mention


@pytest.mark.model
def test_resolve_titles_give_role_and_the_id_is_shared_by_every_form(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Finance Minister Paul Meyer spoke on Monday. Meyer said the budget was balanced. He left."
    full = _speaker(nlp, text, "Paul Meyer")
    short = _speaker(nlp, text, "Meyer", 2)
    pronoun = _speaker(nlp, text, "He")
    assert full.id == short.id == pronoun.id == "paul-meyer"
    assert full.role == "Finance Minister"


@pytest.mark.model
def test_resolve_works_without_world_knowledge(nlp) -> None:  # type: ignore[no-untyped-def]
    sp = _speaker(nlp, "Moscow said the talks were over.", "Moscow", builtin=False)
    # no places.json: the place is a place as the entity recogniser sees it, not mapped to its country
    assert (sp.name, sp.id, sp.type) == ("Moscow", "moscow", "country")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "mention", "occurrence", "name", "how"),
    [
        # a pronoun goes to a person of its gender, and to nobody when nobody agrees
        (
            "Foreign Minister Sergei Volkov spoke first. Ms. Anna Berg replied. She said talks were over.",
            "She",
            1,
            "Anna Berg",
            "pronoun",
        ),
        (
            "Foreign Minister Sergei Volkov said the talks were over. She said nothing else.",
            "She",
            1,
            None,
            "unresolved-pronoun",
        ),
        (
            "Anna Berg, the mayor, opened the meeting. Peter Lund arrived late. He said little.",
            "He",
            1,
            "Peter Lund",
            "pronoun",
        ),
        # a name in apposition to a person noun is a person whatever the recogniser's label
        (
            "Sergei Volkov spoke first. A State Department spokeswoman, Morgan Hale, rejected the charge. She said "
            "the offer stood.",
            "She",
            1,
            "Morgan Hale",
            "pronoun",
        ),
        # a family name written first, then alone
        (
            "South Korean Foreign Minister Park Min-jun met the envoy on Monday. Park said the talks had gone well.",
            "Park",
            2,
            "Park Min-jun",
            "surname",
        ),
        # an indefinite role description brings in someone new
        (
            "Chief negotiator Oleg Vasnetsov left early. A senior European diplomat said the talks would go on.",
            "A senior European diplomat",
            1,
            None,
            None,
        ),
    ],
)
def test_resolve_never_puts_words_in_the_wrong_mouth(  # type: ignore[no-untyped-def]
    nlp, text: str, mention: str, occurrence: int, name: str | None, how: str | None
) -> None:
    sp = _speaker(nlp, text, mention, occurrence)
    assert sp.name == name or (name is None and sp.type != "person")
    if how is not None:
        assert sp.resolved_by == how


@pytest.mark.model
def test_resolve_a_surname_of_two_people_goes_to_the_one_a_title_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Former President Karl Berg and his wife Anna Berg arrived together. Karl Berg spoke first. "
        "Mrs. Berg said she would run for office."
    )
    sp = _speaker(nlp, text, "Mrs. Berg")
    assert sp.name == "Anna Berg"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Ri Thae Song, a vice foreign minister, spoke in the capital on Monday. Ri said the talks were over.",
        "North Korean Vice Foreign Minister Ri Thae-song spoke on Monday. Ri said the talks were over.",
    ],
)
def test_resolve_a_name_the_recogniser_cut_short_is_whole(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    sp = _speaker(nlp, text, "Ri", 2)
    assert sp.name in {"Ri Thae Song", "Ri Thae-song"} and sp.resolved_by == "surname"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "mention", "occurrence", "name"),
    [
        # a name in apposition to the subject is the subject a later pronoun goes back to
        (
            "Energy Minister Pavel Orlov said the deal held. Iraq's oil minister, Karim Saadi, rejected the criticism. "
            "He said the numbers would show it.",
            "He",
            1,
            "Karim Saadi",
        ),
        # a pronoun that resolved to someone tells their gender to the pronouns after it
        (
            "Energy Minister Nurlan Abenov met Ambassador Zhou Wenli. Zhou said China welcomed the plan, and she "
            "said firms were ready. He said a decision would come in March.",
            "He",
            1,
            "Nurlan Abenov",
        ),
        # the family name He, written first, then alone at the start of a sentence
        (
            "Commerce ministry spokeswoman He Lanfang spoke on Friday. He said licences would be granted.",
            "He",
            2,
            "He Lanfang",
        ),
    ],
)
def test_resolve_pronouns_and_names_in_wire_copy(  # type: ignore[no-untyped-def]
    nlp, text: str, mention: str, occurrence: int, name: str
) -> None:
    doc = nlp(text)
    start = -1
    for _ in range(occurrence):
        start = text.index(mention, start + 1)
    resolver = Resolver.for_doc(doc, Knowledge.default())
    for sent in doc.sents:  # pronouns before the one asked about are resolved first, in text order
        for tok in sent:
            if tok.idx < start and tok.lower_ in {"he", "she"}:
                resolver.resolve(doc[tok.i : tok.i + 1])
    sp = resolver.resolve(doc.char_span(start, start + len(mention)))
    assert sp.name == name
