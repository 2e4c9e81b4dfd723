"""LanguageTool's ``POST /v2/check``, answered by factcheck.

Existing LanguageTool clients (editor add-ons, CMS plugins) send a form with ``text`` or
``data`` (annotated text: plain-text pieces and markup) and read back ``matches``. Each
factcheck finding becomes one match on its primary passage, with ``rule.issueType``
``inconsistency``; the other passages of the finding travel in a ``factcheck`` key that
LanguageTool clients ignore. Offsets and lengths count UTF-16 code units, as LanguageTool (a
Java program) and JavaScript clients do; the /v1 endpoints count codepoints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from factcheck.engine.registry import Registry
from factcheck.model import CheckConfig, Finding, Report
from factcheck.report.common import rule_doc_uri
from factcheck.version import VERSION

from .payloads import rule_errors
from .schemas import LTCheckForm

ISSUE_TYPE = "inconsistency"
MAX_FORM_FIELDS = 50

# Rule code family → LanguageTool category (id, name).
CATEGORIES: dict[str, tuple[str, str]] = {
    "FC0": ("INTERNAL", "Internal errors"),
    "FC1": ("FIGURES", "Figures"),
    "FC2": ("DATES", "Dates and times"),
    "FC3": ("NAMES", "Names and titles"),
    "FC4": ("QUOTES", "Quotes and attribution"),
    "FC5": ("POLARITY", "Polarity"),
}
_FAMILY_OF_CATEGORY = {cat_id: family for family, (cat_id, _) in CATEGORIES.items()}
_LANGUAGE = re.compile(r"^en(-[a-z0-9]{2,8})*$", re.IGNORECASE)
_CONTEXT_RADIUS = 40


class FormProblem(ValueError):
    """A form that cannot be checked; ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# -- reading the request ----------------------------------------------------------------------


def parse_form(body: bytes, content_type: str | None, query: str) -> dict[str, str]:
    """The request's fields: URL-encoded or multipart body, over the query string's fields."""
    fields = dict(parse_qsl(query, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS))
    kind = (content_type or "").split(";")[0].strip().lower()
    try:
        if kind == "multipart/form-data":
            fields.update(_parse_multipart(body, content_type or ""))
        elif body:
            text = body.decode("utf-8")
            fields.update(parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS))
    except UnicodeDecodeError as exc:
        raise FormProblem("body", "the form is not valid UTF-8") from exc
    except ValueError as exc:  # too many fields
        raise FormProblem("body", f"cannot read the form: {exc}") from exc
    return fields


def _parse_multipart(body: bytes, content_type: str) -> dict[str, str]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise FormProblem("body", "the multipart form has no parts (is the boundary right?)")
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            fields[name] = payload.decode("utf-8")
        if len(fields) > MAX_FORM_FIELDS:
            raise FormProblem("body", f"more than {MAX_FORM_FIELDS} form fields")
    return fields


@dataclass(frozen=True)
class CheckText:
    """The plain text to check, and where each of its characters came from in what the client
    sent (equal for ``text``; for ``data`` the markup is skipped or read as ``interpretAs``)."""

    plain: str
    original: str
    starts: list[int] | None = None  # plain index → original index where that char starts
    ends: list[int] | None = None  # plain index → original index just after that char

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        if start >= len(self.plain):
            return len(self.original), len(self.original)
        o_start = self.starts[start]
        o_end = self.ends[end - 1] if end > start else o_start
        return o_start, o_end


def text_from_data(data: str) -> CheckText:
    """Read LanguageTool's annotated ``data`` field."""
    try:
        parsed = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FormProblem("data", f"not valid JSON: {exc}") from exc
    items = parsed.get("annotation") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        raise FormProblem("data", 'must be JSON like {"annotation": [{"text": "…"}, …]}')
    plain: list[str] = []
    original: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise FormProblem(f"data.annotation.{i}", "must be an object")
        text, markup = item.get("text"), item.get("markup")
        interpret = item.get("interpretAs", "")
        if isinstance(text, str) and markup is None:
            plain.append(text)
            original.append(text)
            starts.extend(range(pos, pos + len(text)))
            ends.extend(range(pos + 1, pos + len(text) + 1))
            pos += len(text)
        elif isinstance(markup, str) and text is None and isinstance(interpret, str):
            plain.append(interpret)
            original.append(markup)
            starts.extend([pos] * len(interpret))
            ends.extend([pos + len(markup)] * len(interpret))
            pos += len(markup)
        else:
            raise FormProblem(
                f"data.annotation.{i}",
                'needs either "text" or "markup" (with an optional "interpretAs"), as strings',
            )
    result = CheckText("".join(plain), "".join(original), starts, ends)
    for value, field in ((result.plain, "data"), (result.original, "data")):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise FormProblem(field, "contains an unpaired surrogate") from exc
    return result


def read_request(fields: dict[str, str]) -> tuple[LTCheckForm, CheckText]:
    known = {k: v for k, v in fields.items() if k in LTCheckForm.model_fields}
    flag = known.pop("enabledOnly", "false").strip().lower()
    if flag not in {"true", "false", ""}:
        raise FormProblem("enabledOnly", "must be true or false")
    try:
        form = LTCheckForm.model_validate({**known, "enabledOnly": flag == "true"})
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise FormProblem("body", str(exc).splitlines()[0]) from exc
    if form.text is not None and form.data is not None:
        raise FormProblem("text", "send either text or data, not both")
    if form.text is not None:
        text = CheckText(form.text, form.text)
    elif form.data is not None:
        text = text_from_data(form.data)
    else:
        raise FormProblem("text", "missing: send the text to check as text (or data)")
    if form.language.lower() != "auto" and not _LANGUAGE.match(form.language):
        raise FormProblem(
            "language",
            f"{form.language!r} is not supported: factcheck reads English "
            "('en', 'en-US', 'en-GB', …) or 'auto'",
        )
    return form, text


