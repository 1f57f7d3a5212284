"""Schema and query building for the embedded (tantivy) backend.

Chinese text is indexed as character unigrams and bigrams (tantivy's n-gram tokenizer over
folded text), so any two- or three-character word matches without a dictionary; a query
segment must contain all of its bigrams. jieba-segmented words, title matches, an exact title
and pinyin prefixes add to the score. Queries are built programmatically, never parsed, so
the user's text has no syntax to abuse.
"""

from __future__ import annotations

from typing import Literal

import tantivy

from search import text
from search.query import Filters, SearchRequest

NGRAM = "cjk_ngram"
VERSION = 2  # bump when the schema changes: a new directory is built from the database

Mode = Literal["ranked", "match", "title"]
FAST_FIELDS = ("kind", "region", "department", "year", "result_code", "list_kind")


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("uid", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("stamp", indexed=True)  # when written (ms): a rebuild drops older ones
    for name in FAST_FIELDS:
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("region_path", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("codes", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title_exact", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title_ng", tokenizer_name=NGRAM, index_option="freq")
    sb.add_text_field("text_ng", tokenizer_name=NGRAM, index_option="freq")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("pinyin", tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("pinyin_head", tokenizer_name="whitespace", index_option="basic")
    sb.add_unsigned_field("date_ord", fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def ngram_analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2, False)).build()


def compact(folded: str) -> str:
    return "".join(text.segments(folded))


class QueryBuilder:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def term(self, field: str, value: str, option: str = "basic") -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value, index_option=option)

    def all_of(self, field: str, values: list[str]) -> tantivy.Query:
        must = tantivy.Occur.Must
        return tantivy.Query.boolean_query([(must, self.term(field, v, "freq")) for v in values])

    def any_of(self, field: str, values: list[str]) -> tantivy.Query:
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query([(should, self.term(field, v)) for v in values])

    def prefix(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.phrase_prefix_query(self.schema, field, [value])

    def segment(self, segment: str, mode: Mode = "ranked") -> tantivy.Query:
        """Matches a document whose text (or, for ASCII letters, name pinyin) has the segment.

        ``ranked``: scored on title matches (the text field holds the title too, so a title
        match is a boost on a text match, scored only on the documents the text clause finds).
        ``match``: the same documents, unscored. ``title``: only those whose title (or name
        pinyin) has the segment, scored like ``ranked``.
        """
        grams = text.grams(segment)
        boost, const = tantivy.Query.boost_query, tantivy.Query.const_score_query
        must, should = tantivy.Occur.Must, tantivy.Occur.Should
        in_title = boost(self.all_of("title_ng", grams), 2.0)
        if mode == "match":
            core = const(self.all_of("text_ng", grams), 1.0)
        elif mode == "title":
            core = in_title
        else:
            core = tantivy.Query.boolean_query([
                (must, const(self.all_of("text_ng", grams), 1.0)), (should, in_title)])
        if not (text.is_ascii_word(segment) and len(segment) >= 2):
            return core
        return tantivy.Query.boolean_query([
            (should, core),
            (should, boost(self.prefix("pinyin", segment), 1.5)),
            (should, boost(self.prefix("pinyin_head", segment), 3.0)),
        ])

    def filters(self, kinds: tuple[str, ...], filters: Filters) -> list[tantivy.Query]:
        out: list[tantivy.Query] = []
        if kinds:
            out.append(self.any_of("kind", list(kinds)))
        pairs = (
            ("region_path", filters.region), ("department", filters.department),
            ("year", None if filters.year is None else str(filters.year)),
            ("result_code", filters.result_code), ("list_kind", filters.list_kind),
        )
        out.extend(self.term(name, value) for name, value in pairs if value is not None)
        return [tantivy.Query.const_score_query(q, 0.0) for q in out]

    def build(self, request: SearchRequest, mode: Mode = "ranked") -> tantivy.Query:
        must, should = tantivy.Occur.Must, tantivy.Occur.Should
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if request.segments:
            clauses += [(must, self.segment(s, mode)) for s in request.segments]
            if mode != "match":
                boost = tantivy.Query.boost_query
                clauses += [(should, boost(self.term("words", w, "freq"), 0.5)) for w in request.words]
                exact = compact(request.text)
                clauses.append((should, boost(self.term("title_exact", exact), 8.0)))
        else:
            clauses.append((must, tantivy.Query.all_query()))
        clauses += [(must, q) for q in self.filters(request.kinds, request.filters)]
        return tantivy.Query.boolean_query(clauses)

    def without(self, query: tantivy.Query, excluded: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                            (tantivy.Occur.MustNot, excluded)])
