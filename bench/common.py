"""Timing, memory and reporting helpers shared by the benchmark scripts.

Each figure script measures its subject and its baseline in the same run,
interleaved, and saves rows to bench/results/<name>.json; bench/run.py turns
the rows into BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
PSP_QA = BIN / "psp-qa"
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "corpus" / "strategic-psp-model-report.txt"
# Beside the repository, or one level up from a worktree (as for realdocs.py's documents).
DEV_QUESTIONS = next(
    (
        path
        for up in (ROOT.parent, ROOT.parent.parent)
        if (path := up / "shared" / "eval" / "dev-questions.jsonl").is_file()
    ),
    ROOT.parent / "shared" / "eval" / "dev-questions.jsonl",
)
QUESTION = "What made Bollate succeed?"


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               TOKENIZERS_PARALLELISM="false")  # fmt: skip
    env.update(extra)
    return env


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    # user + system CPU of the process and the children it reaped (a build's reading worker): on a
    # shared machine it moves far less with the load than wall time does
    cpu_seconds: float = 0.0


def measure_child(command: Sequence[str | Path], timeout: float = 900, cwd: Path = ROOT) -> ChildRun:
    """Wall time and peak RSS of one fresh process: reaped with wait4, so the RSS is its own."""
    start = time.perf_counter()
    out_path, err_path = WORK / f".child-{os.getpid()}.out", WORK / f".child-{os.getpid()}.err"
    WORK.mkdir(parents=True, exist_ok=True)
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, env=child_env(), stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise TimeoutError(f"{command} took over {timeout} s")
            time.sleep(0.002)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = out_path.read_text(), err_path.read_text()
    out_path.unlink()
    err_path.unlink()
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(seconds, usage.ru_maxrss / 1024, process.returncode, stdout, stderr, cpu)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def interleaved(subjects: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Run each measurement `repeats` times, alternating their order (ABBA), so drift hits all alike."""
    names = list(subjects)
    results: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(repeats):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            results[name].append(subjects[name]())
    return results


def current_rss_mb(pid: int | None = None) -> float:
    """Resident memory now (VmRSS) of a process, default this one."""
    return _status_kb(pid, "VmRSS") / 1024


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process, default this one."""
    return _status_kb(pid, "VmHWM") / 1024


def _status_kb(pid: int | None, field: str) -> int:
    for line in Path(f"/proc/{pid or 'self'}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def self_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Row:
    """One line of the BENCHMARKS.md table."""

    figure: str
    baseline: str
    absolute: str
    target: str
    command: str
    ratio: float | None = None  # subject / baseline, when there is a baseline
    passed: bool | None = None  # None: reported, no target

    @property
    def verdict(self) -> str:
        return "—" if self.passed is None else ("pass" if self.passed else "FAIL")


def save_rows(name: str, rows: list[Row], extra: dict | None = None) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"name": name, "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average": os.getloadavg(),
               "rows": [asdict(r) for r in rows], "extra": extra or {}}  # fmt: skip
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for row in rows:
        ratio = f"{row.ratio:.3f}x " if row.ratio is not None else ""
        print(f"[{name}] {row.figure}: {ratio}{row.absolute} (target {row.target}) {row.verdict}", flush=True)
    return path


def load_rows(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def machine() -> dict[str, str]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")  # fmt: skip
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))  # fmt: skip
    return {
        "cores": f"{os.cpu_count()} logical ({len(os.sched_getaffinity(0))} usable)",
        "cpu": model,
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def dev_questions() -> list[str]:
    """The first question of each development conversation."""
    lines = DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["turns"][0] for line in lines if line.strip()]


def report_workspace(name: str = "report") -> tuple[Path, Path]:
    """(corpus, index) folders of a workspace holding only the bundled report; the index is not built."""
    root = WORK / name
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if not (corpus / REPORT.name).is_file():
        shutil.copy(REPORT, corpus / REPORT.name)
    return corpus, root / "index"


def ensure_report_index() -> tuple[Path, Path]:
    """The bundled report's workspace with its index built (by `psp-qa index`, as a user would)."""
    corpus, index = report_workspace()
    run = measure_child([PSP_QA, "index", "--json", "--corpus", corpus, "--index", index], timeout=1800)
    if run.returncode != 0:
        raise RuntimeError(f"psp-qa index failed: {run.stderr.strip()}")
    return corpus, index


def settings_for(corpus: Path, index: Path, **overrides):
    sys.path.insert(0, str(ROOT))
    from psp_qa.config import load_settings

    return load_settings(config_file=None, corpus_dir=corpus, index_dir=index, **overrides)


def fmt_seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.1f} ms"
    if value < 120:
        return f"{value:.2f} s"
    return f"{value / 60:.1f} min"


def fmt_ms(values: Sequence[float]) -> str:
    return f"p50 {median(values) * 1000:.1f} ms, p95 {percentile(values, 95) * 1000:.1f} ms"


def profiled(call: Callable[[], object], functions: dict[str, tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """Run `call` under cProfile: (total seconds, cumulative seconds of each named (file, function))."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(call)
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler).stats  # (file, line, function) -> (calls, primitive, total, cumulative, callers)
    found = {}
    for label, (file_name, function) in functions.items():
        found[label] = sum(v[3] for k, v in stats.items() if k[0].endswith(file_name) and k[2] == function)
    return total, found


BUILD_STEPS = {
    "embedding (sentence-transformers)": ("psp_qa/indexing/embed.py", "encode"),
    "embedding (ONNX)": ("psp_qa/indexing/onnx_encoder.py", "encode"),
    "reading + chunking": ("psp_qa/reading/chunking.py", "chunk_document"),
    "token counting (inside chunking)": ("psp_qa/indexing/embed.py", "count_tokens"),
    "reusing earlier vectors": ("psp_qa/indexing/build.py", "_previous_embeddings"),
    "FAISS": ("psp_qa/indexing/vectors.py", "build"),
    "BM25": ("psp_qa/indexing/keywords.py", "build"),
    "ONNX export": ("psp_qa/indexing/onnx_encoder.py", "export"),
    "ONNX parity check": ("psp_qa/indexing/onnx_encoder.py", "parity"),
    "artifact sha256": ("psp_qa/indexing/store.py", "file_sha256"),
    "artifact sha256 and fsync": ("psp_qa/indexing/build.py", "_seal"),
    "staleness check (corpus sha256)": ("psp_qa/indexing/store.py", "corpus_state"),
}


def fastest_torch_threads(encoder, texts: list[str]) -> int:
    """Set torch to whichever of its default thread count and one thread encodes `texts` faster now.

    On a 2-core machine shared with other work, torch's OpenMP team of 2 can be
    several times slower than one thread; subject and baseline then share the choice.
    """
    import torch

    default = torch.get_num_threads()
    seconds = {}
    for threads in dict.fromkeys((default, 1)):
        torch.set_num_threads(threads)
        start = time.perf_counter()
        encoder.encode(texts, batch_size=32)
        seconds[threads] = time.perf_counter() - start
    chosen = min(seconds, key=seconds.get)
    torch.set_num_threads(chosen)
    return chosen
