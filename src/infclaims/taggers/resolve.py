"""Speaker resolution: mentions as written to canonical speakers.

Pronouns to their antecedent, role descriptions ("the alliance chief") to the person introduced with that
role, surnames to full names, places that speak for a state to the country, titles and appositions to role
and affiliation. World knowledge (places, organisations, aliases) comes from data files and is optional.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from infclaims import lexicons
from infclaims.models import Span, Speaker, SpeakerType, Target
from infclaims.naming import canonical_id, slug
from infclaims.parsing import entities_in, sentence_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SPEAKER_TYPES = {"person", "organization", "country", "group"}
_MENTIONS = lexicons.mentions()
PRONOUNS_PERSON = _MENTIONS.person_pronouns
PRONOUNS_PLURAL = _MENTIONS.pronouns["plural"]
PRONOUNS_IT = _MENTIONS.pronouns["neuter"]
RE_POSSESSIVE = re.compile(r"(’s|'s|’|')$")
DETERMINERS = _MENTIONS.determiners
#: How sure a speaker's resolution is, by how it was made: a name as written is surest, a pronoun or a role
#: description is an inference, a mention kept as written or unresolved is no identification at all.
SPEAKER_CONFIDENCE = {
    "name": 0.95,
    "alias": 0.9,
    "surname": 0.9,
    "relative": 0.85,
    "title": 0.85,
    "place": 0.85,
    "organization": 0.8,
    "group": 0.8,
    "outlet": 0.9,
    "pronoun": 0.7,
    "previous-speaker": 0.65,
    "role": 0.65,
    "unnamed": 0.5,
    "proper-noun": 0.4,
    "unresolved-pronoun": 0.0,
    "unresolved": 0.0,
    "no-cue": 0.0,
}

#: Nouns before "of" that make the name after them a place ("the port of Bandar Abbas").
PLACE_NOUNS = frozenset({"port", "city", "town", "village", "province", "region", "district", "capital", "county"})
#: How far back (characters) a rival of a pronoun's antecedent is looked for: about two sentences.
PRONOUN_WINDOW = 400
#: Articles that introduce someone new: a role description after them names nobody of the article.
INDEFINITE = frozenset({"a", "an", "another", "one"})
#: Words that join title words ("Minister of Defence", "Secretary for Arms Control"), with the possessive.
TITLE_CONNECTORS = frozenset({"of", "for", "and", "'s", "’s"})


@dataclass(frozen=True)
class Person:
    """A person named in an article: the registry's entry, frozen once the article's names are read."""

    name: str
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    mentions: tuple[int, ...] = ()  # char offsets of mentions (any form)
    subject_mentions: tuple[int, ...] = ()
    #: "f" or "m" when the article or the given name says so without contradiction, else None
    gender: str | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


#: The people of one article, by full name: built once from the parse, then read by the speakers and claims
#: stages alike. It is a value (a read-only mapping of frozen entries): no stage can change what another sees.
People = Mapping[str, Person]


@dataclass
class _Draft:
    """A person while the article's names are being read (merged, given roles), before it is frozen."""

    name: str
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)
    subject_mentions: list[int] = field(default_factory=list)
    genders: set[str] = field(default_factory=set)

    def freeze(self) -> Person:
        return Person(
            name=self.name,
            roles=tuple(self.roles),
            affiliations=tuple(self.affiliations),
            mentions=tuple(self.mentions),
            subject_mentions=tuple(self.subject_mentions),
            gender=next(iter(self.genders)) if len(self.genders) == 1 else None,
        )


@dataclass
class Knowledge:
    """World knowledge used by the resolver (all of it optional)."""

    places: lexicons.Places
    aliases: tuple[lexicons.AliasEntry, ...] = ()
    role_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()
    #: Given names that are evidence of gender ("f"/"m"); empty without world knowledge.
    given_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, extra_aliases: tuple[lexicons.AliasEntry, ...] = (), *, builtin: bool = True) -> Knowledge:
        roles = lexicons.roles()
        return cls(
            places=lexicons.places() if builtin else lexicons.EMPTY_PLACES,
            aliases=(lexicons.builtin_aliases() if builtin else ()) + extra_aliases,
            role_synonyms=roles.synonyms,
            title_words=roles.title_words,
            given_names=lexicons.given_names() if builtin else {},
        )

    def alias(self, text: str) -> lexicons.AliasEntry | None:
        low = text.lower()
        for entry in self.aliases:
            if low == entry.name.lower() or low in (a.lower() for a in entry.aliases):
                return entry
        return None


def strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def clean_name(text: str) -> str:
    return RE_POSSESSIVE.sub("", text.strip()).strip(" ,.;:")


def title_tokens(doc: Doc, ent_start: int, knowledge: Knowledge) -> list[Token]:
    """Title words directly before a name: 'Polish Foreign Minister' before 'Jan Kowalski'."""
    toks: list[Token] = []
    i = ent_start - 1
    while i >= 0:
        tok = doc[i]
        low = tok.text.lower()
        if tok.is_space or (tok.is_punct and tok.text not in {"-", "'s", "’s"}):
            break
        if (
            low in knowledge.title_words
            or tok.ent_type_ in {"NORP", "GPE", "ORG"}
            or tok.tag_ == "POS"
            or (tok.is_title and tok.pos_ in {"PROPN", "ADJ", "NOUN"})
            or low in TITLE_CONNECTORS
            or low == "counterpart"
        ):
            toks.insert(0, tok)
            i -= 1
            continue
        break
    while toks and toks[0].text.lower() in TITLE_CONNECTORS:
        toks.pop(0)
    return toks


def role_and_affiliation(tokens: list[Token], knowledge: Knowledge) -> tuple[str | None, str | None]:
    """Split title tokens into a role ('Under Secretary for Arms Control') and an affiliation ('Russia')."""
    country: str | None = None
    org_words: list[str] = []
    org: str | None = None
    role_words: list[str] = []
    after_connector = False
    places = knowledge.places
    for tok in tokens:
        low = tok.text.lower()
        if tok.tag_ == "POS" or low in {"the", "a", "an", "'s", "’s"}:
            if org_words and org is None:
                org = " ".join(org_words)
            role_words, after_connector = [], False
            continue
        found = places.demonyms.get(low) or places.countries.get(low)
        if found is None and tok.ent_type_ in {"GPE", "NORP"} and not after_connector:
            found = tok.text
        if found and not after_connector:
            country = country or found
            role_words = []
            continue
        if low in {"for", "of", "and"}:
            if role_words:
                role_words.append(tok.text)
                after_connector = True
            continue
        if (
            (tok.ent_type_ == "ORG" or low in places.organizations)
            and not after_connector
            and not (low in knowledge.title_words and tok.ent_type_ != "ORG")
        ):
            org_words.append(tok.text)
            role_words = []
            continue
        if low in knowledge.title_words or low == "counterpart" or tok.is_title or after_connector:
            role_words.append(tok.text)
    if org is None and org_words:
        org = " ".join(org_words)
    if org is not None:
        org = places.organizations.get(org.lower(), org)
    while role_words and role_words[-1].lower() in {"for", "of", "and"}:
        role_words.pop()
    role = " ".join(role_words).strip() or None
    return role, country or org


NAME_STOPWORDS = _MENTIONS.name_function_words


def plausible_name(ent: SpacySpan) -> bool:
    """Title-case headlines fool the recogniser ('Warns Of Budget Cuts'): a name has no function words, no
    verbs and at most five words."""
    words = [t for t in ent if not t.is_punct and not t.is_space]
    if not words or len(words) > 5 or any("\n" in t.text for t in ent):
        return False
    if len(words) == 1 and (_is_demonym(words[0].lower_) or words[0].tag_ == "NNPS"):
        return False  # "Africans", "Iranians": people in the plural, not a person's name
    if (
        ent.start >= 2
        and ent.doc[ent.start - 1].lower_ == "of"
        and ent.doc[ent.start - 2].lemma_.lower() in PLACE_NOUNS
    ):
        return False  # "the port of Bandar Abbas", "the city of Victoria": a place
    return not any(t.lower_ in NAME_STOPWORDS or t.pos_ in {"VERB", "AUX"} for t in words[1:])


def _is_demonym(word: str) -> bool:
    demonyms = lexicons.places().demonyms
    return word in demonyms or (word.endswith("s") and word[:-1] in demonyms)


