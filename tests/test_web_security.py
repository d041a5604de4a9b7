"""A running `psp-qa serve` against the requests a red-team made (issue 14): each must be refused."""

from __future__ import annotations

import json

import httpx
import pytest
from webtools import copy_index, start_server

PASSWORD = ("trainer", "harbour lights")
SECRET = "The vault combination is written on the lighthouse keeper's calendar."


@pytest.fixture(scope="module")
def open_server(report_settings, tmp_path_factory):
    """A loopback server without a password, with its Gradio upload folder where the tests can see it."""
    root = tmp_path_factory.mktemp("open")
    corpus, index = copy_index(report_settings, root)
    uploads = root / "uploads"
    server = start_server(corpus, index, env={"GRADIO_TEMP_DIR": str(uploads)})
    server.uploads = uploads
    yield server
    server.stop()


@pytest.fixture(scope="module")
def signed_server(report_settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("signed")
    corpus, index = copy_index(report_settings, root)
    auth = root / "users.txt"
    auth.write_text(f"{PASSWORD[0]}:{PASSWORD[1]}\n")
    server = start_server(corpus, index, "--auth-file", str(auth), host="0.0.0.0", auth=PASSWORD)
    server.auth_file = auth
    yield server
    server.stop()


def call(client: httpx.Client, api_name: str, data: list) -> str:
    """A Gradio API call, as any client can make it: the event stream of its result."""
    response = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
    assert response.status_code == 200, response.text
    event = response.json()["event_id"]
    return client.get(f"/gradio_api/call/{api_name}/{event}", timeout=120).text


def file_data(path) -> dict:
    return {"path": str(path), "meta": {"_type": "gradio.FileData"}}


def corpus_names(server) -> set[str]:
    return {p.name for p in server.corpus.iterdir()}


def test_add_refuses_a_file_from_outside_the_uploads(open_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    before = corpus_names(open_server)
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        stream = call(client, "add", [file_data(secret), None])
        assert "Added" not in stream
        assert corpus_names(open_server) == before
        answer = client.post("/api/ask", json={"question": "Where is the vault combination written?"}).json()
        assert "lighthouse" not in json.dumps(answer)


def test_add_refuses_a_file_in_the_upload_folder_that_was_not_uploaded(open_server, tmp_path):
    """Gradio's own check lets these through (they are in its folder); the page's check does not."""
    planted = open_server.uploads / "0123abcd" / "planted.txt"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(SECRET)
    before = corpus_names(open_server)
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        stream = call(client, "add", [file_data(planted), None])
    assert "Added" not in stream and "not uploaded through this page" in stream
    assert corpus_names(open_server) == before
    assert "refused a file that was not uploaded through this page" in open_server.output()


def test_a_real_upload_is_still_added(open_server):
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        files = {"files": ("ferry-notes.txt", b"The night ferry to the island leaves at eleven from pier four.\n")}
        uploaded = client.post("/gradio_api/upload", files=files)
        assert uploaded.status_code == 200, uploaded.text
        stream = call(client, "add", [file_data(uploaded.json()[0]), None])
    assert "Added ferry-notes.txt" in stream
    assert "ferry-notes.txt" in corpus_names(open_server)


def test_add_refuses_the_auth_file_when_signed_in(signed_server):
    before = corpus_names(signed_server)
    with httpx.Client(base_url=signed_server.url, timeout=30, auth=PASSWORD) as client:
        stream = call(client, "add", [file_data(signed_server.auth_file), None])
    assert "Added" not in stream
    assert corpus_names(signed_server) == before
