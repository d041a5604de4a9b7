"""Run the benchmarks and write BENCHMARKS.md.

    .venv/bin/python -m bench.run            # everything (the library and million-row steps take a long while)
    .venv/bin/python -m bench.run --quick    # skip those two; their last results are kept, with their date
    .venv/bin/python -m bench.run --only cold warm

Each step is its own process (`python -m bench.<step>`), so one step's imports
and memory never colour another's figures. The server steps run last.
"""

from __future__ import annotations

import argparse
import subprocess
import time

from bench.common import PYTHON, ROOT, child_env, load_rows, machine

STEPS = {  # name -> (module arguments, results file, slow)
    "cold": (["bench.cold"], "cold", False),
    "warm": (["bench.warm"], "warm", False),
    "build": (["bench.build"], "build", False),
    "realdocs": (["bench.realdocs"], "realdocs", False),
    "million": (["bench.million"], "million", True),
    "scale": (["bench.scale"], "scale", True),
    "serve": (["bench.serve"], "serve", False),
}
OUTPUT = ROOT / "BENCHMARKS.md"
METHOD = [
    "- Cold rows: each run is a new process, reaped with `os.wait4` for its own peak RSS; one untimed run of each",
    "  first, so both find their files in the page cache. The baseline runs torch on one thread (its faster",
    "  setting on a busy 2-core machine), so the ratio is against sentence-transformers at its best.",
    "- Warm rows: `engine.ask` and sentence-transformers each live in their own worker process (in one process,",
    "  onnxruntime's and torch's thread pools slow each other), answering all development questions in turn,",
    "  passes alternating ABC CBA; the baseline is the faster of torch's default threads and one thread.",
    "- Build rows: one process, model loaded; each build goes to a new, empty index folder (the ONNX export is",
    "  made afresh); the baseline encodes exactly the texts the build embedded (passages with their headings,",
    "  sentences, section headings, vocabulary), reconstructed from the build folder, in one call, batch 32.",
    "  Torch's thread count is whichever of its default and one thread encodes faster at the start.",
    "- Real documents: the GeoTopo script (../shared/realdocs) from nothing with the ONNX export cached, against",
    "  sentence-transformers encoding its passages alone; its peak RSS and adding a 1-page PDF in fresh processes.",
    "- Library: 100 Markdown documents made of the report's sentences, reshuffled (bench/library.py);",
    "  million rows: clustered synthetic vectors (bench/synthetic.py) and passages of the report's sentences.",
    "- Load: stdlib client threads on keep-alive connections to 127.0.0.1 only, walking the development",
    "  conversations with their history; memory is the server's VmRSS after a 5 s warm-up and after the run.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the library and million-row steps")
    parser.add_argument("--only", nargs="+", choices=list(STEPS), help="run only these steps")
    parser.add_argument("--write-only", action="store_true", help="only rewrite BENCHMARKS.md from saved results")
    args = parser.parse_args(argv)
    failures: dict[str, str] = {}
    for name, (module, _, slow) in STEPS.items():
        if args.write_only or (args.only and name not in args.only) or (args.quick and slow and not args.only):
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        run = subprocess.run([str(PYTHON), "-m", *module], cwd=ROOT, env=child_env())
        print(f"== {name}: exit {run.returncode} after {time.perf_counter() - start:.0f} s", flush=True)
        if run.returncode:
            failures[name] = f"`python -m {' '.join(module)}` exited with {run.returncode}"
    OUTPUT.write_text(render(failures), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 1 if failures else 0


def render(failures: dict[str, str]) -> str:
    info = machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python -m bench.run`; `--quick` skips the library and million-row",
        "steps and keeps their last results). Every speed figure is a ratio to a baseline measured in the same run,",
        "interleaved with it where the two can alternate, medians over repeats; absolute times are for information.",
        "The machine is shared (other engineers' test suites ran alongside), so the load average at each step is shown.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "## Results",
        "",
        "| # | figure | baseline (same run) | ratio | absolute | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    commands: list[str] = []
    notes: list[str] = []
    number = 0
    for name, (_, results, _) in STEPS.items():
        saved = load_rows(results)
        if saved is None:
            lines.append(f"| | {name} | | | not run yet | | {'FAIL' if name in failures else '—'} |")
            continue
        load = ", ".join(f"{x:.1f}" for x in saved["load_average"])
        notes.append(f"- `{name}`: measured {saved['measured_at']}, load average {load}")
        for row in saved["rows"]:
            number += 1
            ratio = f"{row['ratio']:.3f} x" if row["ratio"] is not None else "—"
            verdict = "—" if row["passed"] is None else ("pass" if row["passed"] else "**FAIL**")
            cells = [str(number), row["figure"], row["baseline"], ratio, row["absolute"], row["target"], verdict]
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
            commands.append(f"{number}. `{row['command']}`")
        if name in failures:
            notes.append(f"  - this run: {failures[name]}; the rows above are from the last successful run")
    lines += ["", "## Method", "", *METHOD]
    lines += ["", "## Reproduce each row", "", "From the repository root, after `make run` (or `make index`):", ""]
    lines += commands
    lines += ["", "## When each step ran", "", *notes, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
