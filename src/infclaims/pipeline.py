"""The stages in their fixed order, the per-article error policy, and streaming over many articles.

clean -> split_sentences -> attribute_speakers -> classify_claims -> normalise
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infclaims.config import Config
from infclaims.errors import InfclaimsError, InfclaimsWarning, unexpected_failure
from infclaims.lexicons import load_aliases_file
from infclaims.models import (
    ArticleInput,
    ArticleRecord,
    ArticleResult,
    CleanArticle,
    ErrorRecord,
    ParsedArticle,
    SpeakerEntry,
    Statement,
)
from infclaims.stages.claims import classify_claims
from infclaims.stages.clean import clean
from infclaims.stages.normalise import normalise_all
from infclaims.stages.sentences import split_many, split_sentences
from infclaims.stages.speakers import attribute_speakers
from infclaims.taggers.resolve import Knowledge, build_people, target_resolver

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Context:
    """Everything the stages need besides the article: built once per process."""

    nlp: Language
    config: Config
    knowledge: Knowledge

    @classmethod
    def build(cls, nlp: Language, config: Config | None = None) -> Context:
        config = config or Config()
        extra = load_aliases_file(config.speakers.aliases_file) if config.speakers.aliases_file else ()
        knowledge = Knowledge.default(extra, builtin=config.speakers.use_builtin_aliases)
        warm_up()
        return cls(nlp=nlp, config=config, knowledge=knowledge)


def warm_up() -> None:
    """Read every packaged lexicon and build the unit registry once, when a process starts, instead of on the
    first article that needs them (their cost is start-up, not per-article work)."""
    from infclaims.lexicons import builtin_aliases, cues, places, roles
    from infclaims.stages.claims import load_claim_cues
    from infclaims.taggers.quantities import warm_up as warm_quantities

    cues(), places(), roles(), builtin_aliases(), load_claim_cues()
    warm_quantities()


class StageFailed(Exception):
    """An exception raised inside one stage, with the stage's name: the error record says where it happened."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        super().__init__(stage, exc)
        self.stage = stage
        self.exc = exc


@contextmanager
def _stage(name: str) -> Iterator[None]:
    try:
        yield
    except StageFailed:
        raise
    except Exception as exc:
        raise StageFailed(name, exc) from exc


def analyse(parsed: ParsedArticle, doc: Doc, ctx: Context) -> ArticleResult:
    """Stages 3 to 5 on a parsed article."""
    article = parsed.article
    with _stage("speakers"):
        people = build_people(doc, ctx.knowledge)  # one frozen registry, read by stages 3 and 4
        attribution = attribute_speakers(
            parsed, doc, config=ctx.config.speakers, knowledge=ctx.knowledge, people=people
        )
        statements = attribution.statements
    if ctx.config.claims.enabled:
        with _stage("claims"):
            resolve_target = target_resolver(doc, ctx.knowledge, people)
            statements = classify_claims(statements, doc, resolve_target=resolve_target)
    if ctx.config.normalise.enabled:
        with _stage("normalise"):
            statements = normalise_all(statements, text=article.text, published=article.published)
    if ctx.config.authorial:
        from infclaims.taggers.authorial import authorial_statements

        with _stage("authorial"):
            statements = authorial_statements(parsed, doc, statements)
    return ArticleResult(
        doc_id=article.doc_id,
        statements=statements,
        diagnostics=(*article.diagnostics, *attribution.diagnostics),
        removed=article.removed,
    )


#: Diagnostics of a raw text that was changed on reading, so that the source no longer holds it as it is.
_REPAIRED = frozenset({"W302", "W308"})


