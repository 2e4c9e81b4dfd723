"""What the API accepts and returns, as pydantic models (they also drive the OpenAPI docs).

Requests forbid unknown keys, and none of them has a field that names a file, a folder or a
URL (no ``path``, no ``rule_paths``): nothing a client sends makes the server read or fetch.
Response models document the shapes; the handlers build the JSON directly, for speed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from factcheck.ingest import TextFormat
from factcheck.ledger import INTEGER_MAX
from factcheck.model import DocumentInfo, Role, Severity, Span

API_VERSION = "1"

Pattern = Annotated[str, Field(min_length=1, max_length=100)]


def _published(value: Any, handler: ValidatorFunctionWrapHandler) -> date | datetime | None:
    # One message instead of one per member of the union (date, datetime).
    try:
        result: date | datetime | None = handler(value)
    except ValidationError as exc:
        raise ValueError(
            "must be an ISO date (2025-10-22) or date and time (2025-10-22T14:30:00Z)"
        ) from exc
    return result


def _no_lone_surrogates(value: str) -> str:
    # JSON may smuggle in half of a UTF-16 pair ("\ud800"); such a string cannot be encoded
    # back to UTF-8, so it is refused here rather than failing while answering.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("contains an unpaired surrogate (\\ud800-\\udfff)") from exc
    return value


class DocumentIn(BaseModel):
    """One text to check. ``id`` defaults to ``doc-1``, ``doc-2`` … by position."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, min_length=1, max_length=200)
    text: str = Field(description="the plain text; offsets in the answer count its codepoints")
    role: Role = "draft"
    published_at: date | datetime | None = Field(
        default=None, description="anchors relative dates such as 'Wednesday' or 'last week'"
    )
    format: TextFormat = "text"

    @field_validator("published_at", mode="wrap")
    @classmethod
    def _when(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> date | datetime | None:
        return _published(value, handler)

    @field_validator("id", "text")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        return None if value is None else _no_lone_surrogates(value)


class CheckOptions(BaseModel):
    """Which rules run and how loud; codes (FC101), code families (FC1) or names."""

    model_config = ConfigDict(extra="forbid")

    select: list[Pattern] = Field(default_factory=list, max_length=100)
    ignore: list[Pattern] = Field(default_factory=list, max_length=100)
    min_severity: Severity = "info"
    unsure: bool = Field(
        default=False,
        description="also report, as info, clashing figures the alignment model is unsure "
        "are about one thing, and dates of one act named by a verb the lexicon does not list",
    )
    include_claims: bool = Field(default=True, description="include every extracted claim")


class DocumentsRequest(BaseModel):
    """Documents and options: what /v1/claims and /v1/graph read."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1)
    options: CheckOptions = Field(default_factory=CheckOptions)


class CheckRequest(DocumentsRequest):
    ledger: bool = Field(
        default=False,
        description="also check the drafts against the server's ledger of published articles, "
        "as `factcheck check --ledger` does; a server without a ledger answers 422 no_ledger",
    )


# -- answers ------------------------------------------------------------------------------------


class Warnings(BaseModel):
    incompleteResults: bool = Field(
        description="true when the time budget ran out (or a rule failed) before the work was done"
    )


class Context(BaseModel):
    text: str = Field(description="the passage with some text either side")
    offset: int = Field(description="where the passage starts inside `text`")
    length: int


class SpanOut(Span):
    """A finding's passage as the API returns it: the span, with the text around it."""

    start: int = Field(description="codepoint offset into the document's text")
    context: Context


class RuleInfo(BaseModel):
    code: str
    name: str
    severity: Severity | None = None
    summary: str
    url: str | None = None


class FindingOut(BaseModel):
    rule: str
    name: str
    severity: Severity
    message: str
    spans: list[SpanOut] = Field(description="the first is the primary passage")
    explanation: dict[str, Any]
    fingerprint: str
    rule_info: RuleInfo


class CheckResponse(BaseModel):
    apiVersion: str = API_VERSION
    version: str
    documents: list[DocumentInfo]
    findings: list[FindingOut]
    claims: list[dict[str, Any]]
    warnings: Warnings


class ClaimsResponse(BaseModel):
    apiVersion: str = API_VERSION
    documents: list[DocumentInfo]
    claims: list[dict[str, Any]]
    warnings: Warnings


class GraphResponse(BaseModel):
    apiVersion: str = API_VERSION
    graph: dict[str, Any] = Field(description="networkx node-link data")
    warnings: Warnings


class RuleOut(BaseModel):
    code: str
    name: str
    kind: str
    severity: Severity
    summary: str
    why: str
    example: str
    use_instead: str
    options: dict[str, Any]


class RulesResponse(BaseModel):
    apiVersion: str = API_VERSION
    rules: list[RuleOut]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    apiVersion: str = API_VERSION


class FieldError(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="a stable word, e.g. body_too_large, invalid_request")
    message: str
    fields: list[FieldError] | None = None
    id: str | None = Field(
        default=None, description="on a 500: the id under which the server logged the details"
    )


class ErrorResponse(BaseModel):
    error: ErrorBody


# -- LanguageTool compatibility -------------------------------------------------------------


class LTCheckForm(BaseModel):
    """The form fields of LanguageTool's ``POST /v2/check`` that factcheck honours."""

    text: str | None = Field(default=None, description="the text to check")
    data: str | None = Field(
        default=None,
        description='JSON {"annotation": [{"text": …}, {"markup": …, "interpretAs": …}]}',
    )
    language: str = Field(default="auto", description="'auto', 'en' or an 'en-XX' variant")
    enabledRules: str | None = Field(default=None, description="comma-separated rule codes")
    disabledRules: str | None = None
    enabledCategories: str | None = None
    disabledCategories: str | None = None
    enabledOnly: bool = False
    apiKey: str | None = Field(
        default=None, description="the API token, for clients without headers"
    )


class LTCategory(BaseModel):
    id: str
    name: str


class LTUrl(BaseModel):
    value: str


class LTRule(BaseModel):
    id: str
    description: str
    issueType: str
    category: LTCategory
    urls: list[LTUrl] | None = Field(default=None, description="the rule's documentation")


class LTReplacement(BaseModel):
    value: str


class LTMatch(BaseModel):
    message: str
    shortMessage: str
    replacements: list[LTReplacement]
    offset: int = Field(description="UTF-16 code units into the text, as LanguageTool counts")
    length: int
    context: Context
    sentence: str
    type: dict[str, str]
    rule: LTRule
    ignoreForIncompleteSentence: bool
    contextForSureMatch: int
    factcheck: dict[str, Any] = Field(description="severity, fingerprint and related passages")


class LTLanguage(BaseModel):
    name: str
    code: str
    detectedLanguage: dict[str, Any]


class LTResponse(BaseModel):
    software: dict[str, Any]
    warnings: Warnings
    language: LTLanguage
    matches: list[LTMatch]


# -- the ledger ---------------------------------------------------------------------------------

_WEB_LINK = r"^https?://\S+$"


class LedgerArticleIn(BaseModel):
    """One published article for the ledger. Its identity is ``url`` when given, else ``id``:
    adding the same identity again with the same content changes nothing, with other content
    it replaces the stored version (as ``factcheck ledger add`` does)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article as published: plain text, Markdown or HTML")
    format: TextFormat = "text"
    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="your identifier for the article (a CMS id or slug), used as its identity "
        "when it has no url",
    )
    url: str | None = Field(
        default=None,
        max_length=2_000,
        pattern=_WEB_LINK,
        description="the article's public link: stored and shown in findings, never fetched",
    )
    headline: str | None = Field(
        default=None, min_length=1, max_length=500, description="default: the first line"
    )
    published_at: date | datetime | None = Field(
        default=None, description="default: the date Markdown front matter or HTML meta gives"
    )
    corrects: int | None = Field(
        default=None,
        ge=1,
        le=INTEGER_MAX,
        description="the ledger id of the article this one corrects",
    )

    @field_validator("published_at", mode="wrap")
    @classmethod
    def _when(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> date | datetime | None:
        return _published(value, handler)

    @field_validator("text", "id", "headline")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        return None if value is None else _no_lone_surrogates(value)

    @model_validator(mode="after")
    def _has_identity(self) -> LedgerArticleIn:
        if self.url is None and self.id is None:
            raise ValueError(
                "give url or id: the article's identity, so that adding it again updates it "
                "instead of storing it twice"
            )
        return self

    @property
    def identity(self) -> str:
        identity = self.url or self.id
        assert identity is not None  # the validator above
        return identity


class LedgerArticleOut(BaseModel):
    id: int = Field(description="the ledger's id: what DELETE /v1/ledger/articles/{id} takes")
    identity: str
    url: str | None
    path: str | None = Field(description="the file it was added from by the CLI, if any")
    headline: str
    published_at: date | None
    version: int
    words: int
    corrects: int | None
    claims: int


class LedgerArticlesResponse(BaseModel):
    apiVersion: str = API_VERSION
    articles: list[LedgerArticleOut]
    total: int = Field(description="articles in the ledger")
    offset: int
    limit: int
    next_offset: int | None = Field(description="the offset of the next page; null on the last")


class LedgerAdded(BaseModel):
    id: int
    identity: str
    version: int
    claims: int


class LedgerAddResponse(BaseModel):
    apiVersion: str = API_VERSION
    outcome: Literal["added", "updated", "unchanged"]
    article: LedgerAdded
    superseded: int = Field(description="claims of the corrected article this one supersedes")


class LedgerRemoveResponse(BaseModel):
    apiVersion: str = API_VERSION
    removed: int