def _names(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def config_for(form: LTCheckForm) -> CheckConfig:
    """LanguageTool semantics: every rule is on unless disabled; ``enabledOnly`` limits the
    check to the enabled rules and categories. Names factcheck does not know (a client's own
    LanguageTool rule ids) are ignored, as LanguageTool ignores unknown ids."""
    enabled = _names(form.enabledRules) + _categories(form.enabledCategories)
    disabled = _names(form.disabledRules) + _categories(form.disabledCategories)
    if form.enabledOnly and not enabled:
        raise FormProblem(
            "enabledRules", "enabledOnly=true needs enabledRules or enabledCategories"
        )
    if form.enabledOnly:
        # A pattern matching no rule selects nothing, which is what LanguageTool does too.
        return CheckConfig(select=enabled, ignore=disabled)
    return CheckConfig(ignore=disabled)


def _categories(value: str | None) -> list[str]:
    return [
        _FAMILY_OF_CATEGORY[c.upper()] for c in _names(value) if c.upper() in _FAMILY_OF_CATEGORY
    ]


# -- writing the answer -----------------------------------------------------------------------


def _utf16(text: str) -> Callable[[int], int]:
    """Codepoint index → UTF-16 index in ``text``."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    prefix = [0]
    for c in text:
        prefix.append(prefix[-1] + (2 if ord(c) >= 0x10000 else 1))
    return lambda i: prefix[min(max(i, 0), len(text))]


def _language(code: str) -> dict[str, Any]:
    if code.lower() in {"auto", "en"}:
        code = "en-US" if code.lower() == "auto" else "en"
    parts = code.split("-")
    name = "English" if len(parts) == 1 else f"English ({parts[1].upper()})"
    return {
        "name": name,
        "code": code,
        "detectedLanguage": {"name": name, "code": code, "confidence": 1.0},
    }


def _sentence(report: Report, finding: Finding) -> str | None:
    primary = finding.spans[0]
    for claim in report.claims:
        sentence = claim.sentence
        if sentence.document_id == primary.document_id and (
            sentence.start <= primary.start < sentence.end
        ):
            return sentence.text
    return None


def _rule(finding: Finding, registry: Registry, category: dict[str, str]) -> dict[str, Any]:
    """The match's ``rule``. ``urls`` is the rule's section of docs/rules.md, the page SARIF's
    ``helpUri`` and the editors' code links open; clients offer it as "more information".
    A rule the registry does not know (FC000) has no such page, so no ``urls``."""
    bound = registry.get(finding.rule)
    rule: dict[str, Any] = {
        "id": finding.rule,
        "description": bound.spec.summary if bound else finding.name,
        "issueType": ISSUE_TYPE,
        "category": category,
    }
    if bound is not None:
        rule["urls"] = [{"value": rule_doc_uri(bound.spec.code)}]
    return rule


def match_of(
    finding: Finding, report: Report, text: CheckText, registry: Registry
) -> dict[str, Any]:
    plain16 = _utf16(text.plain)
    orig16 = _utf16(text.original)

    def place(start: int, end: int) -> tuple[int, int]:
        o_start, o_end = text.to_original(start, end)
        return orig16(o_start), orig16(o_end) - orig16(o_start)

    primary = finding.spans[0]
    offset, length = place(primary.start, primary.end)
    lo = max(0, primary.start - _CONTEXT_RADIUS)
    hi = min(len(text.plain), primary.end + _CONTEXT_RADIUS)
    context_text = text.plain[lo:hi].replace("\n", " ")
    category_id, category_name = CATEGORIES.get(finding.rule[:3], ("OTHER", "Other"))
    related = []
    for span in finding.spans[1:]:
        r_offset, r_length = place(span.start, span.end)
        related.append({"offset": r_offset, "length": r_length, "text": span.text})
    return {
        "message": finding.message,
        "shortMessage": f"Inconsistent {category_name.lower()}",
        "replacements": [],
        "offset": offset,
        "length": length,
        "context": {
            "text": context_text,
            "offset": plain16(primary.start) - plain16(lo),
            "length": plain16(primary.end) - plain16(primary.start),
        },
        "sentence": _sentence(report, finding) or context_text,
        "type": {"typeName": "Other"},
        "rule": _rule(finding, registry, {"id": category_id, "name": category_name}),
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "factcheck": {
            "name": finding.name,
            "severity": finding.severity,
            "fingerprint": finding.fingerprint,
            "related": related,
        },
    }


def response(
    report: Report, text: CheckText, form: LTCheckForm, registry: Registry
) -> dict[str, Any]:
    """LanguageTool's answer. ``incompleteResults`` is true only when a rule failed (FC000):
    the matches are then every finding the other rules made. A check that ran out of time
    gets no answer of this shape at all (503 ``check_timeout``), as in LanguageTool."""
    matches = [match_of(f, report, text, registry) for f in report.findings if f.spans]
    incomplete = rule_errors(report)
    return {
        "software": {
            "name": "factcheck",
            "version": VERSION,
            "buildDate": "",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": incomplete},
        "language": _language(form.language),
        "matches": matches,
    }
