"""The ``civicase mask --jsonl`` contract (PET-12), run as a real subprocess of the installed command.

This test starts a process (the command is the contract external checks use), so it is the one masking
test with I/O; it needs nothing but the repository's .venv.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CIVICASE = Path(sys.executable).parent / "civicase"


def run_mask(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CIVICASE), "mask", *args], input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


class TestMaskCommand:
    """PET-12: one JSON object per line in, one per line out, same order; bad lines get an error."""

    def test_masks_each_line_in_order_with_spans_and_known_values(self) -> None:
        lines = [
            json.dumps({"id": "m1", "text": "承辦人：王小明 電話：0912-345-678"}, ensure_ascii=False),
            json.dumps({"id": "m2", "text": "有關王 大 同反映", "known": {"name": "王大同", "phone": None}},
                       ensure_ascii=False),
            json.dumps({"id": "m3", "text": "請撥1999轉1743"}, ensure_ascii=False),
        ]  # fmt: skip
        completed = run_mask(lines, "--jsonl")
        assert completed.returncode == 0
        outputs = [json.loads(line) for line in completed.stdout.splitlines()]
        assert outputs == [
            {
                "id": "m1",
                "masked": "承辦人：○○○ 電話：○○○○○○○○○○○○",
                "spans": [[4, 7, "PERSON"], [11, 23, "PHONE"]],
            },
            {"id": "m2", "masked": "有關○○○○○反映", "spans": [[2, 7, "PERSON"]]},
            {"id": "m3", "masked": "請撥1999轉1743", "spans": []},
        ]

    def test_bad_lines_get_an_error_and_the_run_goes_on(self) -> None:
        lines = [
            "not json",
            json.dumps({"id": "b2"}),
            json.dumps({"id": "b3", "text": 5}),
            json.dumps({"id": "b4", "text": "x", "known": ["王小明"]}),
            json.dumps({"id": "ok", "text": "手機0912345678"}),
        ]
        completed = run_mask(lines, "--jsonl")
        outputs = [json.loads(line) for line in completed.stdout.splitlines()]
        assert [o["id"] for o in outputs] == [None, "b2", "b3", "b4", "ok"]
        assert all("error" in o for o in outputs[:4])
        assert "text" in outputs[1]["error"] and "known" in outputs[3]["error"]
        assert outputs[4] == {"id": "ok", "masked": "手機○○○○○○○○○○", "spans": [[2, 12, "PHONE"]]}

    def test_without_jsonl_prints_usage_and_exits_2(self) -> None:
        completed = run_mask([])
        assert completed.returncode == 2
        assert "usage" in completed.stderr and completed.stdout == ""
