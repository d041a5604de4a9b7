"""Per question of the readable sets (+ scratch): gold oos?, our in_scope, best similarity, needed, rare names in top hit."""

import json
from pathlib import Path

from psp_qa.answering.scope import rare_names
from psp_qa.config import load_settings
from psp_qa.engine import Engine

e = Engine.open(load_settings())
files = sorted(Path("tests/data").glob("participant-*.jsonl")) + [
    Path("/work/shared/eval/dev-questions.jsonl"),
    Path("tests/data/followup-questions.jsonl"),
    Path("tests/data/sanity-questions.jsonl"),
    Path("scratch/scope-scratch.jsonl"),
]
t = e.thresholds
for f in files:
    for line in open(f):
        q = json.loads(line)
        if "points" in q:
            continue
        turn = e.follow_up(q["turns"][-1], q["turns"][:-1])
        s = turn.standalone
        r = e.retriever.search(
            s, 10, topic=turn.topic, own_words=turn.own_words, also=e.acronyms.other_forms(s), within=turn.within
        )
        ev = r.evidence
        best = max(ev.best_sentence_similarity, ev.best_passage_similarity)
        share = min(1.0, ev.keyword_coverage / t.supported_keyword_coverage)
        needed = t.confident_similarity - share * (t.confident_similarity - t.supported_similarity)
        rare = rare_names(s, e.index.keywords, e.names)
        hit_tokens = set()
        from psp_qa.indexing.keywords import keyword_tokens

        for h in r.hits[:3]:
            hit_tokens |= set(keyword_tokens(" ".join((*h.passage.section, h.passage.text))))
        a = e.ask(q["turns"][-1], q["turns"][:-1], top_k=10)
        print(
            f"{f.stem[:14]:14s} {q['id']:7s} gold={'OOS' if q.get('out_of_scope') else 'in '} ours={'in ' if a.in_scope else 'OUT'} "
            f"best={best:.3f} need={needed:.3f} cov={ev.keyword_coverage:.2f} rare={sorted(rare & hit_tokens)} | {s[:70]}"
        )
