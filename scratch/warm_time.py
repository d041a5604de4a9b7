"""Median in-process ask time over the participant questions (last turns, with history), two rounds."""
import json
import statistics
import time
from pathlib import Path

from psp_qa.config import load_settings
from psp_qa.engine import Engine

e = Engine.open(load_settings())
qs = [json.loads(line) for line in Path("/work/wt/h-scope/tests/data/participant-final4.jsonl").read_text().splitlines()]
for q in qs[:5]:
    e.ask(q["turns"][-1], q["turns"][:-1])
times = []
for _ in range(2):
    for q in qs:
        t = time.perf_counter()
        e.ask(q["turns"][-1], q["turns"][:-1])
        times.append(time.perf_counter() - t)
print(f"p50 {statistics.median(times) * 1000:.1f} ms  p95 {sorted(times)[int(0.95 * len(times))] * 1000:.1f} ms")
