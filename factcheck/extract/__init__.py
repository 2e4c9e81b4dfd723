"""Claim extraction: one module per claim family, all reading the same segmented text."""

from __future__ import annotations

import bisect

from factcheck.cancel import checkpoint
from factcheck.extract.dates import extract_dates
from factcheck.extract.entities import extract_entities
from factcheck.extract.lexicon import Lexicon, load_lexicon
from factcheck.extract.polarity import extract_polarity
from factcheck.extract.quantities import extract_quantities
from factcheck.model import Claim, Document, QuoteClaim, Span
from factcheck.text.attribution import SentenceSources, find_quotes
from factcheck.text.segment import split_sentences


def extract_claims(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    """Every claim in one document, in text order."""
    lex = lexicon or load_lexicon()
    text = document.text
    sentences = split_sentences(text)
    quotes = find_quotes(text)
    claims: list[Claim] = []
    sources = SentenceSources(lex)  # each sentence's attribution, shared by the extractors
    claims.extend(extract_quantities(document.id, text, sentences, quotes, lex, sources))
    checkpoint()
    claims.extend(extract_polarity(document, sentences, lex, sources))
    claims.extend(extract_dates(document, sentences, quotes, lex, sources))
    checkpoint()
    claims.extend(extract_entities(document, sentences, quotes, lex))
    starts = [s.start for s in sentences]
    for i, quote in enumerate(quotes):
        at = bisect.bisect_right(starts, quote.start) - 1
        sentence = sentences[at] if at >= 0 and quote.start < sentences[at].end else None
        sent_span = (
            Span(
                document_id=document.id, start=sentence.start, end=sentence.end, text=sentence.text
            )
            if sentence
            else Span(document_id=document.id, start=quote.start, end=quote.end, text="")
        )
        claims.append(
            QuoteClaim(
                id=f"{document.id}#w{i + 1}",
                document_id=document.id,
                span=Span(
                    document_id=document.id,
                    start=quote.start,
                    end=quote.end,
                    text=text[quote.start : quote.end],
                ),
                sentence=sent_span,
                attribution=quote.speaker,
                modality="reported",
                in_quote=True,
                words=text[quote.start : quote.end],
            )
        )
    claims.sort(key=lambda c: c.span.start)
    return claims
