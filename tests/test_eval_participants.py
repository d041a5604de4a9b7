"""Retrieval holds up on questions in participants' own voice (written from the report alone).

The tune set is the one weights and rules were checked on; the held-out set was
scored once, at the end. Floors sit slightly under the figures reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psp_qa.evaluate import format_report

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "hit_at_1", "recall_at_5", "mrr_at_10", "max_followups_missed", "min_flagged", "max_refused"),
    [
        # Session 11: 0.71 / 0.95 / 0.80; session 13 (facets): 0.73 / 0.95 / 0.82.
        ("participant-tune", 0.71, 0.93, 0.80, 0, 10, 0),
        # Scored once, at the end of issue 11's second session: 0.71 / 0.96 / 0.81, follow-ups 14/15
        # (15/15 before it; the miss was not looked into, to keep the set untouched), 6/10 flagged, 1 refused.
        # With the broad answers' passage order merged in (session 9): 0.68 / 0.92 / 0.78.
        # Session 10, scored once after the merge: 0.69 / 0.91 / 0.79, follow-ups 13/15, 7/10 flagged, 1 refused
        # (the retrieval branch alone gave the same; the other branches alone kept 14/15 and 6/10).
        # Session 11, after the merge: 0.71 / 0.93 / 0.81, follow-ups 14/15, 9/10 flagged, 1 refused (scope looked at
        # two of its refusals, so it is no longer untouched).
        # Session 13: a question's form picks its topic's subsection (0.75 / 0.95 / 0.84); scope looked at its last
        # miss and refusal (10/10 flagged, 0 refused).
        ("participant-holdout", 0.73, 0.91, 0.82, 1, 10, 0),
        # Written in session 10 by a helper that read only the report; scored once, at the end, never tuned on:
        # 0.55 / 0.88 / 0.69, follow-ups 4/7, 3/5 flagged, 4 in-scope refused. Session 11 tuned its scope on it
        # (counts beside the thing counted, glossed and lower-case acronyms): 4/5 flagged, 0 refused.
        # After session 11's merge: 0.65 / 0.90 / 0.77, follow-ups 5/7, 4/5 flagged, 0 refused.
        # Session 13 (facets): 0.73 / 0.93 / 0.82; scope: 5/5 flagged.
        ("participant-fresh", 0.70, 0.88, 0.80, 2, 5, 0),
        # Written in session 11 by a helper that read only the report (85 questions, issue 11's mix); scored once,
        # at the end, never tuned on: 0.65 / 0.93 / 0.76, follow-ups 15/15, 9/10 flagged, 1 refused
        # (0.64 / 0.93 / 0.76 on the session's starting code).
        # Session 13 (facets): 0.72 / 0.93 / 0.81; scope looked at its miss and refusal: 10/10 flagged, 0 refused.
        ("participant-final", 0.70, 0.91, 0.78, 0, 10, 0),
        # Written in session 12 by a helper that read only the report (85 questions, issue 11's mix); scored once,
        # at the end, never tuned on: 0.60 / 0.84 / 0.72, follow-ups 14/15, 8/10 flagged, 2 refused (the same on the
        # session's starting code; answer@1 0.75 -> 0.77).
        # Session 13 (facets): 0.65 / 0.84 / 0.75; scope looked at its misses and refusals: 9/10 flagged ("Who
        # founded ...?" is left: the report calls the initiative "citizen-initiated"), 0 refused.
        ("participant-final2", 0.63, 0.82, 0.73, 1, 9, 0),
        # Written in session 13 by a helper that read only the report (85 questions, issue 11's mix); scored on the
        # session's starting code (0.63 / 0.92 / 0.75, follow-ups 15/15, 10/10 flagged, 2 refused, answer@1 0.72),
        # after the first round of merges (0.64 / 0.93 / 0.77, 1 refused, 0.73) and at the end (0.63 / 0.93 / 0.76,
        # 15/15, 10/10, 1 refused, answer@1 0.72); never read, never tuned on.
        # Session 14 read it (retrieval, scope, factual sentences): 0.69 / 0.95 / 0.81, 15/15, 10/10, 0 refused.
        ("participant-final3", 0.66, 0.92, 0.78, 0, 10, 0),
        # Written in session 14 by a helper that read only the report (85 questions, issue 11's mix); scored on the
        # session's starting code (0.68 / 0.87 / 0.76, follow-ups 14/15, 8/10 flagged, 1 refused, answer@1 0.76) and
        # at its end (0.72 / 0.88 / 0.79, 14/15, 8/10, 0 refused, answer@1 0.79); never read, never tuned on.
        # Session 15 (h-scope) was told its two misses (a possessive's rate, a return on investment): 10/10 flagged.
        # Session 16 read it (h-recall, h-ans): 0.79 / 0.95 / 0.85.
        ("participant-final4", 0.75, 0.92, 0.82, 1, 10, 0),
        # Written in session 14 by a helper that read only the report (60 questions); scored only at the start of
        # session 15 (0.70 / 0.89 / 0.79, follow-ups 7/10, 5/6 flagged, 3 refused, answer@1 0.80) and at its end
        # (0.70 / 0.91 / 0.80, 8/10, 5/6, 2 refused, answer@1 0.85); never read, never tuned on.
        # Session 16 read it (ranking in a case, follow-ups, scope): 0.87 / 0.96 / 0.92, 10/10, 6/6, 0 refused.
        ("participant-final5", 0.83, 0.94, 0.89, 0, 6, 0),
        # Written in session 15 by a helper that read only the report (60 questions); scored only at the start of
        # session 16 (0.69 / 0.89 / 0.78, follow-ups 10/10, 4/5 flagged, 0 refused, answer@1 0.76) and at its end
        # (0.71 / 0.89 / 0.78, 10/10, 4/5, 1 refused, answer@1 0.75); never read, never tuned on.
        ("participant-final6", 0.68, 0.87, 0.76, 0, 4, 1),
    ],
)
def test_participant_questions_meet_their_floors(evaluated, name, hit_at_1, recall_at_5, mrr_at_10, max_followups_missed,
                                                 min_flagged, max_refused):  # fmt: skip
    report = evaluated(DATA / f"{name}.jsonl")
    ours = report["results"][0]
    print(format_report(report))
    assert ours["hit_at_1"] >= hit_at_1
    assert ours["recall_at_5"] >= recall_at_5
    assert ours["mrr_at_10"] >= mrr_at_10
    followups_ok, followups = map(int, ours["followups_answered"].split("/"))
    assert followups - followups_ok <= max_followups_missed
    assert int(ours["out_of_scope_flagged"].split("/")[0]) >= min_flagged
    assert ours["false_refusals"] <= max_refused
