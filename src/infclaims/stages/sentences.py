"""Stage 2: paragraphs and sentences. The clean text is parsed once; the ``Doc`` is handed on.

Sentences never cross a paragraph boundary: paragraph starts are fixed as sentence starts before the
parser runs (the parser keeps preset boundaries). Texts longer than ``max_chars_per_piece`` are parsed
in pieces cut at paragraph boundaries and joined back into one ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from infclaims.config import SentencesConfig
from infclaims.models import CleanArticle, ParsedArticle, Sentence, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


#: SENT_START of a token that must not start a sentence (-1), as the uint64 column of ``Doc.to_array`` holds it.
NOT_SENT_START = 2**64 - 1


def prepare_doc(nlp: Language, text: str, paragraph_starts: Iterable[int]) -> Doc:
    """Tokenise ``text`` and mark paragraph starts as sentence starts (before any parse).

    A token that begins a paragraph, or follows a whitespace token holding a line break, starts a sentence.
    Offsets, whitespace flags and sentence starts are read and written as one array: setting
    ``Token.is_sent_start`` one token at a time scans the whole ``Doc`` on every call."""
    from spacy.attrs import IDX, IS_SPACE, SENT_START

    doc = nlp.make_doc(text)
    n = len(doc)
    if not n:
        return doc
    table = doc.to_array([IDX, IS_SPACE, SENT_START])
    idx, is_space = table[:, 0], table[:, 1]
    marked: set[int] = set()
    for start in paragraph_starts:
        k = int(idx.searchsorted(start))
        if k < n and idx[k] == start:
            marked.add(k)
    for pos in _line_breaks(text):
        k = int(idx.searchsorted(pos, side="right")) - 1  # the token holding the break
        if is_space[k]:
            marked.add(k + 1)
    starts = [k for k in marked if 0 < k < n]
    # the second word of a paragraph never starts a sentence: a one-word "sentence" at a paragraph's start
    # ("NATO | has evidence that ...") is a parser slip, and it cuts the subject off its clause
    seconds = [k + 1 for k in (0, *starts) if k + 1 < n and not is_space[k] and not is_space[k + 1]]
    seconds = [k for k in seconds if k not in marked]
    if starts or seconds:
        column = table[:, 2:3].copy()  # uint64, as to_array gives and from_array expects
        column[starts, 0] = 1
        column[seconds, 0] = NOT_SENT_START
        doc.from_array([SENT_START], column)  # type: ignore[arg-type]  # spaCy's stubs want thinc's Ints2d
    return doc


def _line_breaks(text: str) -> Iterator[int]:
    pos = text.find("\n")
    while pos >= 0:
        yield pos
        pos = text.find("\n", pos + 1)


def _pieces(article: CleanArticle, max_chars: int) -> list[tuple[int, int]]:
    """Cut the clean text at paragraph boundaries into pieces of at most ``max_chars`` (a paragraph
    longer than that is cut at the last space before the limit)."""
    text = article.text
    if len(text) <= max_chars:
        return [(0, len(text))]
    cuts: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            para_cut = text.rfind("\n\n", start + 1, end)
            if para_cut > start:
                end = para_cut
            else:
                space = text.rfind(" ", start + 1, end)
                end = space if space > start else end
        cuts.append((start, end))
        start = end
    return cuts


def parse_article(article: CleanArticle, *, nlp: Language, config: SentencesConfig | None = None) -> Doc:
    """Parse the clean text into one ``Doc`` (in pieces when it is long)."""
    from spacy.tokens import Doc

    config = config or SentencesConfig()
    para_starts = [p.span.start for p in article.paragraphs]
    pieces = _pieces(article, config.max_chars_per_piece)
    docs = []
    for a, b in pieces:
        piece = prepare_doc(nlp, article.text[a:b], [s - a for s in para_starts if a <= s < b])
        docs.append(_run(nlp, piece))
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False)


def _run(nlp: Language, doc: Doc) -> Doc:
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def sentences_from_doc(article: CleanArticle, doc: Doc) -> tuple[Sentence, ...]:
    """Sentence records (trimmed of surrounding whitespace) with their paragraph index."""
    para_spans = [p.span for p in article.paragraphs]
    out: list[Sentence] = []
    p_idx = 0
    for sent in doc.sents:
        text = sent.text
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        end = sent.start_char + len(text.rstrip())
        if end <= start:
            continue
        while p_idx + 1 < len(para_spans) and start >= para_spans[p_idx + 1].start:
            p_idx += 1
        is_headline = bool(article.paragraphs) and article.paragraphs[p_idx].is_headline
        out.append(Sentence(index=len(out), span=Span(start=start, end=end), paragraph=p_idx, is_headline=is_headline))
    return tuple(out)


def split_sentences(
    article: CleanArticle, *, nlp: Language, config: SentencesConfig | None = None
) -> tuple[ParsedArticle, Doc]:
    """Parse once; return the sentence records and the ``Doc`` later stages receive."""
    doc = parse_article(article, nlp=nlp, config=config)
    return ParsedArticle(article=article, sentences=sentences_from_doc(article, doc)), doc


def split_many(
    articles: Iterable[CleanArticle], *, nlp: Language, config: SentencesConfig | None = None, batch_size: int = 32
) -> Iterator[tuple[ParsedArticle, Doc]]:
    """Batched form of :func:`split_sentences` over many articles (``nlp.pipe`` on prepared docs)."""
    config = config or SentencesConfig()
    short: list[CleanArticle] = []

    def flush() -> Iterator[tuple[ParsedArticle, Doc]]:
        prepared = [prepare_doc(nlp, a.text, [p.span.start for p in a.paragraphs]) for a in short]
        for art, doc in zip(short, nlp.pipe(prepared, batch_size=batch_size), strict=True):
            yield ParsedArticle(article=art, sentences=sentences_from_doc(art, doc)), doc
        short.clear()

    for art in articles:
        if len(art.text) > config.max_chars_per_piece:
            yield from flush()
            yield split_sentences(art, nlp=nlp, config=config)
            continue
        short.append(art)
        if len(short) >= batch_size:
            yield from flush()
    yield from flush()
