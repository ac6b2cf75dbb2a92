"""Canonical speaker ids: transliteration variants share an id, different people do not."""

from __future__ import annotations

import pytest

from infclaims.naming import ascii_fold, canonical_id, fold_word, slug


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["Sergei Sobyanin", "Sergey Sobyanin", "sergey sobyanin", "SERGEI SOBYANIN"], "sergei-sobyanin"),
        (["Dmitry Peskov", "Dmitri Peskov", "Dmitriy Peskov"], "dmitri-peskov"),
        (["Yury Ushakov", "Yuri Ushakov", "Yuriy Ushakov", "Yurii Ushakov"], "yuri-ushakov"),
        (
            ["Aleksey Navalny", "Alexei Navalny", "Aleksei Navalny", "Alexey Navalny", "Alexei Navalnyy"],
            "alexei-navalny",
        ),
        (["Andrey Kelin", "Andrei Kelin"], "andrei-kelin"),
        (["Maksim Oreshkin", "Maxim Oreshkin"], "maxim-oreshkin"),
        (["Nikolay Patrushev", "Nikolai Patrushev"], "nikolai-patrushev"),
        pytest.param(
            ["Nikolaj Patrushev", "Nikolai Patrushev"],
            "nikolai-patrushev",
        ),
    ],
)
def test_naming_transliteration_variants_share_an_id(variants: list[str], expected: str) -> None:
    assert {canonical_id(v) for v in variants} == {expected}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maria Zakharova", "Mario Zakharov"),
        ("Sergei Sobyanin", "Sergei Shoigu"),
        ("Sergei Sobyanin", "Sergei Ivanov"),
        ("Dmitry Peskov", "Dmitry Medvedev"),
        ("Alexei Navalny", "Alexander Navalny"),
        ("Yuri Ushakov", "Yulia Ushakova"),
        ("Mike Johnson", "Mikhail Johnson"),
        ("Sergei Sobyanin", "Sobyanin"),  # a bare surname is not resolved here
    ],
)
def test_naming_different_people_stay_different(a: str, b: str) -> None:
    assert canonical_id(a) != canonical_id(b)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gérard Araud", "gerard-araud"),
        ("Jean-Yves Le Drian", "jean-yves-le-drian"),
        ("Conor O’Brien", "conor-obrien"),
        ("  Anna   Lindqvist ", "anna-lindqvist"),
        ("Sobyanin", "sobyanin"),
        ("Navalnyy", "navalny"),  # a single word is folded as a surname
        ("Dvorkovich", "dvorkovich"),
        pytest.param(
            "Radosław Sikorski",
            "radoslaw-sikorski",
        ),
    ],
)
def test_naming_person_ids(name: str, expected: str) -> None:
    assert canonical_id(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NATO", "nato"),
        ("Foreign Ministry", "foreign-ministry"),
        ("Ministry of Defence (UK)", "ministry-of-defence-uk"),
        ("U.S. State Department", "us-state-department"),
        ("AT&T", "at-and-t"),
        ("Süddeutsche Zeitung", "suddeutsche-zeitung"),
        ("Example Agency", "example-agency"),
    ],
)
def test_naming_organisations_are_plain_slugs(name: str, expected: str) -> None:
    assert canonical_id(name, person=False) == expected
    assert slug(name) == expected


def test_naming_organisation_not_folded_like_a_person() -> None:
    # "Ministry" would lose its -y as a given name; an organisation keeps it
    assert canonical_id("Ministry of Defence", person=False) == "ministry-of-defence"
    assert canonical_id("Ministry of Defence") != "ministry-of-defence"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Gérard", "Gerard"), ("Škoda", "Skoda"), ("Москва", ""), ("plain", "plain")],
)
def test_naming_ascii_fold(text: str, expected: str) -> None:
    assert ascii_fold(text) == expected


@pytest.mark.parametrize(
    ("word", "given", "expected"),
    [
        ("sergey", True, "sergei"),
        ("dmitry", True, "dmitri"),
        ("yuriy", True, "yuri"),
        ("aleksey", True, "alexei"),
        ("kseniya", True, "kseniya"),  # 'ks' at the start of a name stays
        ("navalnyy", False, "navalny"),
        ("zelenskiy", False, "zelensky"),
        ("dmitry", False, "dmitry"),  # surnames keep a single -y
        ("aleksey", False, "aleksey"),
    ],
)
def test_naming_fold_word(word: str, given: bool, expected: str) -> None:
    assert fold_word(word, given=given) == expected