def article_record(article: ArticleInput, cleaned: CleanArticle, result: ArticleResult) -> ArticleRecord:
    """The line of ``articles.jsonl`` for one processed article: its clean text (what spans point into) and, when
    the source does not hold the raw text as it is, the raw text (what raw spans point into)."""
    stored_raw = article.kind == "html" or any(d.code in _REPAIRED for d in article.diagnostics)
    return ArticleRecord(
        doc_id=article.doc_id,
        source=article.source,
        kind=article.kind,
        outlet=cleaned.outlet,
        published=cleaned.published,
        title=cleaned.title,
        url=cleaned.url,
        text=cleaned.text,
        headline=cleaned.headline,
        paragraphs=tuple(p.span for p in cleaned.paragraphs),
        raw_text=article.text if stored_raw else None,
        statements=len(result.statements),
        diagnostics=result.diagnostics,
    )


def process_article(article: ArticleInput, ctx: Context) -> ArticleResult:
    """All five stages on one article, as :func:`run` does them for each article of a stream; an exception in a
    stage is raised as it is (for a notebook), where :func:`run` records it and goes on."""
    (result,) = run([article], ctx, batch_size=1, raise_errors=True)
    assert isinstance(result, ArticleResult)
    return result


def extract(
    articles: Iterable[ArticleInput | str | os.PathLike[str]],
    *,
    nlp: Language | None = None,
    config: Config | None = None,
) -> list[Statement]:
    """Public API: statements of the given articles (records, plain texts or paths), in input order."""
    from infclaims.nlp import load_nlp

    config = config or Config()
    ctx = Context.build(nlp or load_nlp(config.model), config)
    out: list[Statement] = []
    for result in run(_api_items(articles), ctx):
        if isinstance(result, ArticleResult):
            out.extend(result.statements)
        else:
            warnings.warn(f"{result.code} {result.input}: {result.message}", InfclaimsWarning, stacklevel=3)
    return out


def _api_items(articles: Iterable[ArticleInput | str | os.PathLike[str]]) -> Iterator[ArticleInput | ErrorRecord]:
    from infclaims.io import read_inputs

    for i, a in enumerate(articles):
        if isinstance(a, ArticleInput):
            yield a
        elif isinstance(a, os.PathLike):
            yield from read_inputs([Path(os.fspath(a))])
        else:
            if looks_like_path(a):
                warnings.warn(
                    f"{a!r} looks like a file name but is read as the text of an article; pass Path({a!r}) to read "
                    "the file",
                    InfclaimsWarning,
                    stacklevel=4,
                )
            yield ArticleInput(doc_id=f"doc{i:05d}", text=a)


def looks_like_path(text: str) -> bool:
    """A one-line string without spaces that ends like an input file, or names a file or folder that exists."""
    if not text or "\n" in text or len(text) > 4096 or " " in text.strip():
        return False
    suffix = os.path.splitext(text.strip())[1].lower()
    return suffix in {".txt", ".text", ".md", ".html", ".htm", ".jsonl"} or os.path.exists(text)


def _failure(article: ArticleInput, exc: BaseException, stage: str) -> ErrorRecord:
    if isinstance(exc, StageFailed):
        stage, exc = exc.stage, exc.exc
    if isinstance(exc, InfclaimsError):
        code, message = exc.code, f"{exc.detail}; the article was skipped, the run went on"
    else:
        code, message = "E150", unexpected_failure(exc, f"running the {stage} stage")
    return ErrorRecord(
        input=article.source or article.doc_id, doc_id=article.doc_id, code=code, message=message, stage=stage
    )


