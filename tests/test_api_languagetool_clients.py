"""LanguageTool clients against factcheck's /v2 endpoints, as they really talk to a server.

``language_tool_python`` (a real client, in remote-server mode: no Java) runs against a real
uvicorn server this module starts on a free loopback port. LTeX's requests are replayed as
LTeX builds them: a form-encoded body (sent with ``Content-Type: application/json``, as
ltex-ls does) whose ``data`` field holds the annotated text of a Markdown buffer. The page's
favicon is checked here too.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from factcheck.api import Settings, create_app
from factcheck.pipeline import analyse
from factcheck.report import render
from factcheck.report.common import RULES_DOC_URI
from tests.test_api import Api, assert_error, utf16_slice

REPO = Path(__file__).resolve().parent.parent
# The emoji is two UTF-16 units: LanguageTool clients count those, Python counts codepoints.
STORY = (
    "🚀 Strikes have killed at least 32 people since early September.\n"
    "The airstrikes have killed nearly 30 people so far."
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real server: uvicorn on a free port, one check process forked from it."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(check_processes=1))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=20) as client:
        yield client


def fc101(matches: list[dict[str, Any]]) -> dict[str, Any]:
    (match,) = [m for m in matches if m["rule"]["id"] == "FC101"]
    return match


# -- language_tool_python -----------------------------------------------------------------------


def test_language_tool_python_reads_the_findings(server: str) -> None:
    language_tool_python = pytest.importorskip("language_tool_python")
    tool = language_tool_python.LanguageTool("en-US", remote_server=server)
    try:
        (match,) = [m for m in tool.check(STORY) if m.rule_id == "FC101"]
        # The client turns LanguageTool's UTF-16 offset back into a Python index.
        assert STORY[match.offset : match.offset + match.error_length] == "at least 32"
        assert (match.category, match.rule_issue_type) == ("FIGURES", "inconsistency")
        assert "at least 32" in match.context and "nearly 30" in match.message

        tool.disabled_rules = {"FC101"}
        assert [m.rule_id for m in tool.check(STORY) if m.rule_id == "FC101"] == []

        tool.disabled_rules = set()
        tool.enabled_rules = {"FC201"}
        tool.enabled_rules_only = True
        assert tool.check(STORY) == []  # only the weekday rule ran, and it found nothing
    finally:
        tool.close()


# -- GET and POST, health -----------------------------------------------------------------------


def test_get_answers_exactly_what_post_answers(http: httpx.Client) -> None:
    annotation = {"annotation": [{"markup": "<p>"}, {"text": STORY}, {"markup": "</p>"}]}
    for fields in (
        {"text": STORY, "language": "en-US", "disabledRules": "FC102"},
        {"data": json.dumps(annotation), "language": "auto"},
    ):
        posted = http.post("/v2/check", data=fields)
        fetched = http.get("/v2/check?" + urlencode(fields))
        assert posted.status_code == fetched.status_code == 200, fetched.text
        assert fetched.json() == posted.json()
        assert fc101(fetched.json()["matches"])  # equal, and not because both are empty
    refused = http.get("/v2/check", params={"language": "en-US"})
    assert_error(refused, 422, "text")


def test_healthcheck_answers_ok_as_languagetool_does(http: httpx.Client) -> None:
    answer = http.get("/v2/healthcheck")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.text == "OK"


def test_healthcheck_needs_no_token_but_checks_do() -> None:
    api = Api(create_app(Settings(check_processes=0, api_token="t0ken")))
    try:
        assert api.get("/v2/healthcheck").text == "OK"
        assert_error(api.get("/v2/check", params={"text": "Two people died."}), 401)
        allowed = api.get("/v2/check", params={"text": "Two people died.", "apiKey": "t0ken"})
        assert allowed.status_code == 200, allowed.text
    finally:
        api.close()


def test_healthcheck_reports_a_full_queue() -> None:
    api = Api(create_app(Settings(check_processes=0, max_queue=0)))
    try:
        runner = api.app.state.service.runner
        runner.queue.idle.clear()  # every check thread busy, and no room to wait
        error = assert_error(api.get("/v2/healthcheck"), 503)
        assert error["code"] == "overloaded"
    finally:
        api.close()


# -- rule links ---------------------------------------------------------------------------------


def test_each_match_links_to_its_rule_s_documentation(http: httpx.Client) -> None:
    match = fc101(http.post("/v2/check", data={"text": STORY}).json()["matches"])
    (link,) = match["rule"]["urls"]
    assert link["value"] == f"{RULES_DOC_URI}#fc101"
    # The same page and anchor the SARIF report gives as the rule's helpUri …
    report = analyse([_document(STORY)]).report
    sarif = json.loads(render(report, "sarif", [_document(STORY)], color=False))
    help_uris = {r["id"]: r["helpUri"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert help_uris["FC101"] == link["value"]
    # … and the anchor is a section of docs/rules.md.
    assert "\n## FC101\n" in (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def _document(text: str) -> Any:
    from factcheck.model import Document

    return Document(id="story", text=text)


# -- LTeX, replayed -----------------------------------------------------------------------------

# A Markdown buffer as LTeX annotates it: markup kept in the offsets, paragraph breaks read as
# blank lines, inline code replaced by a dummy word. The emoji before the figures makes UTF-16
# offsets (what LTeX counts) differ from codepoint offsets.
LTEX_ANNOTATION = [
    {"markup": "# "},
    {"text": "Strike toll 🚀"},
    {"markup": "\n\n", "interpretAs": "\n\n"},
    {"text": "Strikes have killed "},
    {"markup": "**"},
    {"text": "at least 32"},
    {"markup": "**"},
    {"text": " people since early September, says "},
    {"markup": "`report.md`", "interpretAs": "Dummy0"},
    {"text": "."},
    {"markup": "\n\n", "interpretAs": "\n\n"},
    {"text": "The airstrikes have killed nearly 30 people so far."},
]
LTEX_BUFFER = "".join(part.get("text") or part["markup"] for part in LTEX_ANNOTATION)


def ltex_body(**fields: str) -> bytes:
    """The body ltex-ls posts: URL-encoded pairs, whatever its Content-Type header says."""
    base = {
        "language": "en-US",
        "data": json.dumps({"annotation": LTEX_ANNOTATION}, ensure_ascii=False),
        "enabledOnly": "false",
        "motherTongue": "de-DE",
        "disabledRules": "EN_QUOTES,WHITESPACE_RULE",
    }
    return urlencode({**base, **fields}).encode("utf-8")


LTEX_HEADERS = {"Content-Type": "application/json", "User-Agent": "ltex-ls"}


def test_ltex_offsets_point_into_the_buffer_with_its_markup(http: httpx.Client) -> None:
    answer = http.post("/v2/check", content=ltex_body(), headers=LTEX_HEADERS)
    assert answer.status_code == 200, answer.text
    match = fc101(answer.json()["matches"])
    # LTeX reads offset, length, message, sentence, rule.id and replacements[].value.
    assert utf16_slice(LTEX_BUFFER, match["offset"], match["length"]) == "at least 32"
    (related,) = match["factcheck"]["related"]
    assert utf16_slice(LTEX_BUFFER, related["offset"], related["length"]) == "nearly 30"
    assert isinstance(match["sentence"], str) and "at least 32" in match["sentence"]
    assert match["replacements"] == [] and isinstance(match["message"], str)


def test_ltex_disabled_rules_are_honoured(http: httpx.Client) -> None:
    quiet = http.post(
        "/v2/check", content=ltex_body(disabledRules="EN_QUOTES,FC101"), headers=LTEX_HEADERS
    )
    assert quiet.status_code == 200, quiet.text
    assert [m for m in quiet.json()["matches"] if m["rule"]["id"] == "FC101"] == []
    only_dates = ltex_body(enabledOnly="true", enabledRules="FC201", disabledRules="")
    answer = http.post("/v2/check", content=only_dates, headers=LTEX_HEADERS)
    assert answer.json()["matches"] == []


def test_ltex_plus_sends_its_api_key_and_picky_level() -> None:
    api = Api(create_app(Settings(check_processes=0, api_token="t0ken"), analyse))
    try:
        extra = {"level": "picky", "username": "desk@news.example"}
        answer = api.post(
            "/v2/check", content=ltex_body(apiKey="t0ken", **extra), headers=LTEX_HEADERS
        )
        assert answer.status_code == 200, answer.text
        assert fc101(answer.json()["matches"])["rule"]["urls"]
        wrong = api.post(
            "/v2/check", content=ltex_body(apiKey="guess", **extra), headers=LTEX_HEADERS
        )
        assert_error(wrong, 401)
    finally:
        api.close()


# -- the favicon --------------------------------------------------------------------------------


def test_the_favicon_is_served_and_linked_within_the_page_s_policy(http: httpx.Client) -> None:
    icon = http.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/svg+xml"
    assert ET.fromstring(icon.content).tag == "{http://www.w3.org/2000/svg}svg"
    assert "default-src 'none'" in icon.headers["content-security-policy"]
    page = http.get("/")
    assert '<link rel="icon" type="image/svg+xml" href="/favicon.ico">' in page.text
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";")
    )
    assert "'self'" in policy["img-src"].split()  # favicons load under img-src
