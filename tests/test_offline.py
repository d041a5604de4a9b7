"""Nothing leaves the machine: a whole session makes no connection beyond loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from webtools import copy_index


def test_a_whole_session_connects_to_nothing_but_loopback(report_settings, tmp_path):
    corpus, index = copy_index(report_settings, tmp_path)
    report = tmp_path / "report.json"
    script = Path(__file__).parent / "offline_session.py"
    # No HF_HUB_OFFLINE here: psp-qa must set it itself before anything could reach for the hub.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "GRADIO_"))}
    result = subprocess.run([sys.executable, str(script), str(corpus), str(index), str(report)],
                            env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(report.read_text())
    assert outcome["statuses"] == [200, 200]
    assert outcome["guild_cited"]
    assert outcome["attempts"] == []
