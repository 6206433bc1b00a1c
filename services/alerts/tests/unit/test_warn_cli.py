"""Tests of the ``civicase warn --jsonl`` contract (WARN-1): the real command, and its line handler.

Calendar: the evaluated week W is Monday 2025-03-03 .. Sunday 2025-03-09 Asia/Taipei; it is complete from
``now`` = 2025-03-10T00:00+08:00 = 2025-03-09T16:00Z.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts.warn_cli import handle_line

REPO_ROOT = Path(__file__).resolve().parents[4]
CIVICASE = REPO_ROOT / ".venv" / "bin" / "civicase"
if not CIVICASE.exists():  # e.g. a venv elsewhere: the one running these tests
    CIVICASE = Path(sys.executable).parent / "civicase"

NOW = "2025-03-10T00:00:00+08:00"
# Baseline W-4..W-1 = 4,0,0,0 (first case in W-4, Wednesday 2025-02-05 12:00 Taipei = 04:00Z):
# mean 1, sample variance ((3)² + 3·(−1)²)/3 = 4, sd 2, threshold 1 + 2·2 = 5.
BASELINE_4_0_0_0 = ["2025-02-05T04:00:00Z"] * 4
IN_W = "2025-03-05T12:00:00+08:00"


def run_warn(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CIVICASE), "warn", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def as_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj)


class TestWarnCommandContract:
    """WARN-1 through the real ``.venv/bin/civicase warn --jsonl``."""

    def test_good_and_bad_lines_give_one_output_each_in_input_order(self) -> None:
        lines = [
            as_line({"id": "w5", "now": NOW, "cases": BASELINE_4_0_0_0 + [IN_W] * 5}),
            "this is not json",
            as_line({"id": "w6", "now": NOW, "cases": BASELINE_4_0_0_0 + [IN_W] * 6}),
            as_line({"id": "naive", "now": "2025-03-10T00:00:00", "cases": []}),
            as_line({"id": 7, "now": NOW, "cases": []}),
        ]
        completed = run_warn(lines, "--jsonl")
        assert completed.returncode == 0, completed.stderr
        outputs = [json.loads(line) for line in completed.stdout.splitlines()]
        assert outputs[0] == {
            "id": "w5",
            "week": "2025-03-03",
            "count": 5,
            "baseline_weeks": 4,
            "mean": 1.0,
            "sd": 2.0,
            "threshold": 5.0,
            "warn": False,
        }
        assert outputs[1]["id"] is None and "not valid JSON" in outputs[1]["error"]
        assert (outputs[2]["id"], outputs[2]["count"], outputs[2]["warn"]) == ("w6", 6, True)
        assert outputs[3]["id"] == "naive" and "no UTC offset" in outputs[3]["error"]
        assert outputs[4] == {
            "id": 7,
            "week": "2025-03-03",
            "count": 0,
            "baseline_weeks": 0,
            "mean": None,
            "sd": None,
            "threshold": None,
            "warn": False,
        }
        assert len(outputs) == 5

    def test_without_jsonl_prints_usage_to_stderr_and_exits_2(self) -> None:
        completed = run_warn([])
        assert completed.returncode == 2
        assert "usage: civicase warn --jsonl" in completed.stderr
        assert completed.stdout == ""


class TestWeekBoundariesOnTheCommandLine:
    """WARN-1: Taipei weeks and the completeness of the evaluated week, with instants given in UTC."""

    def test_now_exactly_monday_0000_taipei_evaluates_the_week_just_ended(self) -> None:
        assert handle_line({"now": "2025-03-09T16:00:00Z", "cases": []})["week"] == "2025-03-03"

    def test_rfc_3339_lower_case_t_and_z_are_read_like_upper_case(self) -> None:
        result = handle_line({"now": "2025-03-09t16:00:00z", "cases": ["2025-03-09t15:59:59z"]})
        assert (result["week"], result["count"]) == ("2025-03-03", 1)

    def test_now_one_second_earlier_evaluates_the_week_before(self) -> None:
        assert handle_line({"now": "2025-03-09T15:59:59Z", "cases": []})["week"] == "2025-02-24"

    def test_sunday_155959_utc_counts_in_the_week_and_1630_utc_in_the_next(self) -> None:
        # 15:59:59Z = Sunday 23:59:59 Taipei (in W); 16:30Z = Monday 00:30 Taipei (next week, ignored).
        cases = ["2025-03-09T15:59:59Z", "2025-03-09T16:30:00Z"]
        result = handle_line({"now": "2025-03-10T09:00:00+08:00", "cases": cases})
        assert (result["week"], result["count"]) == ("2025-03-03", 1)

    def test_cases_at_or_after_now_are_ignored(self) -> None:
        # now Wednesday of the following week; cases at now and later fall after W and are not counted,
        # and do not make a baseline either.
        cases = ["2025-03-12T10:00:00+08:00", "2025-03-13T10:00:00+08:00"]
        result = handle_line({"now": "2025-03-12T10:00:00+08:00", "cases": cases})
        assert (result["count"], result["baseline_weeks"], result["warn"]) == (0, 0, False)

    def test_baseline_weeks_option_is_applied(self) -> None:
        # Weeks W-5..W-1 = 6,0,0,0,0 but baseline_weeks=4 -> W-4..W-1 = 0,0,0,0: mean 0, sd 0, threshold 0;
        # count 1 > 0 warns.
        cases = ["2025-01-29T04:00:00Z"] * 6 + [IN_W]
        result = handle_line({"now": NOW, "cases": cases, "baseline_weeks": 4})
        assert (result["baseline_weeks"], result["mean"], result["threshold"], result["warn"]) == (
            4,
            0.0,
            0.0,
            True,
        )

    def test_three_baseline_weeks_give_nulls(self) -> None:
        cases = ["2025-02-12T04:00:00Z", IN_W]  # first case in W-3
        result = handle_line({"now": NOW, "cases": cases})
        assert result == {
            "week": "2025-03-03",
            "count": 1,
            "baseline_weeks": 3,
            "mean": None,
            "sd": None,
            "threshold": None,
            "warn": False,
        }


class TestBadLinesAreReported:
    """A bad line gets an error a person can act on; the handler raises, run_jsonl reports it."""

    @pytest.mark.parametrize(
        ("line", "fragment"),
        [
            ({"cases": []}, 'missing field "now"'),
            ({"now": NOW}, 'missing field "cases"'),
            ({"now": NOW, "cases": "2025-03-05T12:00:00Z"}, '"cases" must be a list'),
            ({"now": NOW, "cases": ["2025-03-05T12:00:00Z", 5]}, "cases[1] must be an ISO 8601"),
            (
                {"now": NOW, "cases": ["2025-03-05T12:00:00"]},
                "cases[0] '2025-03-05T12:00:00' has no UTC offset",
            ),
            ({"now": NOW, "cases": ["yesterday"]}, "cases[0] 'yesterday' is not an ISO 8601 instant"),
            ({"now": NOW, "cases": ["2025-02-30T12:00:00Z"]}, "is not an ISO 8601 instant"),
            ({"now": 20250310, "cases": []}, "now must be an ISO 8601 instant string"),
            ({"now": "2025-03-10", "cases": []}, "no UTC offset"),
            (
                {"now": NOW, "cases": [], "baseline_weeks": 0},
                "baseline_weeks must be a positive whole number",
            ),
            ({"now": NOW, "cases": [], "baseline_weeks": -3}, "baseline_weeks"),
            ({"now": NOW, "cases": [], "baseline_weeks": True}, "got true"),
            ({"now": NOW, "cases": [], "baseline_weeks": 52.0}, "got 52.0"),
            ({"now": NOW, "cases": [], "baseline_weeks": "52"}, "baseline_weeks"),
            ({"now": "0001-01-03T00:00:00Z", "cases": []}, "no complete Taipei week"),
        ],
    )
    def test_bad_field_raises_a_value_error_naming_it(self, line: dict[str, Any], fragment: str) -> None:
        with pytest.raises(ValueError) as raised:
            handle_line(line)
        assert fragment in str(raised.value)

    def test_z_and_numeric_offsets_are_both_accepted(self) -> None:
        result = handle_line({"now": "2025-03-09T16:00:00Z", "cases": ["2025-03-05T12:00:00+08:00"]})
        assert result["count"] == 1


class TestWarnCommandPerformance:
    def test_a_line_with_100k_cases_takes_well_under_a_second(self) -> None:
        # 100k receipts one minute apart from 2024-12-20 (ending 2025-02-27, before W), in two offsets.
        start = datetime(2024, 12, 20, tzinfo=UTC)
        cases = [
            (start + timedelta(minutes=i)).isoformat().replace("+00:00", "Z" if i % 2 else "+00:00")
            for i in range(100_000)
        ]
        assert len(cases) == 100_000
        started = time.perf_counter()
        result = handle_line({"now": NOW, "cases": cases})
        elapsed = time.perf_counter() - started
        assert result["count"] == 0  # nothing in W (March)
        assert elapsed < 1.0
