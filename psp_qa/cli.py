"""The command line: the only module that prints or sets exit codes.

psp-qa index | ask QUESTION | chat | eval GOLD.jsonl | info | serve
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from psp_qa.config import load_settings
from psp_qa.errors import PspQaError

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _quiet_libraries(args.debug)
    try:
        settings = load_settings(
            args.config, corpus_dir=args.corpus, index_dir=args.index, model=args.model,
            top_k=getattr(args, "top_k", None),
        )  # fmt: skip
        return args.handler(args, settings)
    except PspQaError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not a user error: still one line unless --debug
        if args.debug:
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)", file=sys.stderr)
        return EXIT_ERROR


def _quiet_libraries(debug: bool) -> None:
    """Keep library warnings and log lines (pypdf, torch, transformers) off stderr unless --debug.

    What a user needs reaches them through the command itself: `index` reports
    skipped files and warnings, and `--json` output stays one clean object.
    """
    import logging
    import warnings

    level = logging.WARNING if debug else logging.ERROR
    handler = logging.StreamHandler()
    handler.setLevel(level)  # some libraries (bm25s) set their own loggers to DEBUG
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    repairs = logging.StreamHandler()  # an index found damaged and rebuilt is news to the user
    repairs.setFormatter(logging.Formatter("warning: %(message)s"))
    indexing = logging.getLogger("psp_qa.indexing")
    indexing.handlers[:] = [repairs]  # (main may run more than once in a process)
    indexing.setLevel(logging.WARNING)
    indexing.propagate = False
    if not debug:
        warnings.simplefilter("ignore")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar="DIR", help="folder of .pdf, .txt and .md files (default: corpus/)")
    common.add_argument("--index", metavar="DIR", help="index folder (default: index/)")
    common.add_argument(
        "--model", metavar="NAME_OR_PATH", help="sentence-transformers model (default: bundled all-MiniLM-L6-v2)"
    )
    common.add_argument(
        "--config", type=Path, metavar="FILE", help="TOML settings file (default: ./psp-qa.toml if present)"
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks")

    parser = argparse.ArgumentParser(
        prog="psp-qa", description="Cited answers from the Strategic PSP model report, offline."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", parents=[common], help="build or refresh the index")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch, re-embedding everything")
    index.add_argument("--json", action="store_true", help="print a JSON summary, no progress bar")
    index.set_defaults(handler=_index)

    ask = commands.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--top-k", type=int, metavar="N", help="number of passages (1-20, default 5)")
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", parents=[common], help="a conversation in the terminal")
    chat.add_argument("--jsonl", action="store_true", help='read {"conversation": ID, "question": ...} lines on stdin')
    chat.add_argument("--top-k", type=int, metavar="N", help="number of passages (1-20, default 5)")
    chat.set_defaults(handler=_chat)

    evaluate = commands.add_parser("eval", parents=[common], help="score retrieval on a question file")
    evaluate.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=_eval)

    info = commands.add_parser("info", parents=[common], help="describe the index")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_info)

    serve = commands.add_parser("serve", parents=[common], help="serve the web page and HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--auth-file", type=Path, metavar="FILE", help="file with one user:password per line")
    serve.add_argument("--certfile", type=Path, metavar="FILE", help="TLS certificate (PEM): serve HTTPS")
    serve.add_argument("--keyfile", type=Path, metavar="FILE", help="the certificate's private key (PEM)")
    serve.set_defaults(handler=_serve)
    return parser


STAGE_UNITS = {"reading": "file(s)", "embedding": "texts"}


def _progress_bar(enabled: bool, lines_when_piped: bool = False):
    """A progress callback: a tqdm bar on a terminal; without one, a line per stage or silence."""
    if not enabled:
        return lambda stage, done, total: None
    if not sys.stderr.isatty():
        return _stage_lines() if lines_when_piped else (lambda stage, done, total: None)
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", leave=False, file=sys.stderr)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def _stage_lines():
    """One line on stderr as each stage starts ("embedding 2,485 texts"), for logs and piped output."""
    started: set[str] = set()

    def update(stage: str, done: int, total: int) -> None:
        if stage not in started:
            started.add(stage)
            unit = STAGE_UNITS.get(stage)
            print(f"{stage} {total:,} {unit}" if unit else stage, file=sys.stderr, flush=True)

    return update


def _engine(settings, quiet: bool = False):
    from psp_qa.engine import Engine

    return Engine.open(settings, progress=_progress_bar(not quiet))


def _index(args, settings) -> int:
    from psp_qa.indexing.build import build_index
    from psp_qa.indexing.embed import Encoder

    started = time.monotonic()
    progress = _progress_bar(not args.json, lines_when_piped=True)
    report = build_index(settings, Encoder.from_name(settings.embedding.model), progress=progress, force=args.rebuild)
    summary = {
        "index": str(report.build_dir), "up_to_date": report.up_to_date, "documents": report.documents,
        "passages": report.passages, "sentences": report.sentences, "embedded": report.embedded,
        "reused": report.reused, "documents_reused": report.documents_reused,
        "skipped": [{"file": f, "reason": r} for f, r in report.skipped],
        "warnings": report.warnings,
    }  # fmt: skip
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    for name, reason in report.skipped:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.up_to_date:
        print(f"index is up to date: {report.passages} passages from {report.documents} file(s)")
    else:
        print(f"indexed {report.documents} file(s): {report.passages} passages "
              f"({report.embedded} texts embedded, {report.reused} reused)")  # fmt: skip
    if not sys.stderr.isatty():
        print(f"done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


def _ask(args, settings) -> int:
    from psp_qa.engine import clean_question
    from psp_qa.render import answer_as_text

    clean_question(args.question)  # fail fast, before loading anything
    answer = _engine(settings, quiet=args.json).ask(args.question, top_k=args.top_k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(answer_as_text(answer))
    return 0


def _chat(args, settings) -> int:
    from psp_qa.render import answer_as_text

    engine = _engine(settings, quiet=args.jsonl)
    if args.jsonl:
        return _chat_jsonl(engine, args.top_k)
    history: list[dict] = []
    print("Ask about the report. Empty line or Ctrl-D to quit; 'new' starts a new conversation.")
    while True:
        try:
            question = input("\n? ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        if question.strip().lower() == "new":
            history.clear()
            print("(new conversation)")
            continue
        try:
            answer = engine.ask(question, history=history, top_k=args.top_k)
        except PspQaError as exc:
            print(f"error: {exc}")
            continue
        history.append(answer.to_dict())
        print(answer_as_text(answer))


def _chat_jsonl(engine, top_k: int | None) -> int:
    histories: dict[str, list[dict]] = {}
    failures = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        conversation = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise PspQaError("each line must be a JSON object")
            conversation = str(request.get("conversation", ""))
            history = histories.setdefault(conversation, [])
            answer = engine.ask(request.get("question"), history=history, top_k=top_k)
            history.append(answer.to_dict())
            result = {"conversation": conversation, **answer.to_dict()}
        except json.JSONDecodeError as exc:
            failures += 1
            result = {"conversation": conversation, "error": f"line {number}: not JSON ({exc.msg})"}
        except PspQaError as exc:
            failures += 1
            result = {"conversation": conversation, "error": str(exc)}
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return EXIT_ERROR if failures else 0


def _eval(args, settings) -> int:
    from psp_qa.evaluate import evaluate, format_report, read_gold

    gold = read_gold(args.gold)
    report = evaluate(_engine(settings, quiet=args.json), gold)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _info(args, settings) -> int:
    from psp_qa.indexing.store import current_build, read_manifest

    manifest = read_manifest(current_build(settings.index_dir))
    info = {
        "index": str(settings.index_dir), "built_at": manifest["built_at"],
        "model": manifest["model"], "passages": manifest["counts"]["passages"],
        "sentences": manifest["counts"]["sentences"], "vector_index": manifest["vector_index"],
        "corpus": manifest["corpus"], "skipped": manifest["skipped"],
        "query_encoder": manifest.get("query_encoder", {}),
        "texts_embedded_with": manifest.get("texts_embedded_with", "sentence-transformers"),
    }  # fmt: skip
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return 0
    print(f"index       {info['index']} (built {info['built_at']})")
    print(f"model       {info['model']['name']} ({info['model']['dimension']} dimensions)")
    print(f"passages    {info['passages']} ({info['sentences']} sentences), vectors: {info['vector_index']['type']}")
    encoder = info["query_encoder"]
    if encoder.get("type") == "onnx":
        print(
            f"questions   encoded with ONNX (parity with sentence-transformers: cosine ≥ {encoder['parity_min_cosine']})"
        )
    else:
        print(f"questions   encoded with sentence-transformers ({encoder.get('reason', 'no ONNX export')})")
    print(f"texts       embedded with {info['texts_embedded_with']}")
    for name, entry in info["corpus"].items():
        print(
            f"  {name}: " + (f"skipped ({entry['error']})" if entry.get("error") else f"{entry['passages']} passages")
        )
    return 0


def _serve(args, settings) -> int:
    import logging

    from psp_qa.web.server import serve

    # The server's own log (corpus changes, refused requests, repairs) goes to stderr with a time.
    server_log = logging.getLogger("psp_qa")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    server_log.addHandler(handler)
    server_log.setLevel(logging.INFO)
    server_log.propagate = False
    return serve(
        settings,
        host=args.host,
        port=args.port,
        auth_file=args.auth_file,
        announce=lambda line: print(line, flush=True),
        certfile=args.certfile,
        keyfile=args.keyfile,
    )


if __name__ == "__main__":
    sys.exit(main())