def run(
    items: Iterable[ArticleInput | ErrorRecord], ctx: Context, *, batch_size: int = 16, raise_errors: bool = False
) -> Iterator[ArticleResult | ErrorRecord]:
    """Stream articles through the stages in batches, in input order: clean, then the batch is parsed (sentences),
    then :func:`analyse` (speakers, claims, normalise). This is the one place the stage order is written. Read
    errors pass through; an article that fails in a stage becomes an error record and the run goes on (with
    ``raise_errors``, the exception is raised instead)."""
    batch: list[ArticleInput | ErrorRecord] = []

    def flush() -> Iterator[ArticleResult | ErrorRecord]:
        cleaned: list[CleanArticle | ErrorRecord] = []
        for item in batch:
            if isinstance(item, ErrorRecord):
                cleaned.append(item)
                continue
            try:
                cleaned.append(clean(item, config=ctx.config.clean))
            except Exception as exc:  # per-article policy: record the failure and go on
                if raise_errors:
                    raise
                cleaned.append(_failure(item, exc, "clean"))
        good = [c for c in cleaned if isinstance(c, CleanArticle)]
        parsed: Iterator[tuple[ParsedArticle, Doc]] | None
        try:
            parsed = iter(list(split_many(good, nlp=ctx.nlp, config=ctx.config.sentences, batch_size=batch_size)))
        except Exception:  # redo this batch one article at a time to find the one that fails
            parsed = None
        for item, c in zip(batch, cleaned, strict=True):
            if isinstance(c, ErrorRecord):
                yield c
                continue
            assert isinstance(item, ArticleInput)  # only articles are cleaned
            outcome: ArticleResult | ErrorRecord
            try:
                with _stage("sentences"):
                    p, d = (
                        next(parsed)
                        if parsed is not None
                        else split_sentences(c, nlp=ctx.nlp, config=ctx.config.sentences)
                    )
                result = analyse(p, d, ctx)
                outcome = result.model_copy(update={"article": article_record(item, c, result)})
            except Exception as exc:
                if raise_errors:
                    raise exc.exc if isinstance(exc, StageFailed) else exc from None
                outcome = _failure(item, exc, "analyse")
            yield outcome
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


#: Mentions resolved through these are pronouns or repeats, not names the speaker goes by.
PRONOUN_RESOLUTIONS = frozenset({"pronoun", "relative", "previous-speaker", "unresolved-pronoun"})


class SpeakerIndex:
    """Accumulates the speaker index (one entry per canonical speaker) over a stream of statements."""

    def __init__(self) -> None:
        self._acc: dict[str, dict[str, Any]] = {}

    def add(self, st: Statement) -> None:
        self.add_record(st.doc_id, st.speaker.model_dump())

    def add_record(self, doc_id: str, speaker: Mapping[str, Any]) -> None:
        """Count one statement of ``doc_id`` by ``speaker`` (a Speaker record as a dict, e.g. read from JSONL)."""
        sid = speaker.get("id")
        if not sid:
            return
        mention = speaker.get("mention") or ""
        e = self._acc.setdefault(
            sid,
            {
                "names": Counter(),
                "types": Counter(),
                "roles": {},
                "affiliations": {},
                "aliases": {},
                "statements": Counter(),
            },
        )
        e["names"][speaker.get("name") or mention] += 1
        e["types"][speaker.get("type")] += 1
        if speaker.get("role"):
            e["roles"][speaker["role"]] = None
        if speaker.get("affiliation"):
            e["affiliations"][speaker["affiliation"]] = None
        if mention and speaker.get("resolved_by") not in PRONOUN_RESOLUTIONS:
            e["aliases"][mention] = None
        e["statements"][doc_id] += 1

    def entries(self) -> list[SpeakerEntry]:
        out = []
        for sid in sorted(self._acc):
            e = self._acc[sid]
            name = sorted(e["names"].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
            stype = sorted(e["types"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            out.append(
                SpeakerEntry(
                    id=sid,
                    name=name,
                    type=stype,
                    roles=tuple(e["roles"]),
                    affiliations=tuple(e["affiliations"]),
                    aliases=tuple(sorted(e["aliases"])),
                    statements=dict(sorted(e["statements"].items())),
                )
            )
        return out


def build_speaker_index(statements: Iterable[Statement]) -> list[SpeakerEntry]:
    """One entry per canonical speaker: name, type, roles, affiliations, aliases and counts per article."""
    index = SpeakerIndex()
    for st in statements:
        index.add(st)
    return index.entries()
