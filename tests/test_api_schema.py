"""Property tests against the API's own OpenAPI schema: whatever a client sends, the server
answers with a documented shape and never with a 500.

Request bodies are drawn from the request schemas (valid ones, and ones where any part may be
replaced by arbitrary JSON); answers with status 200 are validated against the declared
response schema, and every error against the error schema. The real engine runs throughout.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from factcheck.api import Settings, create_app

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Words the engine reacts to, so that drawn texts reach its extraction and rules, not only
# its tokeniser.
VOCABULARY = [
    "at least", "nearly", "about", "more than", "fewer than", "up to", "between 20 and 30",
    "32", "30", "300,000", "1.5 million", "$2.3bn", "64%", "two", "a dozen", "dozens", "half",
    "people", "civilians", "children", "were killed", "died", "injured", "arrested", "strikes",
    "since early September", "so far", "last year", "on Wednesday", "Oct. 22", "the eighth",
    "strike", "said", "officials said", "according to police", "COVID-19", "9/11", "No. 2",
    "“", "”", "\"", ".", ",", "\n", "\n\n", "🚀", "é", "", "  ",
]  # fmt: skip


def prose() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join)
    return st.one_of(words, st.text(max_size=200))


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )


class SchemaStrategies:
    """Hypothesis strategies for the subset of JSON Schema that pydantic writes."""

    def __init__(self, openapi: dict[str, Any], hints: dict[str, st.SearchStrategy[Any]]):
        self.components = openapi["components"]["schemas"]
        self.hints = hints

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def build(self, schema: dict[str, Any], loose: bool) -> st.SearchStrategy[Any]:
        strict = self._build(self.resolve(schema), loose)
        return st.one_of(strict, json_values()) if loose else strict

    def _build(self, schema: dict[str, Any], loose: bool) -> st.SearchStrategy[Any]:
        if "anyOf" in schema or "oneOf" in schema:
            return st.one_of(
                [self.build(s, loose) for s in schema.get("anyOf", schema.get("oneOf"))]
            )
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "object":
            properties = schema.get("properties", {})
            required = set(schema.get("required", []))

            def prop(name: str) -> st.SearchStrategy[Any]:
                if name in self.hints:
                    return self.hints[name]
                return self.build(properties[name], loose)

            return st.fixed_dictionaries(
                {name: prop(name) for name in properties if name in required},
                optional={name: prop(name) for name in properties if name not in required},
            )
        if kind == "array":
            items = self.build(schema.get("items", {}), loose)
            low = schema.get("minItems", 0)
            return st.lists(items, min_size=low, max_size=min(schema.get("maxItems", 3), low + 3))
        if kind == "string":
            if schema.get("format") == "date":
                return st.dates().map(lambda d: d.isoformat())
            if schema.get("format") == "date-time":
                return st.datetimes().map(lambda d: d.isoformat())
            low, high = schema.get("minLength", 0), schema.get("maxLength", 60)
            return st.text(min_size=low, max_size=high)
        simple: dict[str, st.SearchStrategy[Any]] = {
            "boolean": st.booleans(),
            "integer": st.integers(),
            "number": st.floats(allow_nan=False, allow_infinity=False),
            "null": st.none(),
        }
        return simple.get(kind or "", json_values())


class Api:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://factcheck.test"
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()
        self.app.state.service.close()


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    client = Api(create_app(Settings(max_body_bytes=200_000)))
    yield client
    client.close()


@pytest.fixture(scope="module")
def openapi(api: Api) -> dict[str, Any]:
    spec: dict[str, Any] = api.request("GET", "/openapi.json").json()
    return spec


@pytest.fixture(scope="module")
def rule_codes(api: Api) -> list[str]:
    rules = api.request("GET", "/v1/rules").json()["rules"]
    return [r["code"] for r in rules] + [r["name"] for r in rules] + ["FC1", "FC999", "nothing"]


def validator(openapi: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({"components": openapi["components"], **schema})


def check_answer(openapi: dict[str, Any], path: str, method: str, response: httpx.Response) -> None:
    """No 500; JSON every time; the documented shape for 200 and for errors."""
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 200:
        operation = openapi["paths"][path][method]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        validator(openapi, schema).validate(body)
    else:
        validator(openapi, {"$ref": "#/components/schemas/ErrorResponse"}).validate(body)


@pytest.mark.parametrize("path", ["/v1/check", "/v1/claims", "/v1/graph"])
def test_v1_answers_every_body_the_schema_allows_and_more(
    api: Api, openapi: dict[str, Any], rule_codes: list[str], path: str
) -> None:
    hints = {
        "text": prose(),
        "select": st.lists(st.sampled_from(rule_codes), max_size=3),
        "ignore": st.lists(st.sampled_from(rule_codes), max_size=3),
    }
    schemas = SchemaStrategies(openapi, hints)
    request_schema = openapi["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    bodies = st.one_of(
        schemas.build(request_schema["schema"], loose=False),
        schemas.build(request_schema["schema"], loose=True),
    )

    @FUZZ
    @given(body=bodies)
    def run(body: Any) -> None:
        check_answer(openapi, path, "post", api.request("POST", path, json=body))

    run()


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_v1_answers_bytes_that_are_not_json(api: Api, openapi: dict[str, Any], raw: bytes) -> None:
    headers = {"content-type": "application/json"}
    response = api.request("POST", "/v1/check", content=raw, headers=headers)
    check_answer(openapi, "/v1/check", "post", response)


def annotations() -> st.SearchStrategy[str]:
    piece = st.one_of(
        prose().map(lambda t: {"text": t}),
        st.sampled_from(["<b>", "</b>", "<p>", "<br/>"]).map(lambda m: {"markup": m}),
        st.tuples(st.sampled_from(["<p>", "<br/>"]), st.sampled_from(["\n", "\n\n", " "])).map(
            lambda p: {"markup": p[0], "interpretAs": p[1]}
        ),
        json_values(),
    )
    return st.lists(piece, max_size=8).map(lambda items: json.dumps({"annotation": items}))


@FUZZ
@given(data=st.data())
def test_v2_answers_every_form(api: Api, openapi: dict[str, Any], data: st.DataObject) -> None:
    form_schema = openapi["paths"]["/v2/check"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]["schema"]
    hints = {
        "text": prose(),
        "data": st.one_of(annotations(), st.text(max_size=40)),
        "language": st.sampled_from(["auto", "en", "en-US", "en-GB", "de-DE", "", "english"]),
        "enabledOnly": st.sampled_from(["true", "false", "yes"]),
        "enabledRules": st.sampled_from(["FC101", "FC101,FC102", "WHITESPACE_RULE", ""]),
    }
    fields = data.draw(SchemaStrategies(openapi, hints).build(form_schema, loose=False))
    form = {
        k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items() if v is not None
    }
    response = api.request("POST", "/v2/check", data=form)
    check_answer(openapi, "/v2/check", "post", response)


# A slash or a lone dot would make it another path ("/v1/rules/" or a redirect), not a code.
CODES = st.text(min_size=1, max_size=30).filter(lambda c: "/" not in c and c.strip("."))


@FUZZ
@given(code=st.one_of(CODES, st.sampled_from(["FC101", "FC1", "numeric.conflict", "x"])))
def test_rule_lookup_answers_any_code(api: Api, openapi: dict[str, Any], code: str) -> None:
    response = api.request("GET", "/v1/rules/" + quote(code, safe=""))
    assert response.status_code in {200, 404}, response.text
    if response.status_code == 200:
        check_answer(openapi, "/v1/rules/{code}", "get", response)
