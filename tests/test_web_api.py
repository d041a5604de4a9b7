"""The HTTP API of a real `psp-qa serve`, and who may reach it."""

from __future__ import annotations

import httpx
import pytest
from webtools import copy_index, shared_server, start_server, stop_shared

from psp_qa.cli import main

BOLLATE_SUCCESS = "The success of Bollate was facilitated"


@pytest.fixture(scope="session")
def web_server(report_settings, tmp_path_factory):
    yield shared_server(report_settings, tmp_path_factory)
    stop_shared()


@pytest.fixture()
def api(web_server):
    with httpx.Client(base_url=web_server.url, timeout=30) as client:
        yield client


def test_ask_returns_the_answer_object(api):
    response = api.post("/api/ask", json={"question": "What made Bollate succeed?", "top_k": 3})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"question", "standalone_question", "in_scope", "answer", "notice", "quotes", "passages"}
    assert len(data["passages"]) == 3
    assert any("Bollate Prison" in p["section"] for p in data["passages"])
    for quote in data["quotes"]:
        cited = data["passages"][quote["citation"] - 1]
        assert quote["text"] in " ".join(cited["text"].split())


def test_follow_up_uses_the_history(api):
    first = api.post("/api/ask", json={"question": "What made Bollate succeed?"}).json()
    follow = api.post("/api/ask", json={"question": "What challenges did it face?", "history": [first]}).json()
    assert "Bollate" in follow["standalone_question"]
    by_string = api.post("/api/ask", json={"question": "What challenges did it face?",
                                           "history": ["What made Bollate succeed?"]}).json()  # fmt: skip
    assert by_string["standalone_question"] == follow["standalone_question"]


def test_health_describes_the_index(api, web_server):
    data = api.get("/api/health").json()
    assert data["status"] == "ok"
    assert data["passages"] > 50
    assert "strategic-psp-model-report.txt" in data["sources"]
    assert data["model"].endswith("all-MiniLM-L6-v2")
    assert data["built_at"][:2] == "20"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"question": ""}, 422, "empty"),
        ({"question": "   \n\t "}, 422, "empty"),
        ({"question": "x" * 2001}, 422, "limit is 2000"),
        ({}, 422, "missing"),
        ({"question": 42}, 422, "must be text"),
        ({"question": None}, 422, "must be text"),
        ({"question": "Bollate?", "top_k": 0}, 422, "top_k"),
        ({"question": "Bollate?", "top_k": 21}, 422, "top_k"),
        ({"question": "Bollate?", "top_k": "5"}, 422, "top_k"),
        ({"question": "Bollate?", "top_k": 2.5}, 422, "top_k"),
        ({"question": "Bollate?", "top_k": True}, 422, "top_k"),
        ({"question": "Bollate?", "history": "What made Bollate succeed?"}, 422, "history"),
        ({"question": "Bollate?", "history": [42]}, 422, "history"),
        ({"question": "Bollate?", "topk": 3}, 422, "unknown field"),
        (["What made Bollate succeed?"], 422, "JSON object"),
    ],
)
def test_invalid_requests_get_a_json_error(api, body, status, message):
    response = api.post("/api/ask", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize("raw", [b"{not json", b"", b'{"question": "a"', b"\xff\xfe"])
def test_bad_json_is_a_400(api, raw):
    response = api.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def test_oversized_bodies_are_refused_before_they_are_read(api):
    big = b'{"question": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = api.post("/api/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413

    def chunks():  # no Content-Length: the cap holds while streaming
        yield b'{"question": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = api.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_the_api_docs_page_is_off(api):
    """FastAPI's docs page loads its scripts from a CDN."""
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert "swagger" not in api.get(path).text.lower() and "redoc" not in api.get(path).text.lower()


def test_serving_beyond_loopback_without_a_password_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PSP_QA_USER", raising=False)
    monkeypatch.delenv("PSP_QA_PASSWORD", raising=False)
    code = main(["serve", "--host", "0.0.0.0", "--port", "1", "--corpus", str(tmp_path), "--index", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: serving on 0.0.0.0") and "--auth-file" in err and "PSP_QA_PASSWORD" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("content", "message"), [("no colon here\n", "line 1: expected user:password"),
                                                   ("# only a comment\n", "no user:password line")])  # fmt: skip
def test_a_bad_auth_file_is_named(tmp_path, capsys, content, message):
    auth = tmp_path / "users.txt"
    auth.write_text(content)
    assert main(["serve", "--host", "0.0.0.0", "--auth-file", str(auth), "--index", str(tmp_path)]) == 1
    assert message in capsys.readouterr().err


def test_on_a_network_address_page_and_api_need_the_password(report_settings, tmp_path):
    corpus, index = copy_index(report_settings, tmp_path)
    auth = tmp_path / "users.txt"
    auth.write_text("# trainers\ntrainer:harbour lights\n")
    server = start_server(corpus, index, "--auth-file", str(auth), host="0.0.0.0", auth=("trainer", "harbour lights"))
    try:
        assert "sign-in required" in server.output()
        with httpx.Client(base_url=server.url, timeout=30) as anonymous:
            for method, path in [("GET", "/"), ("GET", "/api/health"), ("POST", "/api/ask"), ("GET", "/config")]:
                response = anonymous.request(method, path, json={"question": "What made Bollate succeed?"})
                assert response.status_code == 401, path
                assert response.headers["www-authenticate"].startswith("Basic")
            wrong = anonymous.get("/api/health", auth=("trainer", "wrong"))
            assert wrong.status_code == 401
        with httpx.Client(base_url=server.url, timeout=30, auth=("trainer", "harbour lights")) as signed_in:
            assert signed_in.get("/").status_code == 200
            assert "<html" in signed_in.get("/").text.lower()
            assert signed_in.get("/api/health").status_code == 200
            answer = signed_in.post("/api/ask", json={"question": "What made Bollate succeed?"})
            assert answer.status_code == 200 and answer.json()["passages"]
    finally:
        server.stop()
