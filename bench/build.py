"""Index build of the bundled report from nothing, against bare sentence-transformers encoding of its texts.

    .venv/bin/python -m bench.build [--repeats 3]

One process, model loaded and warm. Each build goes into a new, empty index
folder (so the ONNX export is made afresh, as on a first run); the baseline
encodes exactly the texts the build embeds (reconstructed from the build
folder), in one call with batch 32. The build's time is split by stage with
its progress callback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from collections import defaultdict
from pathlib import Path

from bench.common import (
    BUILD_STEPS,
    WORK,
    Row,
    fastest_torch_threads,
    fmt_seconds,
    interleaved,
    median,
    profiled,
    report_workspace,
    save_rows,
    settings_for,
)

TARGET = 1.15


def embedded_texts(build_dir: Path) -> list[str]:
    """Every distinct text a build embedded: passages, sentences, section headings, vocabulary (build._build)."""
    from psp_qa.indexing.build import sentence_view
    from psp_qa.reading.chunking import embedding_text, section_embedding_text
    from psp_qa.types import Passage

    lines = (build_dir / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    passages = [Passage.from_dict(json.loads(line)) for line in lines]
    sections = [tuple(path) for path in json.loads((build_dir / "sections.json").read_text(encoding="utf-8"))]
    texts = [
        *(embedding_text(p.section, p.text, p.lead) for p in passages),
        *sentence_view(passages),
        *(section_embedding_text(section) for section in sections),
        *json.loads((build_dir / "vocabulary.json").read_text(encoding="utf-8")),
    ]
    return list(dict.fromkeys(texts))  # a text that occurs twice is embedded once


class StageClock:
    """A progress callback that adds up the seconds spent in each stage of a build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.stage, self.since = "start", time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.seconds[self.stage] += now - self.since
        self.stage, self.since = stage, now

    def finish(self) -> dict[str, float]:
        self(self.stage, 0, 0)
        return dict(self.seconds)


def timed_build(settings, encoder, force: bool = True):
    from psp_qa.indexing.build import build_index

    clock = StageClock()
    start = time.perf_counter()
    report = build_index(settings, encoder, progress=clock, force=force)
    return time.perf_counter() - start, report, clock.finish()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from psp_qa.indexing.embed import Encoder

    corpus, _ = report_workspace()
    encoder = Encoder.from_name(None)
    encoder.encode(["warm up"])
    stages: list[dict[str, float]] = []
    texts: list[str] = []

    def build(record: bool = True) -> float:
        folder = WORK / "build-bench"
        shutil.rmtree(folder, ignore_errors=True)
        # An empty export cache, so the export is made afresh, as on a model's first build.
        os.environ["PSP_QA_CACHE_DIR"] = str(WORK / "build-bench-cache")
        shutil.rmtree(WORK / "build-bench-cache", ignore_errors=True)
        seconds, report, split = timed_build(settings_for(corpus, folder), encoder)
        if record:
            stages.append(split)
        texts[:] = embedded_texts(report.build_dir)
        if report.embedded != len(texts):
            raise RuntimeError(f"build embedded {report.embedded} texts, reconstructed {len(texts)}")
        return seconds

    def encode() -> float:
        start = time.perf_counter()
        encoder.encode(texts, batch_size=32)
        return time.perf_counter() - start

    build()  # untimed: the texts to encode, and warm caches
    threads = fastest_torch_threads(encoder, texts[:64] + texts[-64:])
    subjects = {"build": build, "encode": encode}
    times = interleaved(subjects, args.repeats)
    build_s, encode_s = median(times["build"]), median(times["encode"])
    split = {stage: median([s.get(stage, 0.0) for s in stages[1:]]) for stage in stages[-1]}
    shown = ", ".join(f"{stage} {fmt_seconds(seconds)}" for stage, seconds in split.items() if seconds >= 0.05)
    ratio = build_s / encode_s
    profile = ""
    if ratio > TARGET:  # where the time goes, beyond encoding
        total, steps = profiled(build, BUILD_STEPS)
        profile = "; profiled build: " + ", ".join(f"{k} {fmt_seconds(v)}" for k, v in steps.items() if v >= 0.05)
    rows = [
        Row("index build of the bundled report, from nothing (model loaded)",
            "sentence-transformers encoding exactly the embedded texts, batch 32",
            f"{fmt_seconds(build_s)} vs {fmt_seconds(encode_s)} for {len(texts)} texts (medians of {args.repeats}); "
            f"torch threads {threads}; build stages: {shown}{profile}", f"≤ {TARGET} x", ".venv/bin/python -m bench.build",
            ratio=ratio, passed=ratio <= TARGET),
    ]  # fmt: skip
    save_rows("build", rows, {"seconds": times, "stages": split, "torch_threads": threads})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
