"""A running server picks up a changed corpus and swaps indexes with no failed or half-built answer."""

from __future__ import annotations

import json
import threading
import time

import httpx
from webtools import copy_index, start_server

QUESTIONS = ["What made Bollate succeed?", "How many focus groups were held?", "What is Village Sports?"]
NEW_DOCUMENT = "# Guild notes\n\nThe lighthouse keepers' guild of Ardnamurchan counts forty-two members.\n"


def _passage_ids(build) -> set[str]:
    return {json.loads(line)["id"] for line in (build / "passages.jsonl").read_text().splitlines()}


def test_answers_keep_coming_while_a_changed_corpus_is_reindexed(report_settings, tmp_path):
    corpus, index = copy_index(report_settings, tmp_path)
    server = start_server(corpus, index)
    old_ids = _passage_ids(index / (index / "CURRENT").read_text().strip())
    results: list[tuple[int, set[str]]] = []
    errors: list[str] = []
    stop = threading.Event()

    def client(number: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            turn = 0
            while not stop.is_set():
                question = QUESTIONS[(number + turn) % len(QUESTIONS)]
                turn += 1
                try:
                    response = http.post("/api/ask", json={"question": question})
                    ids = {p["id"] for p in response.json().get("passages", [])}
                    results.append((response.status_code, ids))
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(repr(exc))

    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        (corpus / "guild-notes.md").write_text(NEW_DOCUMENT, encoding="utf-8")
        deadline, found = time.monotonic() + 240, False
        with httpx.Client(base_url=server.url, timeout=30) as http:
            while time.monotonic() < deadline and not found:
                time.sleep(1)
                answer = http.post("/api/ask", json={"question": "How many members has the lighthouse keepers' guild?"})
                found = answer.json()["passages"][0]["source"] == "guild-notes.md"
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop.set()
        server.stop()
    assert found, "the new corpus file was never indexed:\n" + server.output()
    new_ids = _passage_ids(index / (index / "CURRENT").read_text().strip())
    assert errors == [] and results
    assert all(status == 200 for status, _ in results)
    # Every answer came whole from one index, the old or the new.
    assert all(ids and (ids <= old_ids or ids <= new_ids) for _, ids in results)