def build_people(doc: Doc, knowledge: Knowledge) -> People:
    """Every person named in the article, keyed by full name, with roles from titles before the name."""
    people: dict[str, _Draft] = {}
    by_surname: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" and not _person_whatever_the_label(ent, knowledge):
            continue
        if not plausible_name(ent):
            continue
        ent = _whole_name(ent, knowledge)
        name = clean_name(ent.text)
        if not name or not any(c.isalpha() for c in name):
            continue
        alias = knowledge.alias(name)
        if alias is not None and alias.type == "person":
            name = alias.name
        alone = len(name.split()) == 1  # a bare surname: its title may tell which of the same name it is
        if alone:
            titled = _title_gender(doc[max(0, ent.start - 1) : ent.end])
            same = [n for n, d in people.items() if len(n.split()) > 1 and n.split()[-1] == name]
            agreeing = [n for n in same if titled is not None and people[n].genders == {titled}]
            if len(agreeing) == 1:
                name = agreeing[0]
        if len(name.split()) == 1 and name in by_surname:
            name = by_surname[name]
        if len(name.split()) == 1:
            # a surname first seen alone: keep it until a full name appears; a family name written first
            # ("Park Min-jun", then "Park") is the first word of the full name
            full = next((p for p in people if p.split()[-1] == name), None) or _family_first(people, name)
            name = full or name
        person = people.setdefault(name, _Draft(name=name))
        if len(name.split()) > 1:
            surname = name.split()[-1]
            by_surname[surname] = name
            if surname in people and surname != name:  # merge a surname-only entry
                early = people.pop(surname)
                person.mentions.extend(early.mentions)
                person.subject_mentions.extend(early.subject_mentions)
                person.roles.extend(r for r in early.roles if r not in person.roles)
        person.mentions.append(ent.start_char)
        # "Iraq's oil minister, Hassan Jaafar, rejected ...": a name in apposition to a subject is the subject
        subject = ent.root.dep_ in {"nsubj", "nsubjpass"} or (
            ent.root.dep_ == "appos" and ent.root.head.dep_ in {"nsubj", "nsubjpass"}
        )
        if subject:
            person.subject_mentions.append(ent.start_char)
        titles = title_tokens(doc, ent.start, knowledge)
        role, affiliation = role_and_affiliation(titles, knowledge)
        if role and "counterpart" in role.lower():
            other = _most_recent(people, ent.start_char, exclude=name, need_role=True)
            role = other.roles[0] if other and other.roles else None
        if alias is not None:
            for r in alias.roles:
                if r not in person.roles:
                    person.roles.append(r)
            if alias.affiliation and alias.affiliation not in person.affiliations:
                person.affiliations.append(alias.affiliation)
        if role and role not in person.roles:
            person.roles.append(role)
        if affiliation and affiliation not in person.affiliations:
            person.affiliations.append(affiliation)
        if not alone:  # a bare surname's title may belong to a namesake: only a full name gives evidence
            person.genders.update(_gender_evidence(ent, name, knowledge))
    return MappingProxyType({name: draft.freeze() for name, draft in people.items()})


#: Entity labels the recogniser gives names of people by mistake (a spokeswoman tagged ORG).
_MISLABELLED = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC", "WORK_OF_ART"})


