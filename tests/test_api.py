"""The HTTP API, in process through httpx's ASGI transport.

Most tests give the app a stand-in analyser that returns a hand-built report, so they pin the
API's own behaviour (limits, auth, shapes, offsets); the seed-article tests use the real engine.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from factcheck.api import Settings, create_app
from factcheck.errors import ConfigError
from factcheck.graph import ClaimGraph
from factcheck.model import CheckConfig, Document, DocumentInfo, Finding, Report, Span
from factcheck.pipeline import Analysis

REPO = Path(__file__).resolve().parent.parent
SEED_PATHS = (
    Path("/work/shared/seed/article.txt"),
    REPO.parent / "shared" / "seed" / "article.txt",
)


class Api:
    """A synchronous face on an httpx.AsyncClient talking to the app in process."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://factcheck.test")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()
        self.app.state.service.close()


class FakeAnalyser:
    """Stands in for the engine: records what it was asked and answers with fixed findings."""

    def __init__(self, findings: Callable[[Sequence[Document]], list[Finding]] | None = None):
        self.findings = findings or (lambda docs: [])
        self.calls: list[tuple[list[Document], CheckConfig]] = []

    def __call__(self, documents: Sequence[Document], config: CheckConfig) -> Analysis:
        self.calls.append((list(documents), config))
        report = Report(
            version="test",
            documents=[DocumentInfo(id=d.id, role=d.role) for d in documents],
            findings=self.findings(documents),
        )
        return Analysis(report=report, graph=ClaimGraph(documents, []))


