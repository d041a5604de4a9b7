"""A running `psp-qa serve` against the requests a red-team made (issue 14): each must be refused."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from webtools import copy_index, start_server

from psp_qa.cli import main
from psp_qa.indexing.store import current_build
from psp_qa.web.live import FeedbackLog

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


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", ""])
def test_a_request_for_another_host_is_refused(open_server, host):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 still sends its own Host."""
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        for method, path in [("GET", "/"), ("GET", "/api/health"), ("POST", "/api/ask"), ("GET", "/config")]:
            response = client.request(method, path, headers={"host": host}, json={"question": "Bollate?"})
            assert response.status_code == 403, (host, path)
            assert "host name" in response.json()["error"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_names_are_served(open_server, host):
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        response = client.get("/api/health", headers={"host": f"{host}:{open_server.port}"})
    assert response.status_code == 200


def test_a_post_from_another_site_is_refused(open_server):
    """A cross-origin page can send a no-cors POST (an upload, a question) even though it cannot read the answer."""
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        for origin in ["http://evil.example", "null", f"http://127.0.0.1:{open_server.port + 1}"]:
            headers = {"origin": origin}
            upload = client.post("/gradio_api/upload", headers=headers, files={"files": ("a.txt", b"x")})
            asked = client.post("/api/ask", headers=headers, json={"question": "What made Bollate succeed?"})
            assert upload.status_code == asked.status_code == 403, origin
        same = client.post("/api/ask", headers={"origin": open_server.url}, json={"question": "Bollate?"})
        assert same.status_code == 200
        fetched = client.post("/api/ask", headers={"sec-fetch-site": "cross-site"}, json={"question": "Bollate?"})
        assert fetched.status_code == 403


def test_a_big_post_to_a_gradio_route_is_refused_while_streaming(open_server):
    """The answer comes after 2 MB of a body that has no end: the server stopped reading at the cap."""
    with socket.create_connection(("127.0.0.1", open_server.port), timeout=20) as connection:
        connection.sendall(
            f"POST /gradio_api/queue/join HTTP/1.1\r\nHost: 127.0.0.1:{open_server.port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        for _ in range(32):  # 2 MB, and the last chunk never comes
            connection.sendall(chunk)
        assert connection.recv(100).startswith(b"HTTP/1.1 413")
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        declared = client.post("/gradio_api/queue/join", content=b"x" * (2 * 2**20))
        assert declared.status_code == 413
        assert client.get("/api/health").status_code == 200


def test_an_upload_carries_one_file_of_at_most_the_size_limit(open_server):
    with httpx.Client(base_url=open_server.url, timeout=60) as client:
        two = [("files", ("a.txt", b"first file\n")), ("files", ("b.txt", b"second file\n"))]
        response = client.post("/gradio_api/upload", files=two)
        assert response.status_code == 400 and "one file" in response.json()["error"]
        big = client.post("/gradio_api/upload", files={"files": ("big.txt", b"y" * (51 * 2**20))})
        assert big.status_code == 413
        one = client.post("/gradio_api/upload", files={"files": ("a.txt", b"one file\n")})
        assert one.status_code == 200 and len(one.json()) == 1


def test_deeply_nested_json_is_a_400(open_server):
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        for raw in [b"[" * 50000, b'{"question": ' + b"[" * 50000, b"{" * 20000]:
            response = client.post("/api/ask", content=raw, headers={"content-type": "application/json"})
            assert response.status_code == 400
            assert "not valid JSON" in response.json()["error"]


@pytest.mark.parametrize(
    "path", ["/gradio_api/openapi.json", "/openapi.json", "/docs", "/gradio_api/docs", "/gradio_api/info",
             "/gradio_api/info/?all_endpoints=true"]
)  # fmt: skip
def test_no_api_description_is_served(open_server, path):
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        response = client.get(path)
    assert response.status_code == 404
    assert "openapi" not in response.text


def test_wrong_passwords_slow_down_and_a_right_one_resets(signed_server):
    with httpx.Client(base_url=signed_server.url, timeout=30) as client:
        for _ in range(5):
            assert client.get("/api/health", auth=(PASSWORD[0], "guess")).status_code == 401
        blocked = client.get("/api/health", auth=PASSWORD)  # even the right one waits: no guess is checked
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
        time.sleep(float(blocked.headers["retry-after"]) + 0.2)
        assert client.get("/api/health", auth=(PASSWORD[0], "guess")).status_code == 401
        again = client.get("/api/health", auth=(PASSWORD[0], "guess"))
        assert again.status_code == 429 and int(again.headers["retry-after"]) >= 2  # the wait doubled
        time.sleep(float(again.headers["retry-after"]) + 0.2)
        assert client.get("/api/health", auth=PASSWORD).status_code == 200
        for _ in range(5):
            assert client.get("/api/health", auth=(PASSWORD[0], "guess")).status_code == 401
    assert "wrong passwords from 127.0.0.1" in signed_server.output()


def test_the_corpus_watcher_indexes_a_file_whose_name_is_not_utf8_and_a_later_file(open_server):
    """A file whose name is not UTF-8 once made the index build raise, and the watcher died with it."""
    bad = bytes(open_server.corpus) + b"/harbour-\xff.txt"
    with open(bad, "wb") as handle:
        handle.write(b"The harbour master rings the bell at six every morning.\n")
    try:
        with httpx.Client(base_url=open_server.url, timeout=30) as client:
            deadline = time.monotonic() + 90
            while "harbour-\\xff.txt" not in client.get("/api/health").json()["sources"]:
                assert time.monotonic() < deadline, open_server.output()
                time.sleep(1)
    finally:
        os.unlink(bad)
    (open_server.corpus / "tide-tables.txt").write_text("The spring tide reaches the harbour wall at dawn.\n")
    with httpx.Client(base_url=open_server.url, timeout=30) as client:
        deadline = time.monotonic() + 90
        while "tide-tables.txt" not in client.get("/api/health").json()["sources"]:
            assert time.monotonic() < deadline, open_server.output()
            time.sleep(1)
    assert "Exception in thread" not in open_server.output()


def test_one_vote_per_answer_and_a_capped_feedback_file(tmp_path):
    turn = {"question": "What made Bollate succeed?", "quotes": [{"citation": 1}],
            "passages": [{"id": "p1", "rank": 1}, {"id": "p2", "rank": 2}]}  # fmt: skip
    feedback = FeedbackLog(tmp_path / "feedback.jsonl", max_bytes=4000)
    for vote in ["up", "down"] * 250:
        feedback.record(turn, vote, place="session-a:1")
    feedback.record({**turn, "vote": "down"}, "up", place="session-a:1")  # the page marks a voted turn
    feedback.record(turn, "down", place="session-b:1")  # the same answer in another conversation
    lines = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert [line["vote"] for line in lines] == ["up", "down"]
    for number in range(100):
        feedback.record(turn, "up", place=f"session-c:{number}")
    assert (tmp_path / "feedback.jsonl").stat().st_size <= 4000


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate made the way the README shows."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")], check=True,
                   capture_output=True)  # fmt: skip
    return folder / "cert.pem", folder / "key.pem"


