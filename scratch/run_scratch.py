"""python scratch/run_scratch.py [file.jsonl] : per question, refused/flagged, evidence rank, the standalone search."""

import json
import sys

from psp_qa.config import load_settings
from psp_qa.engine import Engine
from psp_qa.evaluate import normalise

path = sys.argv[1] if len(sys.argv) > 1 else "scratch/scope-scratch.jsonl"
engine = Engine.open(load_settings())
refused, flagged, oos, fu, fu_ok, r1, n = [], 0, 0, 0, 0, 0, 0
for line in open(path):
    q = json.loads(line)
    a = engine.ask(q["turns"][-1], history=q["turns"][:-1], top_k=10)
    if q.get("out_of_scope"):
        oos += 1
        flagged += not a.in_scope
        mark = "FLAG" if not a.in_scope else "MISS"
        print(f"{q['id']:4s} {mark} | {a.standalone_question}")
        continue
    n += 1
    ev = [normalise(e) for e in q["evidence"]]
    rank = next((i + 1 for i, h in enumerate(a.hits[:10]) if any(e in normalise(h.passage.text) for e in ev)), None)
    r1 += rank == 1
    if len(q["turns"]) > 1:
        fu += 1
        fu_ok += bool(rank and rank <= 5)
    if not a.in_scope:
        refused.append(q["id"])
    mark = "REFUSED" if not a.in_scope else f"rank {rank}"
    print(f"{q['id']:4s} {mark} | {a.standalone_question}")
print(
    f"in-scope {n}: hit1 {r1}/{n} refused {len(refused)} {refused}; follow-ups top5 {fu_ok}/{fu}; oos flagged {flagged}/{oos}"
)