def span_of(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    end = start + len(needle)
    line, column = doc.locate(start)
    return Span(document_id=doc.id, start=start, end=end, text=needle, line=line, column=column)


def conflict(first: str, second: str) -> Callable[[Sequence[Document]], list[Finding]]:
    """A finding pairing the first occurrences of two passages (in any of the documents)."""

    def findings(docs: Sequence[Document]) -> list[Finding]:
        spans = [span_of(next(d for d in docs if p in d.text), p) for p in (first, second)]
        return [
            Finding(
                rule="FC101",
                name="numeric.conflict",
                severity="error",
                message=f"{first!r} cannot be true if {second!r} is",
                spans=spans,
                explanation={"claims": ["a", "b"]},
                fingerprint="0123456789abcdef",
            )
        ]

    return findings


@pytest.fixture
def make_api() -> Iterator[Callable[..., Api]]:
    made: list[Api] = []

    def make(settings: Settings | None = None, analyser: Any = None) -> Api:
        # Checks on threads of this process, where the tests can watch the stand-in analyser
        # (tests/test_api_hostile.py drives the check processes).
        settings = dataclasses.replace(settings or Settings(), check_processes=0)
        api = Api(create_app(settings, analyser or FakeAnalyser()))
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


@pytest.fixture
def seed_text() -> str:
    for path in SEED_PATHS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("the seed article (shared/seed/article.txt) is not on this machine")


def one_doc(text: str, **extra: Any) -> dict[str, Any]:
    return {"documents": [{"id": "draft", "text": text, **extra}]}


def assert_error(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] and error["message"]
    if field is not None:
        assert field in [f["field"] for f in error["fields"]], error
        assert field in error["message"]
    return error


# -- /v1/check with a hand-built report ---------------------------------------------------------

DRAFT = "Officials said 🚀 at least 32 people died.\nLater: nearly 30 people died so far."


def test_check_returns_the_report_with_context_and_rule_info(make_api: Callable[..., Api]) -> None:
    api = make_api(analyser=FakeAnalyser(conflict("at least 32", "nearly 30")))
    data = api.post("/v1/check", json=one_doc(DRAFT)).json()

    assert data["apiVersion"] == "1"
    assert data["warnings"] == {"incompleteResults": False}
    (finding,) = data["findings"]
    assert finding["rule"] == "FC101" and finding["severity"] == "error"
    assert finding["rule_info"]["code"] == "FC101"
    first, second = finding["spans"]
    # Offsets count codepoints: the rocket before the figure is one, not two.
    assert DRAFT[first["start"] : first["end"]] == "at least 32"
    assert (second["line"], second["column"]) == (2, 8)
    for span in (first, second):
        ctx = span["context"]
        assert ctx["text"][ctx["offset"] : ctx["offset"] + ctx["length"]] == span["text"]
        assert "\n" not in ctx["text"]


def test_documents_get_default_ids_and_reach_the_core_as_sent(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser()
    api = make_api(analyser=analyser)
    body = {
        "documents": [
            {"text": "Draft text.", "published_at": "2025-10-22"},
            {"text": "Wire text.", "role": "source", "format": "markdown"},
        ],
        "options": {"ignore": [], "min_severity": "warning"},
    }
    assert api.post("/v1/check", json=body).status_code == 200
    (documents, config), *_ = analyser.calls
    assert [d.id for d in documents] == ["doc-1", "doc-2"]
    assert documents[1].role == "source" and documents[1].format == "markdown"
    assert str(documents[0].published_at) == "2025-10-22"
    assert documents[0].path is None
    assert config.min_severity == "warning" and config.rule_paths == []


def test_html_and_markdown_are_read_as_the_cli_reads_them(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser(conflict("at least 32", "nearly 30"))
    api = make_api(analyser=analyser)
    page = (
        "<html><body><h1>Strikes</h1>\n<p>Officials said <b>at least 32</b> people died.</p>\n"
        "<p>Later, nearly 30 died.</p></body></html>"
    )
    markdown = (
        "# Strikes\n\nOfficials said **at least 32** people died.\n\nLater, nearly 30 died.\n"
    )
    body = {
        "documents": [
            {"id": "page", "text": page, "format": "html"},
            {"id": "story", "text": markdown, "format": "markdown", "role": "source"},
        ]
    }
    data = api.post("/v1/check", json=body).json()
    documents, _ = analyser.calls[0]
    assert "<b>" not in documents[0].text and "**" not in documents[1].text
    # Markdown keeps its offsets (markup is blanked); HTML's lines and columns point into
    # the page as sent.
    assert len(documents[1].text) == len(markdown)
    first = data["findings"][0]["spans"][0]
    line = page.splitlines()[first["line"] - 1]
    assert line[first["column"] - 1 :].startswith("at least 32")


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("nitf", "storm.nitf"),
        ("xml", "storm.newsml"),
        ("rst", "storm.rst"),
        ("asciidoc", "storm.adoc"),
    ],
)
def test_newsroom_formats_are_read_as_the_cli_reads_them(
    make_api: Callable[..., Api], fmt: str, name: str
) -> None:
    sent = (Path(__file__).resolve().parent.parent / "fixtures" / "newsroom" / name).read_text()
    analyser = FakeAnalyser(conflict("at least 32", "nearly 30"))
    data = make_api(analyser=analyser).post("/v1/check", json=one_doc(sent, format=fmt)).json()
    documents, _ = analyser.calls[0]
    assert "<" not in documents[0].text and "at least 32" in documents[0].text
    first = data["findings"][0]["spans"][0]  # lines and columns point into the text as sent
    assert sent.splitlines()[first["line"] - 1][first["column"] - 1 :].startswith("at least 32")


def test_a_failed_rule_marks_the_results_incomplete(make_api: Callable[..., Api]) -> None:
    failed = Finding(
        rule="FC000", name="internal.rule-error", severity="error", message="boom", spans=[]
    )
    api = make_api(analyser=FakeAnalyser(lambda docs: [failed]))
    data = api.post("/v1/check", json=one_doc("Text.")).json()
    assert data["warnings"]["incompleteResults"] is True
    assert data["findings"][0]["spans"] == []
    assert data["findings"][0]["rule_info"]["name"] == "internal.rule-error"


def test_claims_can_be_left_out(make_api: Callable[..., Api]) -> None:
    api = make_api()
    body = {**one_doc("Text."), "options": {"include_claims": False}}
    assert api.post("/v1/check", json=body).json()["claims"] == []


def test_a_check_over_its_time_budget_gets_503_not_an_empty_200(
    make_api: Callable[..., Api],
) -> None:
    # On threads (check_processes=0) the overrun cannot be stopped, only abandoned: its thread
    # stays busy, so what follows waits in the queue and is refused as overloaded. Never a
    # 200 that claims nothing was found.
    release = threading.Event()

    def stuck(documents: Sequence[Document], config: CheckConfig) -> Analysis:
        release.wait(10)
        return FakeAnalyser()(documents, config)

    api = make_api(Settings(time_budget_ms=50), analyser=stuck)
    try:
        first = assert_error(api.post("/v1/check", json=one_doc("Five people died.")), 503)
        assert first["code"] == "check_timeout"
        for url in ("/v1/check", "/v1/claims", "/v1/graph"):
            response = api.post(url, json=one_doc("Five people died."))
            assert assert_error(response, 503)["code"] == "overloaded"
            assert int(response.headers["retry-after"]) >= 1
        lt = api.post("/v2/check", data={"text": "Five people died.", "language": "en"})
        assert assert_error(lt, 503)["code"] == "overloaded"
    finally:
        release.set()


# -- limits and validation ------------------------------------------------------------------


def test_an_oversize_body_gets_413(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser()
    api = make_api(Settings(max_body_bytes=1_000), analyser=analyser)
    error = assert_error(api.post("/v1/check", json=one_doc("x" * 2_000)), 413)
    assert error["code"] == "body_too_large"
    assert_error(api.post("/v2/check", data={"text": "x" * 2_000}), 413)
    assert analyser.calls == []


def test_an_oversize_body_without_content_length_gets_413(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(max_body_bytes=1_000))

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 200

    response = api.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert_error(response, 413)


def test_malformed_json_gets_422(make_api: Callable[..., Api]) -> None:
    api = make_api()
    response = api.post(
        "/v1/check", content=b'{"documents": [', headers={"content-type": "application/json"}
    )
    error = assert_error(response, 422, "body")
    assert "invalid JSON" in error["message"]
    assert_error(api.post("/v1/check", content=b"not json at all"), 422, "body")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "documents"),
        ({"documents": []}, "documents"),
        ({"documents": [{"id": "d"}]}, "documents.0.text"),
        ({"documents": [{"text": "x", "role": "editor"}]}, "documents.0.role"),
        (
            {"documents": [{"text": "x", "published_at": "yesterday-ish"}]},
            "documents.0.published_at",
        ),
        (
            {"documents": [{"text": "x"}], "options": {"min_severity": "loud"}},
            "options.min_severity",
        ),
        ({"documents": [{"text": "a", "id": "x"}, {"text": "b", "id": "x"}]}, "documents.1.id"),
        ({"documents": [{"text": "x"}], "options": {"select": ["FC999"]}}, "options.select.0"),
        ({"documents": [{"text": "<p></p>", "format": "html"}]}, "documents.0.text"),
    ],
)
def test_invalid_requests_get_422_naming_the_field(
    make_api: Callable[..., Api], body: dict[str, Any], field: str
) -> None:
    api = make_api()
    assert_error(api.post("/v1/check", json=body), 422, field)


