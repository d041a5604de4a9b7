"""The HTTP API next to the page: POST /api/ask and GET /api/health.

Requests are parsed and checked here rather than by a schema library, so each
invalid request gets a 4xx with a one-line JSON error a person can act on.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from psp_qa.errors import QuestionError
from psp_qa.web.live import LiveEngine

ASK_FIELDS = {"question", "history", "top_k"}
MAX_HISTORY_TURNS = 100
MAX_API_BODY_BYTES = 1024 * 1024  # a question, and a history of earlier answers


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def parse_ask(body: bytes) -> tuple[str, list | None, int | None]:
    """(question, history, top_k) from a request body; ValueError for bad JSON, QuestionError for bad fields."""
    try:
        request = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"the request body is not valid JSON ({exc})") from exc
    except RecursionError as exc:  # `[[[[...` nested deeper than the parser goes
        raise ValueError("the request body is not valid JSON (nested too deeply)") from exc
    if not isinstance(request, dict):
        raise QuestionError('the request body must be a JSON object like {"question": "..."}')
    unknown = sorted(set(request) - ASK_FIELDS)
    if unknown:
        raise QuestionError(f"unknown field(s) {', '.join(unknown)}; use question, history and top_k")
    if "question" not in request:
        raise QuestionError("the question is missing")
    question = request["question"]
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    history = request.get("history")
    if history is not None and not isinstance(history, list):
        raise QuestionError("history must be a list of earlier questions or answer objects")
    if history and len(history) > MAX_HISTORY_TURNS:
        raise QuestionError(f"history has {len(history)} turns; the limit is {MAX_HISTORY_TURNS}")
    top_k = request.get("top_k")
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= 20):
        raise QuestionError("top_k must be a whole number from 1 to 20")
    return question, history, top_k


def api_router(live: LiveEngine) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.post("/ask")
    async def ask(request: Request) -> JSONResponse:
        try:
            question, history, top_k = parse_ask(await request.body())
        except ValueError as exc:
            return error(400, str(exc))
        except QuestionError as exc:
            return error(422, str(exc))
        engine = live.engine  # one engine for the whole request, even if an upload swaps it
        try:
            answer = await run_in_threadpool(engine.ask, question, history, top_k)
        except QuestionError as exc:
            return error(422, str(exc))
        return JSONResponse(answer.to_dict())

    @router.get("/health")
    def health() -> JSONResponse:
        index = live.engine.index
        corpus = index.manifest.get("corpus", {})
        return JSONResponse({
            "status": "ok",
            "passages": len(index.passages),
            "sources": sorted(name for name, entry in corpus.items() if not entry.get("error")),
            "skipped": [{"file": name, "reason": entry["error"]} for name, entry in corpus.items() if entry.get("error")],
            "model": index.model_name,
            "built_at": index.manifest.get("built_at"),
        })  # fmt: skip

    return router
