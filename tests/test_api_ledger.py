"""The ledger over HTTP: /v1/ledger/articles, /v1/ledger/conflicts and ``"ledger": true`` on
/v1/check, in process through httpx's ASGI transport, on a SQLite ledger in tmp_path (one
round trip also on PostgreSQL, tests/conftest_ledger.py). The real engine runs throughout.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from factcheck.api import Settings, create_app
from factcheck.errors import ConfigError
from factcheck.ledger.check import archive_conflicts
from factcheck.ledger.commands import check_with_ledger
from factcheck.ledger.store import Ledger
from factcheck.model import CheckConfig, Document
from factcheck.pipeline import analyse
from tests.test_api import Api, assert_error

pytest_plugins = ["tests.conftest_ledger"]

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MONDAY = (
    "Storm Maren kills dozens\n\n"
    "Storm Maren has killed at least 32 people along the northern coast since Sunday, "
    "officials said."
)
TUESDAY = (
    "Storm Maren has killed nearly 30 people along the northern coast since Sunday, officials said."
)
UNRELATED = "Council approves budget\n\nThe council approved a budget of $4 million on Monday."


@pytest.fixture
def make_api() -> Iterator[Callable[..., Api]]:
    made: list[Api] = []

    def make(ledger: str | None, *, token: str | None = TOKEN, **settings: Any) -> Api:
        options: dict[str, Any] = {"check_processes": 0, **settings}
        api = Api(create_app(Settings(ledger=ledger, api_token=token, **options), analyse))
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


def article(text: str, **fields: Any) -> dict[str, Any]:
    return {"text": text, **fields}


def add(api: Api, text: str, **fields: Any) -> httpx.Response:
    return api.post("/v1/ledger/articles", json=article(text, **fields), headers=AUTH)


def checked(api: Api, text: str, **extra: Any) -> dict[str, Any]:
    body = {
        "documents": [{"id": "draft", "text": text, "published_at": "2025-10-21"}],
        "options": {"include_claims": False},
        **extra,
    }
    response = api.post("/v1/check", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def conforms(
    api: Api, path: str, method: str, response: httpx.Response, spec: dict[str, Any] | None = None
) -> None:
    """The answer has the shape /openapi.json documents for its status."""
    spec = spec or api.get("/openapi.json").json()
    answers = spec["paths"][path][method]["responses"]
    documented = answers.get(str(response.status_code), answers.get("default"))
    assert documented is not None, f"{response.status_code} is not documented for {path}"
    schema = documented["content"]["application/json"]["schema"]
    Draft202012Validator({"components": spec["components"], **schema}).validate(response.json())


def summary(findings: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["message"], f["fingerprint"]) for f in findings)


# -- adding, listing, removing --------------------------------------------------------------


def test_an_article_is_added_once_and_a_changed_one_becomes_a_new_version(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    url = "https://news.example/maren"
    first = add(api, MONDAY, url=url, published_at="2025-10-20")
    assert first.status_code == 201, first.text
    added = first.json()
    assert added["outcome"] == "added" and added["article"]["identity"] == url
    assert added["article"]["claims"] > 0
    conforms(api, "/v1/ledger/articles", "post", first)

    again = add(api, MONDAY, url=url, published_at="2025-10-20")
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert again.json()["article"]["id"] == added["article"]["id"]

    changed = add(api, MONDAY.replace("32", "35"), url=url, published_at="2025-10-20")
    assert changed.status_code == 200
    assert (changed.json()["outcome"], changed.json()["article"]["version"]) == ("updated", 2)
    conforms(api, "/v1/ledger/articles", "post", changed)

    listed = api.get("/v1/ledger/articles", headers=AUTH)
    conforms(api, "/v1/ledger/articles", "get", listed)
    listing = listed.json()
    assert listing["total"] == 1 and listing["next_offset"] is None
    (stored,) = listing["articles"]
    assert stored["identity"] == url and stored["url"] == url
    assert (stored["version"], stored["published_at"]) == (2, "2025-10-20")
    assert stored["headline"] == "Storm Maren kills dozens"


def test_markdown_articles_are_read_by_the_cli_loaders_and_may_name_their_headline(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    markdown = "---\npublished_at: 2025-10-20\n---\n# Storm Maren\n\n" + MONDAY.split("\n\n")[1]
    response = add(api, markdown, format="markdown", id="cms-4711", headline="Maren: the toll")
    assert response.status_code == 201, response.text
    (stored,) = api.get("/v1/ledger/articles", headers=AUTH).json()["articles"]
    assert stored["identity"] == "cms-4711" and stored["url"] is None
    assert stored["headline"] == "Maren: the toll"
    assert stored["published_at"] == "2025-10-20"  # from the front matter


def test_the_listing_comes_a_page_at_a_time(make_api: Callable[..., Api], tmp_path: Path) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    for n in range(3):
        assert add(api, UNRELATED.replace("4", str(n + 4)), id=f"budget-{n}").status_code == 201
    first = api.get("/v1/ledger/articles?limit=2", headers=AUTH).json()
    assert [a["identity"] for a in first["articles"]] == ["budget-0", "budget-1"]
    assert (first["total"], first["next_offset"]) == (3, 2)
    rest = api.get("/v1/ledger/articles?limit=2&offset=2", headers=AUTH).json()
    assert [a["identity"] for a in rest["articles"]] == ["budget-2"]
    assert rest["next_offset"] is None
    assert_error(api.get("/v1/ledger/articles?limit=0", headers=AUTH), 422, "limit")
    assert_error(api.get("/v1/ledger/articles?offset=-1", headers=AUTH), 422, "offset")
    # Past what a database integer holds: bad input, not a failed query.
    assert_error(api.get(f"/v1/ledger/articles?offset={2**63}", headers=AUTH), 422, "offset")


def test_an_article_is_removed_once(make_api: Callable[..., Api], ledger_url: str) -> None:
    api = make_api(ledger_url)
    article_id = add(api, MONDAY, id="maren").json()["article"]["id"]
    removed = api.request("DELETE", f"/v1/ledger/articles/{article_id}", headers=AUTH)
    assert removed.status_code == 200, removed.text
    assert removed.json()["removed"] == article_id
    conforms(api, "/v1/ledger/articles/{article_id}", "delete", removed)
    assert api.get("/v1/ledger/articles", headers=AUTH).json()["total"] == 0
    again = api.request("DELETE", f"/v1/ledger/articles/{article_id}", headers=AUTH)
    assert assert_error(again, 404)["code"] == "not_found"
    assert_error(api.request("DELETE", "/v1/ledger/articles/maren", headers=AUTH), 422)
    assert_error(api.request("DELETE", f"/v1/ledger/articles/{2**63}", headers=AUTH), 422)
    too_big = api.post(
        "/v1/ledger/articles", json={"text": MONDAY, "corrects": 2**63}, headers=AUTH
    )
    assert_error(too_big, 422, "corrects")


# -- checks against the ledger ----------------------------------------------------------------


def test_ledger_true_finds_what_check_ledger_finds(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    location = str(tmp_path / "ledger.db")
    api = make_api(location)
    add(api, MONDAY, url="https://news.example/maren", published_at="2025-10-20")

    data = checked(api, TUESDAY, ledger=True)
    falls = [f for f in data["findings"] if f["rule"] == "FC104"]
    assert falls, data["findings"]
    (origin,) = falls[0]["explanation"]["ledger"]
    assert origin["url"] == "https://news.example/maren"
    archived = [s for s in falls[0]["spans"] if s["document_id"] == "https://news.example/maren"]
    assert archived[0]["text"] == "at least 32"
    assert archived[0]["text"] in archived[0]["context"]["text"]

    # The CLI's function, called directly, decides the same.
    draft = Document(id="draft", text=TUESDAY, published_at=date(2025, 10, 21))
    report, _ = check_with_ledger(location, [draft], CheckConfig())
    assert summary(data["findings"]) == summary(
        [f.model_dump(mode="json") for f in report.findings]
    )
    # Without the flag the draft alone has nothing to clash with.
    assert checked(api, TUESDAY)["findings"] == []


def test_conflicts_between_published_articles_are_the_cli_s(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    location = str(tmp_path / "ledger.db")
    api = make_api(location)
    add(api, MONDAY, id="monday", published_at="2025-10-20")
    add(api, "Storm Maren update\n\n" + TUESDAY, id="tuesday", published_at="2025-10-21")

    response = api.get("/v1/ledger/conflicts", headers=AUTH)
    assert response.status_code == 200, response.text
    conforms(api, "/v1/ledger/conflicts", "get", response)
    findings = response.json()["findings"]
    assert any(f["rule"] == "FC104" for f in findings), findings
    with Ledger.open(location) as ledger:
        report, _ = archive_conflicts(ledger, CheckConfig())
    assert summary(findings) == summary([f.model_dump(mode="json") for f in report.findings])
    quiet = api.get("/v1/ledger/conflicts?min_severity=error", headers=AUTH).json()
    assert all(f["severity"] == "error" for f in quiet["findings"])
    assert_error(api.get("/v1/ledger/conflicts?min_severity=loud", headers=AUTH), 422)
    recent = api.get("/v1/ledger/conflicts?since=2025-10-21", headers=AUTH).json()
    assert summary(recent["findings"]) == summary(findings)  # Tuesday's story raises them all
    assert api.get("/v1/ledger/conflicts?since=2025-10-22", headers=AUTH).json()["findings"] == []
    assert_error(api.get("/v1/ledger/conflicts?since=Tuesday", headers=AUTH), 422)


def test_a_correction_supersedes_the_figure_it_replaces(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    ferry = "Ferry capsizes\n\nA ferry capsized off Vessa on Monday, killing 12 passengers."
    wrong = add(api, ferry, id="ferry", published_at="2025-10-20").json()["article"]["id"]
    fix = ferry.replace("Ferry", "Correction: ferry").replace("12 passengers", "9 passengers")
    corrected = add(api, fix, id="ferry-fix", published_at="2025-10-20", corrects=wrong)
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["superseded"] == 1
    # The correction and what it corrects no longer count as a conflict in the archive.
    assert api.get("/v1/ledger/conflicts", headers=AUTH).json()["findings"] == []
    missing = add(api, fix, id="other-fix", corrects=999)
    assert assert_error(missing, 422, "corrects")["code"] == "invalid_input"


# -- refusals -----------------------------------------------------------------------------------


def test_writes_need_the_token_and_without_one_the_ledger_is_read_only(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    location = str(tmp_path / "ledger.db")
    guarded = make_api(location)
    body = article(MONDAY, id="maren")
    assert_error(guarded.post("/v1/ledger/articles", json=body), 401)
    wrong = {"Authorization": "Bearer nope"}
    assert_error(guarded.post("/v1/ledger/articles", json=body, headers=wrong), 401)
    assert_error(guarded.get("/v1/ledger/articles"), 401)
    assert guarded.post("/v1/ledger/articles", json=body, headers=AUTH).status_code == 201

    open_server = make_api(location, token=None)
    refused = open_server.post("/v1/ledger/articles", json=body)
    error = assert_error(refused, 403)
    assert error["code"] == "read_only" and "FACTCHECK_TOKEN" in error["message"]
    assert assert_error(open_server.request("DELETE", "/v1/ledger/articles/1"), 403)
    assert open_server.get("/v1/ledger/articles").json()["total"] == 1  # reading stays open
    assert open_server.get("/v1/ledger/conflicts").status_code == 200


def test_a_server_without_a_ledger_says_so(make_api: Callable[..., Api]) -> None:
    api = make_api(None)
    for method, path in (
        ("GET", "/v1/ledger/articles"),
        ("GET", "/v1/ledger/conflicts"),
        ("DELETE", "/v1/ledger/articles/1"),
    ):
        error = assert_error(api.request(method, path, headers=AUTH), 404)
        assert error["code"] == "no_ledger" and "--ledger" in error["message"]
    error = assert_error(add(api, MONDAY, id="maren"), 404)
    assert error["code"] == "no_ledger"
    body = {"documents": [{"text": TUESDAY}], "ledger": True}
    error = assert_error(api.post("/v1/check", json=body, headers=AUTH), 422, "ledger")
    assert error["code"] == "no_ledger"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": MONDAY}, "body"),  # neither url nor id: no identity
        ({"text": MONDAY, "url": "javascript:alert(1)"}, "url"),
        ({"text": MONDAY, "id": "a", "corrects": 0}, "corrects"),
        ({"text": MONDAY, "id": "a", "published_at": "Monday"}, "published_at"),
        ({"text": MONDAY, "id": "a", "path": "/etc/passwd"}, "path"),
        ({"id": "a"}, "text"),
        ({"text": MONDAY, "id": "a", "format": "docx"}, "format"),
    ],
)
def test_bad_articles_get_422_naming_the_field(
    make_api: Callable[..., Api], tmp_path: Path, body: dict[str, Any], field: str
) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    assert_error(api.post("/v1/ledger/articles", json=body, headers=AUTH), 422, field)
    assert not (tmp_path / "ledger.db").exists()  # refused before the ledger was touched


def test_an_oversize_article_gets_413(make_api: Callable[..., Api], tmp_path: Path) -> None:
    api = make_api(str(tmp_path / "ledger.db"), max_body_bytes=2_000)
    error = assert_error(add(api, MONDAY * 20, id="long"), 413)
    assert error["code"] == "body_too_large"


def test_a_broken_ledger_gets_503_without_a_traceback_or_its_location(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    garbage = tmp_path / "secret-place" / "ledger.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"this is not a database" * 10)
    api = make_api(str(garbage))
    for response in (
        api.get("/v1/ledger/articles", headers=AUTH),
        add(api, MONDAY, id="maren"),
        api.post(
            "/v1/check", json={"documents": [{"text": TUESDAY}], "ledger": True}, headers=AUTH
        ),
    ):
        error = assert_error(response, 503)
        assert error["code"] == "ledger_unavailable"
        assert "not a SQLite database" in error["message"]
        assert "secret-place" not in response.text and "Traceback" not in response.text


def test_the_first_article_creates_the_ledger_and_reads_before_it_say_so(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    location = tmp_path / "new.db"
    api = make_api(str(location))
    error = assert_error(api.get("/v1/ledger/articles", headers=AUTH), 503)
    assert error["code"] == "ledger_unavailable" and "no ledger there" in error["message"]
    assert not location.exists()  # a read never leaves an empty ledger behind
    assert add(api, UNRELATED, id="budget").status_code == 201
    assert api.get("/v1/ledger/articles", headers=AUTH).json()["total"] == 1


# -- off the event loop -----------------------------------------------------------------------


def test_the_event_loop_answers_while_the_ledger_is_busy(
    make_api: Callable[..., Api], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = make_api(str(tmp_path / "ledger.db"))
    add(api, UNRELATED, id="budget")
    entered, release = threading.Event(), threading.Event()
    listing = Ledger.listing

    def slow_listing(
        self: Ledger, offset: int = 0, limit: int | None = None
    ) -> list[dict[str, Any]]:
        entered.set()
        release.wait(10)
        return listing(self, offset, limit)

    monkeypatch.setattr(Ledger, "listing", slow_listing)

    async def scenario() -> tuple[float, httpx.Response]:
        pending = asyncio.ensure_future(api.client.get("/v1/ledger/articles", headers=AUTH))
        deadline = time.monotonic() + 10
        while not entered.is_set():
            assert time.monotonic() < deadline, "the listing never started"
            await asyncio.sleep(0.005)
        began = time.monotonic()
        health = await api.client.get("/healthz")
        waited = time.monotonic() - began
        assert health.status_code == 200 and not pending.done()
        release.set()
        return waited, await pending

    waited, listed = api.loop.run_until_complete(scenario())
    assert waited < 1.0
    assert listed.json()["total"] == 1


def test_ledger_calls_run_in_the_check_processes(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    api = make_api(str(tmp_path / "ledger.db"), check_processes=1)
    assert add(api, MONDAY, id="maren", published_at="2025-10-20").status_code == 201
    assert api.get("/v1/ledger/articles", headers=AUTH).json()["total"] == 1
    assert any(f["rule"] == "FC104" for f in checked(api, TUESDAY, ledger=True)["findings"])


def test_settings_read_the_ledger_from_the_environment() -> None:
    assert Settings.from_env({"FACTCHECK_LEDGER": " ledger.db "}).ledger == "ledger.db"
    assert Settings.from_env({}).ledger is None
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"FACTCHECK_LEDGER": "mysql://u@h/db"})
    (problem,) = caught.value.problems
    assert problem.startswith("FACTCHECK_LEDGER") and "mysql" in problem


def test_serve_ledger_reaches_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from factcheck.cli import main

    monkeypatch.setenv("FACTCHECK_LEDGER", "")  # `serve --ledger` sets it; monkeypatch restores
    started: list[Settings] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(Settings.from_env()))
    assert main(["serve", "--port", "8099", "--ledger", "served.db"]) == 0
    assert [s.ledger for s in started] == ["served.db"]


def test_serve_token_makes_the_ledger_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from factcheck.cli import main

    monkeypatch.setenv("FACTCHECK_TOKEN", "")  # `serve --token` sets it; monkeypatch restores
    monkeypatch.setenv("FACTCHECK_API_TOKEN", "older")  # the option wins over the old name too
    started: list[Settings] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(Settings.from_env()))
    assert main(["serve", "--port", "8099", "--token", "s3cret"]) == 0
    assert [s.api_token for s in started] == ["s3cret"]


# -- whatever a client sends ----------------------------------------------------------------


def test_any_article_body_gets_a_documented_answer_never_a_500(
    make_api: Callable[..., Api], tmp_path: Path
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_api_schema import SchemaStrategies, prose

    api = make_api(str(tmp_path / "ledger.db"))
    openapi = api.get("/openapi.json").json()
    schema = openapi["paths"]["/v1/ledger/articles"]["post"]["requestBody"]["content"]
    hints = {"text": prose(), "url": st.sampled_from(["https://news.example/a", "ftp://x", ""])}
    strategies = SchemaStrategies(openapi, hints)
    bodies = st.one_of(
        strategies.build(schema["application/json"]["schema"], loose=False),
        strategies.build(schema["application/json"]["schema"], loose=True),
    )

    @settings(
        max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(body=bodies)
    def run(body: Any) -> None:
        response = api.post("/v1/ledger/articles", json=body, headers=AUTH)
        assert response.status_code < 500, response.text
        conforms(api, "/v1/ledger/articles", "post", response, openapi)

    run()