def test_text_with_half_a_surrogate_pair_gets_422(make_api: Callable[..., Api]) -> None:
    body = b'{"documents": [{"text": "broken \\ud800 text"}]}'
    response = make_api().post(
        "/v1/check", content=body, headers={"content-type": "application/json"}
    )
    assert_error(response, 422, "documents.0.text")


def test_too_many_documents_get_422(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(max_documents=2))
    body = {"documents": [{"text": f"Doc {i}."} for i in range(3)]}
    assert_error(api.post("/v1/check", json=body), 422, "documents")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"documents": [{"text": "x", "path": "/etc/passwd"}]}, "documents.0.path"),
        ({"documents": [{"text": "x", "url": "http://127.0.0.1/"}]}, "documents.0.url"),
        ({"documents": [{"text": "x"}], "options": {"rule_paths": ["/tmp"]}}, "options.rule_paths"),
        ({"documents": [{"text": "x"}], "config": "/etc/factcheck.toml"}, "config"),
    ],
)
def test_nothing_in_a_request_names_a_file_or_url(
    make_api: Callable[..., Api], body: dict[str, Any], field: str
) -> None:
    analyser = FakeAnalyser()
    api = make_api(analyser=analyser)
    assert_error(api.post("/v1/check", json=body), 422, field)
    assert analyser.calls == []