def _person_nouns(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(knowledge.role_synonyms) | _MENTIONS.feminine_nouns | _MENTIONS.masculine_nouns


def _whole_name(ent: SpacySpan, knowledge: Knowledge) -> SpacySpan:
    """A person's name as written, where the recogniser cut it short: the hyphenated second part of a given name
    ("Ri Thae" + "-song") and a short family name written first ("Ri" + "Thae Song")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and doc[end + 1].is_alpha:
        if doc[end].whitespace_:
            break
        end += 2
    if start > 0:
        prev = doc[start - 1]
        short_family = (
            prev.pos_ == "PROPN"
            and prev.is_title
            and len(prev.text) <= 4
            and prev.is_alpha
            and prev.lower_ not in knowledge.title_words
            and f"{prev.lower_}." not in knowledge.title_words  # "Dr Jean-Paul Ilunga", "Gen Kim"
            and prev.lower_ not in _MENTIONS.feminine_nouns | _MENTIONS.masculine_nouns
            and not prev.ent_type_
            and not _is_demonym(prev.lower_)
        )
        if short_family and prev.whitespace_ == " ":
            start -= 1
    return doc[start:end] if (start, end) != (ent.start, ent.end) else ent


def _person_whatever_the_label(ent: SpacySpan, knowledge: Knowledge) -> bool:
    """A name the recogniser did not tag PERSON that is one all the same: in apposition to a person noun ("a
    spokeswoman, Morgan Hale,"; "Morgan Hale, a spokeswoman") or after a title word ("Spokeswoman Morgan Hale").
    A known given name alone is not enough: organisations begin with them too ("Christian Aid")."""
    if ent.label_ not in _MISLABELLED or not plausible_name(ent):
        return False
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 3 or not all(t.is_title or t.text[:1].isupper() for t in words):
        return False
    person_nouns = _person_nouns(knowledge)
    root = ent.root
    if root.dep_ == "appos" and root.head.lower_ in person_nouns:
        return True
    if any(c.dep_ == "appos" and c.lower_ in person_nouns for c in root.children):
        return True
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and (before.lower_ in knowledge.title_words or before.lower_ in person_nouns)


def _gender_evidence(ent: SpacySpan, name: str, knowledge: Knowledge) -> set[str]:
    """What says a person is a woman or a man: a gendered title or noun before the name or in apposition to it,
    else the given name. Evidence from the text wins over the name list."""
    # the title words right before the name ("Ms.", "spokeswoman", "Foreign Minister"), not a title of the name
    # before it ("Mr. Obama and Hillary Clinton")
    words: list[str] = []
    title_words = knowledge.title_words | _MENTIONS.feminine_nouns | _MENTIONS.masculine_nouns
    i = ent.start - 1
    while i >= 0 and ent.doc[i].lower_ in title_words:
        words.append(ent.doc[i].lower_)
        i -= 1
    root = ent.root
    if root.dep_ == "appos":
        words.append(root.head.lower_)
    words.extend(c.lower_ for c in root.children if c.dep_ == "appos")
    found = {"f" for w in words if w in _MENTIONS.feminine_nouns} | {
        "m" for w in words if w in _MENTIONS.masculine_nouns
    }
    if found:
        return found
    first = name.split()[0] if len(name.split()) > 1 else None
    g = knowledge.given_names.get(first) if first else None
    return {g} if g else set()


def _most_recent(
    people: Mapping[str, Person] | Mapping[str, _Draft],
    before: int,
    *,
    exclude: str | None = None,
    need_role: bool = False,
    subject: bool = False,
) -> Person | None:
    best: tuple[int, Any] | None = None
    for p in people.values():
        if p.name == exclude or (need_role and not p.roles):
            continue
        offs = [o for o in (p.subject_mentions if subject else p.mentions) if o < before]
        if offs and (best is None or max(offs) > best[0]):
            best = (max(offs), p)
    return best[1] if best else None


@dataclass
class Resolver:
    """Resolves mentions over one article's people. The speakers stage keeps one for the article (it remembers
    who spoke last, for pronouns and quotes without a cue); it never leaves that stage."""

    doc: Doc
    knowledge: Knowledge
    people: People
    last_speakers: list[tuple[int, Speaker]] = field(default_factory=list)
    #: genders read from the pronouns resolved so far ("Zhou said ... she said"), for people the text and the
    #: name list say nothing of
    learned: dict[str, str] = field(default_factory=dict)

    def gender(self, person: Person) -> str | None:
        return person.gender or self.learned.get(person.name)

    @classmethod
    def for_doc(cls, doc: Doc, knowledge: Knowledge, people: People | None = None) -> Resolver:
        return cls(doc=doc, knowledge=knowledge, people=build_people(doc, knowledge) if people is None else people)

    # ------------------------------------------------------------------ mentions
    def person_speaker(self, person: Person, mention: str, span: Span | None, how: str) -> Speaker:
        return Speaker(
            mention=mention,
            name=person.name,
            id=canonical_id(person.name, person=len(person.name.split()) > 1),
            type="person",
            role=person.roles[0] if person.roles else None,
            affiliation=person.affiliations[0] if person.affiliations else None,
            span=span,
            resolved_by=how,
        )

    def resolve(self, mention: SpacySpan) -> Speaker:
        """Resolve the speaker mention (a noun phrase span of the parsed article)."""
        text = mention.text.strip()
        span = Span(start=mention.start_char, end=mention.start_char + len(text))
        low = text.lower()
        bare = strip_det(clean_name(text))
        bare_low = bare.lower()
        places = self.knowledge.places
        # 1. pronouns
        # "US" (the country) is not the pronoun "us": an all-capital mention is never a pronoun
        pronoun = not (text.isupper() and len(text) > 1)
        if pronoun and low in PRONOUNS_PERSON and text[:1].isupper():
            # "He said" where the article has a person of the family name He ("He Lanfang"): the name, not the
            # pronoun
            family = _family_first(self.people, text)
            if family is not None:
                return self.person_speaker(self.people[family], text, span, "surname")
        if pronoun and low in PRONOUNS_PERSON:
            gender = (
                "f"
                if low in _MENTIONS.pronouns["feminine"]
                else "m"
                if low in _MENTIONS.pronouns["masculine"]
                else None
            )
            p = self._antecedent_person(mention.start_char, gender)
            if p is not None:
                return self.person_speaker(p, text, span, "pronoun")
            return Speaker(mention=text, type="person", span=span, resolved_by="unresolved-pronoun")
        if pronoun and (low in PRONOUNS_PLURAL or low in PRONOUNS_IT):
            prev = self._antecedent_collective(mention.start_char)
            if prev is not None:
                return prev.model_copy(update={"mention": text, "span": span, "resolved_by": "pronoun"})
            return Speaker(
                mention=text,
                type="group" if low in PRONOUNS_PLURAL else "unknown",
                span=span,
                resolved_by="unresolved-pronoun",
            )
        # 2. named persons inside the mention (the last PERSON entity is the head)
        persons = [e for e in entities_in(mention) if e.label_ == "PERSON"]
        if persons:
            name = clean_name(_whole_name(persons[-1], self.knowledge).text)
            p = self._lookup_person(name, _title_gender(mention))
            if p is not None:
                how = "name" if len(name.split()) > 1 else "surname"
                return self.person_speaker(p, text, span, how)
        # 3. a surname (or full name) of a person named in this article, whatever NER made of it
        if bare and bare[0].isupper() and len(bare.split()) <= 3:
            known = self._known_person(bare, _title_gender(mention))
            if known is not None:
                return self.person_speaker(known, text, span, "surname" if len(bare.split()) == 1 else "name")
        # 3b. user aliases
        alias = self.knowledge.alias(bare) or self.knowledge.alias(text)
        if alias is not None:
            stype = cast(SpeakerType, alias.type if alias.type in SPEAKER_TYPES else "unknown")
            return Speaker(
                mention=text,
                name=alias.name,
                id=canonical_id(alias.name, person=stype == "person"),
                type=stype,
                role=alias.roles[0] if alias.roles else None,
                affiliation=alias.affiliation,
                span=span,
                resolved_by="alias",
            )
        # 4. places and organisations
        for key in (low, bare_low, "the " + bare_low):
            if key in places.countries:
                country = places.countries[key]
                return Speaker(
                    mention=text, name=country, id=slug(country), type="country", span=span, resolved_by="place"
                )
            if key in places.organizations:
                org = places.organizations[key]
                return Speaker(
                    mention=text, name=org, id=slug(org), type="organization", span=span, resolved_by="organization"
                )
        head = mention.root
        # "the Russian side", "the American delegation": demonym + collective noun speaks for the country
        words = bare_low.split()
        if len(words) == 2 and words[0] in places.demonyms and words[1] in _MENTIONS.collective_nouns:
            country = places.demonyms[words[0]]
            return Speaker(mention=text, name=country, id=slug(country), type="country", span=span, resolved_by="place")
        # 5. a lone surname not tagged as a person
        if len(words) == 1 and head.pos_ == "PROPN":
            p = self._lookup_person(bare, _title_gender(mention))
            if p is not None:
                return self.person_speaker(p, text, span, "surname")
        # 5b. a title before a name the entity recogniser missed: "central bank governor Ella Stone"
        titled = self._titled_name(mention)
        if titled is not None:
            name, role = titled
            p = self._lookup_person(name) or Person(name=name)
            if role and role not in p.roles:
                p = Person(name=p.name, roles=(*p.roles, role), affiliations=p.affiliations)
            return self.person_speaker(p, text, span, "title")
        # 6. role descriptions: "the German top diplomat", "the alliance chief"
        is_role_word = head.lower_ in self.knowledge.role_synonyms or head.lower_ in self.knowledge.title_words
        if (head.pos_ == "NOUN" and head.tag_ in {"NN", "NNP"}) or (head.pos_ == "PROPN" and is_role_word):
            p = self._role_person(mention)
            if p is not None:
                return self.person_speaker(p, text, span, "role")
        # 7. entity types
        ents = entities_in(mention)
        label = ents[-1].label_ if ents else ""
        if (
            ents
            and label in {"GPE", "NORP"}
            and head.pos_ == "NOUN"
            and head.lemma_.lower() in _person_nouns(self.knowledge) | self.knowledge.title_words
            and not (ents[-1].start <= head.i < ents[-1].end)
        ):
            # "U.S. officials", "a senior U.S. official": people of the country, not the country itself
            place = ents[-1].text
            country = places.countries.get(place.lower()) or places.demonyms.get(place.lower()) or place
            plural = head.tag_ in {"NNS", "NNPS"}
            return Speaker(
                mention=text,
                name=None,
                id=slug(_group_name(mention)) if plural else None,
                type="group" if plural else "person",
                affiliation=country,
                span=span,
                resolved_by="group" if plural else "unnamed",
            )
        if label in {"GPE", "LOC"}:
            return Speaker(mention=text, name=bare, id=slug(bare), type="country", span=span, resolved_by="place")
        if label in {"ORG", "NORP"} and head.tag_ not in {"NNS", "NNPS"}:
            return Speaker(
                mention=text, name=bare, id=slug(bare), type="organization", span=span, resolved_by="organization"
            )
        if head.tag_ in {"NNS", "NNPS"} or label == "NORP":
            return Speaker(
                mention=text, name=None, id=slug(_group_name(mention)), type="group", span=span, resolved_by="group"
            )
        if head.pos_ == "PROPN":
            return Speaker(mention=text, name=bare, id=slug(bare), type="unknown", span=span, resolved_by="proper-noun")
        return Speaker(mention=text, name=None, id=None, type="unknown", span=span, resolved_by="unresolved")

    def remember(self, offset: int, speaker: Speaker) -> None:
        self.last_speakers.append((offset, speaker))

    # ------------------------------------------------------------------ helpers
    def _titled_name(self, mention: SpacySpan) -> tuple[str, str | None] | None:
        toks = [t for t in mention if not t.is_punct]
        k = len(toks)
        while k > 0 and toks[k - 1].pos_ == "PROPN" and toks[k - 1].is_title:
            k -= 1
        name_toks = toks[k:]
        title = [t for t in toks[:k] if t.lower_ not in DETERMINERS]
        if not 2 <= len(name_toks) <= 3 or not title or title[-1].lower_ not in self.knowledge.title_words:
            return None
        if any(t.lower_ in self.knowledge.title_words for t in name_toks):
            return None
        role = " ".join(t.text for t in title if t.lower_ in self.knowledge.title_words or t.is_title) or None
        return " ".join(t.text for t in name_toks), role

    def _known_person(self, name: str, gender: str | None = None) -> Person | None:
        if name in self.people:
            return self.people[name]
        last = name.split()[-1]
        matches = [p for p in self.people.values() if p.surname == last and len(p.name.split()) > 1]
        if not matches and len(name.split()) == 1:
            family = _family_first(self.people, name)
            matches = [self.people[family]] if family else []
        return _one_of(matches, gender) if matches else None

    def _lookup_person(self, name: str, gender: str | None = None) -> Person | None:
        if name in self.people:
            return self.people[name]
        alias = self.knowledge.alias(name)
        if alias is not None and alias.name in self.people:
            return self.people[alias.name]
        last = name.split()[-1]
        matches = [p for p in self.people.values() if p.surname == last]
        if not matches and len(name.split()) == 1:
            family = _family_first(self.people, name)
            matches = [self.people[family]] if family else []
        if len(matches) == 1:
            return matches[0]
        if matches:
            return _one_of(matches, gender)
        if alias is not None and alias.type == "person":
            return Person(
                name=alias.name,
                roles=tuple(alias.roles),
                affiliations=(alias.affiliation,) if alias.affiliation else (),
            )
        if len(name.split()) > 1:
            return Person(name=name)
        return None

    def _antecedent_person(self, before: int, gender: str | None = None) -> Person | None:
        """The person a pronoun refers to: the most recent person who was the subject of a clause, else the most
        recent person mentioned, among those whose gender does not contradict the pronoun's. None when nobody
        agrees: a wrong name is worse than none.

        When that person's gender is unknown, another person of the pronoun's known gender mentioned close before
        it is taken instead; when the only close rivals are of unknown gender too, nobody is: the text cannot tell.
        """
        chosen = self._nearest_person(before, gender)
        if chosen is None or gender is None or self.gender(chosen) is not None:
            return chosen
        close = [
            p
            for p in self.people.values()
            if p is not chosen and any(before - PRONOUN_WINDOW <= o < before for o in p.mentions)
        ]
        agreeing = [p for p in close if self.gender(p) == gender]
        if agreeing:
            return max(agreeing, key=lambda p: max(o for o in p.mentions if o < before))
        if any(self.gender(p) is None for p in close):
            return None
        self.learned[chosen.name] = gender  # the text has now told this person's gender
        return chosen

    def _nearest_person(self, before: int, gender: str | None) -> Person | None:
        people = self.people
        if gender is not None:
            people = {n: p for n, p in people.items() if self.gender(p) in (None, gender)}
        subj = _most_recent(people, before, subject=True)
        any_ = _most_recent(people, before)
        recent_speaker = next(
            (
                s
                for o, s in reversed(self.last_speakers)
                if o < before
                and s.type == "person"
                and (gender is None or _gender_of(self.people, s) in (None, gender))
            ),
            None,
        )
        if subj is not None and any_ is not None and subj is not any_:
            s_off = max(o for o in subj.subject_mentions if o < before)
            a_off = max(o for o in any_.mentions if o < before)
            # an object mention in the same or previous sentence does not displace the subject
            if a_off - s_off < 400:
                return subj
            return any_
        if subj or any_:
            return subj or any_
        if recent_speaker is not None and recent_speaker.name:
            return self.people.get(recent_speaker.name) or Person(name=recent_speaker.name)
        return None

    def _antecedent_collective(self, before: int) -> Speaker | None:
        for off, sp in reversed(self.last_speakers):
            if off < before and sp.type in {"country", "organization", "group"}:
                return sp
        return None

    def _role_person(self, mention: SpacySpan) -> Person | None:
        if mention[0].lower_ in INDEFINITE:
            return None  # "a senior European diplomat" brings in someone new, not the envoy named before
        words = [t.text.lower() for t in mention if t.text.lower() not in DETERMINERS]
        if not words:
            return None
        head = mention.root.text.lower()
        phrase = " ".join(words)
        wanted: set[str] = set()
        for key, titles in self.knowledge.role_synonyms.items():
            if key == head or (" " in key and key in phrase):
                wanted.update(titles)
                wanted.add(key)
        if not wanted:
            return None
        affil: set[str] = set()
        places = self.knowledge.places
        for w in words:
            for table in (places.demonyms, places.countries):
                if w in table:
                    affil.add(table[w].lower())
            for key in (w, "the " + w):
                if key in places.organizations:
                    affil.add(places.organizations[key].lower())
        best: tuple[float, int, Person] | None = None
        for p in self.people.values():
            offs = [o for o in p.mentions if o < mention.start_char]
            if not offs and sentence_of(mention.root).start == 0 and p.mentions:
                # a role word in the headline refers forward to the person introduced in the body
                offs = [-min(p.mentions)]
            if not offs:
                continue
            role_text = " ".join(p.roles).lower()
            role_hit = any(w in role_text for w in wanted)
            if not role_hit:
                continue
            score = 1.0
            if affil:
                p_affil = {a.lower() for a in p.affiliations}
                if not (affil & p_affil):
                    continue
                score += 1.0
            cand = (score, max(offs), p)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is not None and _unnamed_since(mention, best[1]):
            return None  # "a senior European diplomat ... the diplomat said": the unnamed one speaks again
        return best[2] if best else None


def _unnamed_since(mention: SpacySpan, since: int) -> bool:
    """Whether someone unnamed with the mention's head noun was brought in between ``since`` and the mention
    ("a senior European diplomat"): a definite description then refers back to them, not to a named person."""
    head = mention.root.lemma_.lower()
    for tok in mention.doc[: mention.start]:
        if tok.idx <= since or tok.lemma_.lower() != head or tok.ent_type_ == "PERSON":
            continue
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        named = any(c.dep_ in {"appos", "compound"} and c.ent_type_ == "PERSON" for c in tok.children)
        if det is not None and det.lower_ in INDEFINITE and not named:
            return True
    return False


def _one_of(matches: list[Person], gender: str | None = None) -> Person | None:
    """The person a bare surname means when several people of the article bear it.

    Forms of one name are one person ("Alicia Machado" inside "Miss Universe Alicia Machado", where the
    recogniser took a word too many): the form named most often. Among different people ("Anna Berg", "Karl
    Berg"), a title in the mention decides ("Mrs. Berg"), else the one the article is about: named at least twice
    as often as any other. Otherwise nobody is chosen: a wrong name is worse than none."""
    if gender is not None:
        matches = [p for p in matches if p.gender in (None, gender)] or matches
    groups: list[list[Person]] = []
    for p in sorted(matches, key=lambda p: len(p.name.split())):
        words = set(p.name.split())
        group = next((g for g in groups if set(g[0].name.split()) <= words), None)
        if group is None:
            groups.append([p])
        else:
            group.append(p)

    def representative(group: list[Person]) -> Person:
        return max(group, key=lambda p: (len(p.mentions), -len(p.name)))

    if len(groups) == 1:
        return representative(groups[0])
    if gender is not None:
        agreeing = [g for g in groups if any(p.gender == gender for p in g)]
        if len(agreeing) == 1:
            return representative(agreeing[0])
    counts = sorted(((sum(len(p.mentions) for p in g), i) for i, g in enumerate(groups)), reverse=True)
    if counts[0][0] >= 2 * counts[1][0]:
        return representative(groups[counts[0][1]])
    return None


def _family_first(people: Mapping[str, Any], word: str) -> str | None:
    """The one full name of the article whose first word is ``word`` and that names the person family name
    first ("Park Min-jun", "Wang Lihua", "Ri Chol-su"): 2 or 3 words, the first short, not a given name of the
    name list and not a people or country word. None when there is no such name, or more than one."""
    if len(word) > 6 or _is_demonym(word.lower()) or word.lower() in lexicons.places().countries:
        return None  # family names written first are short: Park, Wang, Nguyen; "Russian" is no family name
    given = lexicons.given_names()
    found = [
        n
        for n in people
        if 2 <= len(n.split()) <= 3 and n.split()[0] == word and word not in given and n.split()[-1] != word
    ]
    return found[0] if len(found) == 1 else None


def _title_gender(mention: SpacySpan) -> str | None:
    """The gender a mention's own title gives ("Mrs. Clinton", "the spokeswoman"), else None."""
    words = {t.lower_ for t in mention}
    f, m = bool(words & _MENTIONS.feminine_nouns), bool(words & _MENTIONS.masculine_nouns)
    return "f" if f and not m else "m" if m and not f else None


def _gender_of(people: People, speaker: Speaker) -> str | None:
    person = people.get(speaker.name) if speaker.name else None
    return person.gender if person is not None else None


def target_resolver(doc: Doc, knowledge: Knowledge, people: People) -> Callable[[SpacySpan], Target]:
    """How the claims stage resolves a claim's target: exactly like a speaker, over the same people, but without
    the speakers stage's memory of who spoke last."""
    resolver = Resolver(doc=doc, knowledge=knowledge, people=people)

    def resolve_target(span: SpacySpan) -> Target:
        sp = resolver.resolve(span)
        return Target(mention=sp.mention, name=sp.name, id=sp.id, type=sp.type)

    return resolve_target


def _group_name(mention: SpacySpan) -> str:
    return strip_det(" ".join(t.text for t in mention if not t.is_punct))