def test_https_with_a_certificate_and_a_warning_without_one(report_settings, tmp_path, certificate, signed_server):
    assert "passwords cross the network in clear" in signed_server.output()
    corpus, index = copy_index(report_settings, tmp_path)
    auth = tmp_path / "users.txt"
    auth.write_text(f"{PASSWORD[0]}:{PASSWORD[1]}\n")
    cert, key = certificate
    server = start_server(corpus, index, "--auth-file", str(auth), "--certfile", str(cert), "--keyfile", str(key),
                          host="0.0.0.0", auth=PASSWORD, scheme="https")  # fmt: skip
    try:
        assert "serving at https://0.0.0.0" in server.output()
        assert "in clear" not in server.output()
        with httpx.Client(
            base_url=server.url, timeout=30, auth=PASSWORD, verify=ssl.create_default_context(cafile=cert)
        ) as client:
            assert client.get("/api/health", headers={"host": "localhost"}).status_code == 200
            uploaded = client.post("/gradio_api/upload", files={"files": ("notes.txt", b"Harbour notes.\n")})
        with pytest.raises(httpx.TransportError):
            httpx.get(server.url.replace("https", "http") + "/api/health", auth=PASSWORD, timeout=5)
    finally:
        server.stop()
    cache = Path(uploaded.json()[0]).parent.parent
    assert cache.name.startswith("psp-qa-gradio-"), cache  # the server's own cache, not the shared /tmp/gradio
    assert not cache.exists()  # removed when the server stopped


def test_a_bad_certificate_is_named(tmp_path, capsys, certificate):
    cert, _ = certificate
    code = main(["serve", "--certfile", str(cert), "--keyfile", str(cert), "--index", str(tmp_path)])
    assert code == 1
    assert "cannot use the certificate" in capsys.readouterr().err


def test_a_damaged_index_is_rebuilt_and_said_so(tmp_path, capsys, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text("The night ferry leaves the harbour at eleven. It reaches the island at dawn.\n")
    arguments = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert main(["index", *arguments]) == 0
    with open(current_build(tmp_path / "index") / "passages.faiss", "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00damaged\x00")
    capsys.readouterr()
    assert main(["index", *arguments]) == 0
    err = capsys.readouterr().err
    assert "warning: the index was damaged and is being rebuilt: index file passages.faiss" in err
    assert "checksum mismatch" in err
    with open(current_build(tmp_path / "index") / "sections.json", "a") as handle:
        handle.write(" ")
    server = start_server(corpus, tmp_path / "index")
    try:
        output = server.output()
        assert "the index was damaged and is being rebuilt: index file sections.json" in output
    finally:
        server.stop()