def test_unknown_endpoints_and_methods_get_json_errors(make_api: Callable[..., Api]) -> None:
    api = make_api()
    assert_error(api.get("/v1/nothing-here"), 404)
    assert_error(api.get("/v1/check"), 405)
    assert_error(api.get("/static/../api/app.py"), 404)


# -- auth and CORS ----------------------------------------------------------------------------


def test_with_a_token_set_requests_without_it_get_401(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(api_token="s3cret"))
    body = one_doc("Five people died.")
    missing = api.post("/v1/check", json=body)
    assert_error(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert_error(api.post("/v1/check", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(api.get("/v1/rules", headers={"Authorization": "Basic s3cret"}), 401)
    ok = api.post("/v1/check", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    # The page, its assets and the health check stay open; the page asks for the token.
    for url in ("/", "/static/app.js", "/healthz"):
        assert api.get(url).status_code == 200


def test_languagetool_clients_may_send_the_token_as_api_key(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(api_token="s3cret"))
    form = {"text": "Five people died.", "language": "en-US"}
    assert_error(api.post("/v2/check", data=form), 401)
    assert_error(api.post("/v2/check", data={**form, "apiKey": "nope"}), 401)
    assert api.post("/v2/check", data={**form, "apiKey": "s3cret"}).status_code == 200
    bearer = {"Authorization": "Bearer s3cret"}
    assert api.post("/v2/check", data=form, headers=bearer).status_code == 200


def test_cors_allows_only_the_configured_origins(make_api: Callable[..., Api]) -> None:
    preflight = {
        "Origin": "https://cms.example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    api = make_api(Settings(cors_origins=("https://cms.example.org",), api_token="t"))
    answer = api.request("OPTIONS", "/v1/check", headers=preflight)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://cms.example.org"
    assert "authorization" in answer.headers["access-control-allow-headers"].lower()
    other = api.request(
        "OPTIONS", "/v1/check", headers={**preflight, "Origin": "https://evil.test"}
    )
    assert "access-control-allow-origin" not in other.headers
    # An error answer still carries the header, so a browser add-on can read the message.
    refused = api.post(
        "/v1/check", json=one_doc("x"), headers={"Origin": "https://cms.example.org"}
    )
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == "https://cms.example.org"

    closed = make_api()
    answer = closed.request("OPTIONS", "/v1/check", headers=preflight)
    assert "access-control-allow-origin" not in answer.headers


# -- LanguageTool compatibility -------------------------------------------------------------


def test_v2_check_answers_in_languagetool_shape(make_api: Callable[..., Api]) -> None:
    api = make_api(analyser=FakeAnalyser(conflict("at least 32", "nearly 30")))
    data = api.post("/v2/check", data={"text": DRAFT, "language": "en-US"}).json()

    assert data["software"]["name"] == "factcheck"
    assert data["language"]["code"] == "en-US"
    assert data["warnings"] == {"incompleteResults": False}
    (match,) = data["matches"]
    assert match["rule"]["id"] == "FC101"
    assert match["rule"]["issueType"] == "inconsistency"
    assert match["rule"]["category"]["id"] == "FIGURES"
    assert match["replacements"] == []
    # LanguageTool counts UTF-16 units: the rocket is two of them, as in JavaScript.
    assert utf16_slice(DRAFT, match["offset"], match["length"]) == "at least 32"
    ctx = match["context"]
    assert utf16_slice(ctx["text"], ctx["offset"], ctx["length"]) == "at least 32"
    (related,) = match["factcheck"]["related"]
    assert related["text"] == "nearly 30"
    assert utf16_slice(DRAFT, related["offset"], related["length"]) == "nearly 30"


def utf16_slice(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[offset * 2 : (offset + length) * 2].decode("utf-16-le")


def test_v2_check_reads_annotated_data_and_points_into_it(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser(conflict("at least 32", "nearly 30"))
    api = make_api(analyser=analyser)
    annotation = [
        {"markup": "<p>"},
        {"text": "Officials said "},
        {"markup": "<b>"},
        {"text": "at least 32"},
        {"markup": "</b>"},
        {"text": " people died."},
        {"markup": "<br/>", "interpretAs": "\n"},
        {"text": "Later, nearly 30 died."},
    ]
    original = "".join(item.get("text") or item.get("markup") or "" for item in annotation)
    data = api.post("/v2/check", data={"data": json.dumps({"annotation": annotation})}).json()

    documents, _ = analyser.calls[0]
    assert documents[0].text == "Officials said at least 32 people died.\nLater, nearly 30 died."
    (match,) = data["matches"]
    assert original[match["offset"] : match["offset"] + match["length"]] == "at least 32"
    related = match["factcheck"]["related"][0]
    assert original[related["offset"] : related["offset"] + related["length"]] == "nearly 30"


def test_v2_rule_fields_map_to_select_and_ignore(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser()
    api = make_api(analyser=analyser)
    text = {"text": "Five people died.", "language": "en"}
    api.post("/v2/check", data={**text, "disabledRules": "FC102, WHITESPACE_RULE"})
    api.post(
        "/v2/check",
        data={**text, "enabledRules": "FC101", "enabledCategories": "dates", "enabledOnly": "true"},
    )
    api.post("/v2/check", data={**text, "enabledRules": "FC101"})
    configs = [config for _, config in analyser.calls]
    assert configs[0].ignore == ["FC102", "WHITESPACE_RULE"] and configs[0].select == []
    assert configs[1].select == ["FC101", "FC2"]
    assert configs[2].select == []  # without enabledOnly every rule stays on, as in LanguageTool


def test_v2_accepts_multipart_forms(make_api: Callable[..., Api]) -> None:
    analyser = FakeAnalyser()
    api = make_api(analyser=analyser)
    response = api.post(
        "/v2/check", files={"text": (None, "Five people died."), "language": (None, "en")}
    )
    assert response.status_code == 200, response.text
    assert analyser.calls[0][0][0].text == "Five people died."


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"language": "en-US"}, "text"),
        ({"text": "Hallo", "language": "de-DE"}, "language"),
        ({"data": "{not json"}, "data"),
        ({"data": '{"annotation": [{"markup": 5}]}'}, "data.annotation.0"),
        ({"text": "x", "enabledOnly": "true"}, "enabledRules"),
        ({"text": "x", "enabledOnly": "maybe"}, "enabledOnly"),
    ],
)
def test_v2_bad_forms_get_422_naming_the_field(
    make_api: Callable[..., Api], form: dict[str, str], field: str
) -> None:
    assert_error(make_api().post("/v2/check", data=form), 422, field)


# -- rules, health, page ----------------------------------------------------------------------


def test_rules_are_listed_with_their_documentation(make_api: Callable[..., Api]) -> None:
    api = make_api()
    rules = api.get("/v1/rules").json()["rules"]
    for rule in rules:
        assert {"code", "name", "severity", "summary", "why", "example", "use_instead"} <= set(rule)
        one = api.get(f"/v1/rules/{rule['code']}").json()
        assert one["name"] == rule["name"]
        assert api.get(f"/v1/rules/{rule['name']}").json()["code"] == rule["code"]
    assert_error(api.get("/v1/rules/FC999"), 404)


def test_health_and_openapi(make_api: Callable[..., Api]) -> None:
    api = make_api()
    assert api.get("/healthz").json()["status"] == "ok"
    paths = api.get("/openapi.json").json()["paths"]
    for path in ("/v1/check", "/v1/claims", "/v1/graph", "/v1/rules", "/v2/check", "/healthz"):
        assert path in paths
    assert api.get("/docs").status_code == 200


def test_the_page_and_its_assets_are_served(make_api: Callable[..., Api]) -> None:
    api = make_api()
    page = api.get("/")
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/app.js"' in page.text
    assert api.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert api.get("/static/style.css").headers["content-type"].startswith("text/css")


# -- settings and serve -----------------------------------------------------------------------


def test_settings_come_from_the_environment() -> None:
    env = {
        "FACTCHECK_MAX_BODY_BYTES": "2_000",
        "FACTCHECK_MAX_DOCUMENTS": "3",
        "FACTCHECK_TIME_BUDGET_MS": "250",
        "FACTCHECK_TOKEN": "t",
        "FACTCHECK_CORS_ORIGINS": "https://a.example, https://b.example",
    }
    settings = Settings.from_env(env)
    assert (settings.max_body_bytes, settings.max_documents, settings.time_budget_ms) == (
        2000,
        3,
        250,
    )
    assert settings.api_token == "t"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert Settings.from_env({}) == Settings()


def test_the_token_is_also_read_under_its_older_name() -> None:
    assert Settings.from_env({"FACTCHECK_API_TOKEN": "old"}).api_token == "old"
    both = {"FACTCHECK_TOKEN": "new", "FACTCHECK_API_TOKEN": "new"}
    assert Settings.from_env(both).api_token == "new"
    with pytest.raises(ConfigError, match="FACTCHECK_TOKEN and FACTCHECK_API_TOKEN differ"):
        Settings.from_env({"FACTCHECK_TOKEN": "new", "FACTCHECK_API_TOKEN": "old"})


def test_bad_settings_are_reported_together() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"FACTCHECK_MAX_BODY_BYTES": "lots", "FACTCHECK_MAX_DOCUMENTS": "0"})
    assert len(caught.value.problems) == 2
    assert "FACTCHECK_MAX_BODY_BYTES" in caught.value.problems[0]


def test_serve_runs_the_app_factory_under_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from factcheck.api import serve

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    serve(host="127.0.0.1", port=8099, workers=1)
    ((target, options),) = calls
    assert target == "factcheck.api:create_app" and options["factory"] is True
    assert (options["host"], options["port"], options["workers"]) == ("127.0.0.1", 8099, 1)
    module, _, name = target.partition(":")
    assert callable(getattr(__import__(module, fromlist=[name]), name))


def test_serve_with_workers_hands_them_a_tcp_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import uvicorn.supervisors

    from factcheck.api import serve

    started: list[tuple[Any, list[socket.socket]]] = []

    class Supervisor:
        def __init__(self, config: Any, sockets: list[socket.socket], **_: Any) -> None:
            started.append((config, sockets))

        def run(self) -> None:
            pass

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    monkeypatch.delattr(socket, "SO_REUSEPORT", raising=False)  # the shared-socket fallback
    serve(host="127.0.0.1", port=0, workers=2)
    ((config, (listener,)),) = started
    try:
        assert (config.app, config.factory, config.workers) == ("factcheck.api:create_app", True, 2)
        # Marked TCP, so that asyncio turns Nagle off on accepted connections.
        assert listener.proto == socket.IPPROTO_TCP
    finally:
        listener.close()


def test_serve_with_workers_gives_each_its_own_reuseport_socket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing
    import socket
    import types

    from factcheck.api import server

    if not hasattr(socket, "SO_REUSEPORT"):
        pytest.skip("this system has no SO_REUSEPORT")
    started: list[dict[str, Any]] = []

    class Process:
        def __init__(self, target: Any, args: tuple[dict[str, Any]]) -> None:
            assert target is server._worker
            started.append(args[0])

        def start(self) -> None:
            pass

        def join(self) -> None:
            pass

    context = types.SimpleNamespace(Process=Process)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: context)
    server.serve(host="127.0.0.1", port=0, workers=3)
    assert len(started) == 3
    port = started[0]["port"]
    assert port != 0 and all(o["port"] == port and o["factory"] for o in started)
    # Several listeners on one port, each marked TCP (so asyncio turns Nagle off).
    first = server.reuseport_listener("127.0.0.1", port)
    second = server.reuseport_listener("127.0.0.1", port)
    try:
        assert first.proto == second.proto == socket.IPPROTO_TCP
        assert first.getsockname() == second.getsockname()
    finally:
        first.close()
        second.close()


# -- the seed article, through the real engine --------------------------------------------------


def _fc101(findings: list[dict[str, Any]]) -> dict[str, Any]:
    hits = [f for f in findings if f["rule"] == "FC101"]
    assert len(hits) == 1, [f["rule"] for f in findings]
    return hits[0]


def test_seed_article_gets_the_fc101_error_with_both_spans(
    make_api: Callable[..., Api], seed_text: str
) -> None:
    from factcheck.pipeline import analyse

    api = make_api(analyser=analyse)
    data = api.post("/v1/check", json=one_doc(seed_text, published_at="2025-10-22")).json()
    finding = _fc101(data["findings"])
    assert finding["severity"] == "error"
    assert finding["rule_info"]["name"] == "numeric.conflict"
    texts = [span["text"] for span in finding["spans"]]
    assert len(texts) == 2
    assert "at least 32" in texts[0] and "nearly 30" in texts[1]
    for span in finding["spans"]:
        assert seed_text[span["start"] : span["end"]] == span["text"]
        assert span["line"] >= 1 and span["column"] >= 1
        assert span["text"] in span["context"]["text"]


def test_seed_article_on_v2_gives_the_same_finding(
    make_api: Callable[..., Api], seed_text: str
) -> None:
    from factcheck.pipeline import analyse

    api = make_api(analyser=analyse)
    v1 = _fc101(api.post("/v1/check", json=one_doc(seed_text)).json()["findings"])
    lt = api.post("/v2/check", data={"text": seed_text, "language": "en-US"}).json()
    (match,) = [m for m in lt["matches"] if m["rule"]["id"] == "FC101"]
    primary, other = v1["spans"]
    # The seed article has no characters outside the BMP: UTF-16 units equal codepoints.
    assert (match["offset"], match["length"]) == (
        primary["start"],
        primary["end"] - primary["start"],
    )
    assert match["message"] == v1["message"]
    assert match["rule"]["issueType"] == "inconsistency"
    assert match["factcheck"]["related"][0]["text"] == other["text"]
    assert match["factcheck"]["fingerprint"] == v1["fingerprint"]


def test_seed_article_claims_and_graph(make_api: Callable[..., Api], seed_text: str) -> None:
    from factcheck.pipeline import analyse

    api = make_api(analyser=analyse)
    claims = api.post("/v1/claims", json=one_doc(seed_text)).json()["claims"]
    assert any(c["kind"] == "quantity" and c["value"] == 32 for c in claims)
    graph = api.post("/v1/graph", json=one_doc(seed_text)).json()["graph"]
    assert any(e.get("type") == "conflicts" and e.get("rule") == "FC101" for e in graph["edges"])


def test_select_and_ignore_reach_the_engine(make_api: Callable[..., Api], seed_text: str) -> None:
    from factcheck.pipeline import analyse

    api = make_api(analyser=analyse)
    body = {**one_doc(seed_text), "options": {"ignore": ["FC101"]}}
    response = api.post("/v1/check", json=body)
    assert response.status_code == 200, response.text
    assert all(f["rule"] != "FC101" for f in response.json()["findings"])
