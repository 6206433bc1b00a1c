"""``civicase deadline --jsonl``: the line contract external checks rely on.

Most cases run ``main()`` in-process (fast); ``TestRealCommand`` runs the installed
``civicase`` script as a subprocess, exactly as an outside checker would.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civicase_platform.calendar_cli import main


def run(*lines: str) -> list[dict]:
    out = io.StringIO()
    assert main(["--jsonl"], stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def one(obj: dict) -> dict:
    [result] = run(json.dumps(obj))
    return result


def civicase_command() -> list[str]:
    script = Path(sys.executable).parent / "civicase"  # the venv's console script, not resolved
    if script.exists():
        return [str(script)]
    found = shutil.which("civicase")
    if found is None:
        pytest.fail("the civicase console script is not installed (pip install -e libs/platform)")
    return [found]


class TestDueLines:
    def test_contract_example(self):
        line = '{"id": "d1", "rule": "PET-7.4", "from": "2026-02-13T16:00:00+08:00"}'
        out = io.StringIO()
        main(["--jsonl"], stdin=io.StringIO(line + "\n"), stdout=out)
        assert out.getvalue() == '{"id": "d1", "due": "2026-03-03T17:30:00+08:00"}\n'

    @pytest.mark.parametrize(
        "instant",
        [
            "2026-02-13T08:00:00Z",
            "2026-02-13T08:00:00+00:00",
            "2026-02-13T08:00:00.123456Z",
            "2026-02-13T08:00:00.5+00:00",
            "2026-02-13T03:00:00-05:00",
            "2026-02-13T16:00+08:00",
            "2026-02-13t08:00:00z",  # RFC 3339 allows lower-case t and z
            " 2026-02-13T16:00:00+0800 ",
        ],
    )
    def test_any_offset_and_fractional_seconds(self, instant):
        assert one({"id": "x", "rule": "PET-7.4", "from": instant}) == {
            "id": "x",
            "due": "2026-03-03T17:30:00+08:00",
        }

    def test_utc_instant_after_taipei_midnight_is_the_next_taipei_day(self):
        # 2 Mar 16:00 UTC = Tue 3 Mar 00:00 Taipei: 4 5 6 9 10 11 Mar
        assert one({"id": 1, "rule": "PET-7.4", "from": "2026-03-02T16:00:00Z"})["due"] == ("2026-03-11T17:30:00+08:00")

    def test_sub_seconds_are_dropped_and_seconds_carry(self):
        assert one({"id": 1, "rule": "PET-9.2", "from": "2026-03-11T12:29:59.999+08:00"})["due"] == (
            "2026-03-11T17:29:59+08:00"
        )

    @pytest.mark.parametrize(
        ("rule", "due"),
        [
            ("PET-7.3", "2026-02-23T17:30:00+08:00"),
            ("PET-7.4", "2026-03-03T17:30:00+08:00"),
            ("PET-7.4-B", "2026-03-16T23:59:59+08:00"),
            ("PET-9.2", "2026-02-23T11:00:00+08:00"),
            ("PET-11.3", "2026-02-23T17:30:00+08:00"),
            ("PET-11.3-escalated", "2026-02-24T17:30:00+08:00"),
            ("PET-11.3-return", "2026-03-03T17:30:00+08:00"),
            ("WARN-3.1", "2026-02-25T17:30:00+08:00"),
            ("PET-14.1", "2026-03-10T23:59:59+08:00"),
            ("PET-14.2", "2026-04-10T23:59:59+08:00"),
        ],
    )
    def test_every_rule_from_friday_before_lunar_new_year(self, rule, due):
        assert one({"id": rule, "rule": rule, "from": "2026-02-13T16:00:00+08:00"}) == {"id": rule, "due": due}

    def test_app_11_both_units(self):
        base = {"rule": "APP-11", "from": "2026-02-13T16:00:00+08:00", "n": 3}
        assert one({"id": "w", **base, "unit": "working"})["due"] == "2026-02-25T17:30:00+08:00"
        assert one({"id": "c", **base, "unit": "calendar"})["due"] == "2026-02-23T23:59:59+08:00"

    def test_closures_apply_to_their_line_only(self):
        results = run(
            '{"id": "a", "rule": "PET-7.4", "from": "2026-07-20T10:00:00+08:00", "closures": ["2026-07-22"]}',
            '{"id": "b", "rule": "PET-7.4", "from": "2026-07-20T10:00:00+08:00"}',
            '{"id": "c", "rule": "PET-7.4", "from": "2026-07-20T10:00:00+08:00", "closures": []}',
        )
        assert [r["due"] for r in results] == [
            "2026-07-29T17:30:00+08:00",
            "2026-07-28T17:30:00+08:00",
            "2026-07-28T17:30:00+08:00",
        ]

    def test_any_id_is_echoed_and_other_fields_are_ignored(self):
        line = {
            "id": {"case": "000-20260213-00001"},
            "rule": "WARN-3.1",
            "from": "2026-02-13T16:00:00Z",
            "note": "ignored",
        }
        assert one(line) == {"id": {"case": "000-20260213-00001"}, "due": "2026-02-25T17:30:00+08:00"}
        assert one({"rule": "WARN-3.1", "from": "2026-02-13T16:00:00Z"})["id"] is None


class TestErrorLines:
    @pytest.mark.parametrize(
        ("obj", "message"),
        [
            ({"rule": "PET-7.5", "from": "2026-02-13T16:00:00Z"}, 'unknown rule "PET-7.5"; one of: PET-7.4'),
            ({"rule": "pet-7.4", "from": "2026-02-13T16:00:00Z"}, "unknown rule"),
            ({"rule": 7.4, "from": "2026-02-13T16:00:00Z"}, "unknown rule 7.4"),
            ({"from": "2026-02-13T16:00:00Z"}, "missing field 'rule'"),
            ({"rule": "PET-7.4"}, "missing field 'from'"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00"}, "no UTC offset"),
            ({"rule": "PET-7.4", "from": "2026-02-13"}, "no UTC offset"),
            ({"rule": "PET-7.4", "from": "13/02/2026 16:00"}, "not an ISO 8601 date-time"),
            ({"rule": "PET-7.4", "from": "2026-02-30T16:00:00Z"}, "not an ISO 8601 date-time"),
            ({"rule": "PET-7.4", "from": 1771000000}, "must be a string"),
            ({"rule": "PET-7.4", "from": "1990-01-01T00:00:00Z"}, "outside the years"),
            ({"rule": "PET-7.4", "from": "9999-12-31T23:00:00-05:00"}, "outside the years"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00Z", "closures": "2026-02-24"}, "must be a list"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00Z", "closures": ["2026/02/24"]}, "YYYY-MM-DD"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00Z", "closures": ["2026-02-30"]}, "not a real"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00Z", "closures": [20260224]}, "YYYY-MM-DD"),
            ({"rule": "PET-7.4", "from": "2026-02-13T16:00:00Z", "n": 6}, "only to APP-11"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "unit": "working"}, "needs 'n'"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": 3}, "needs 'unit'"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": 3, "unit": "days"}, '"working" or'),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": 0, "unit": "working"}, "1 or more"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": -2, "unit": "working"}, "1 or more"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": 2.5, "unit": "working"}, "integer"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": 3.0, "unit": "working"}, "integer"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": "3", "unit": "working"}, "integer"),
            ({"rule": "APP-11", "from": "2026-02-13T16:00:00Z", "n": True, "unit": "working"}, "got true"),
            ({"rule": "APP-11", "from": "2026-12-01T00:00:00Z", "n": 10**20, "unit": "calendar"}, "after 2100"),
        ],
    )
    def test_bad_lines_get_an_actionable_error(self, obj, message):
        result = one({"id": "e", **obj})
        assert set(result) == {"id", "error"}
        assert result["id"] == "e"
        assert message in result["error"]

    def test_not_json_and_not_an_object(self):
        results = run("not json", "[1, 2]", '{"id": "ok", "rule": "WARN-3.1", "from": "2026-02-13T16:00:00Z"}')
        assert [set(r) for r in results] == [{"id", "error"}, {"id", "error"}, {"id", "due"}]


class TestUsage:
    def test_jsonl_is_required(self, capsys):
        assert main([], stdin=io.StringIO(""), stdout=io.StringIO()) == 2
        assert "--jsonl is required" in capsys.readouterr().err

    def test_unknown_option(self, capsys):
        assert main(["--jsonl", "--csv"]) == 2
        assert "usage" in capsys.readouterr().err


class TestRealCommand:
    def test_lines_in_order_with_errors_in_between(self):
        lines = [
            '{"id": "d1", "rule": "PET-7.4", "from": "2026-02-13T16:00:00+08:00"}',
            '{"id": "e1", "rule": "PET-7.5", "from": "2026-02-13T16:00:00+08:00"}',
            "",
            '{"id": "d2", "rule": "PET-9.2", "from": "2026-03-11T04:29:59Z"}',
            '{"id": "e2", "rule": "PET-7.4", "from": "2026-02-13T16:00:00"}',
            "{broken",
            '{"id": "d3", "rule": "APP-11", "from": "2026-07-20T02:00:00Z", "n": 2, "unit": "calendar",'
            ' "closures": ["2026-07-22"]}',
            '{"id": "中文", "rule": "PET-14.2", "from": "2026-12-31T16:00:00Z"}',
        ]
        proc = subprocess.run(
            [*civicase_command(), "deadline", "--jsonl"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        results = [json.loads(line) for line in proc.stdout.splitlines()]
        assert results[0] == {"id": "d1", "due": "2026-03-03T17:30:00+08:00"}
        assert results[1]["id"] == "e1" and "unknown rule" in results[1]["error"]
        assert results[2] == {"id": "d2", "due": "2026-03-11T17:29:59+08:00"}
        assert results[3]["id"] == "e2" and "no UTC offset" in results[3]["error"]
        assert results[4]["id"] is None and "not valid JSON" in results[4]["error"]
        assert results[5] == {"id": "d3", "due": "2026-07-23T23:59:59+08:00"}
        # 31 Dec 16:00 UTC is 1 Jan 2027 in Taipei: Q1 2027 → Sat 10 Apr → Mon 12 Apr
        assert results[6] == {"id": "中文", "due": "2027-04-12T23:59:59+08:00"}
        assert len(results) == 7

    def test_an_undecodable_line_spoils_only_itself(self):
        data = (
            b'{"id": "a", "rule": "WARN-3.1", "from": "2026-02-13T16:00:00Z"}\n'
            b"\xff\xfe{\n"
            b'{"id": "b", "rule": "WARN-3.1", "from": "2026-02-13T16:00:00Z"}\n'
        )
        proc = subprocess.run([*civicase_command(), "deadline", "--jsonl"], input=data, capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        results = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
        assert [r["id"] for r in results] == ["a", None, "b"]
        assert "error" in results[1] and results[2]["due"] == "2026-02-25T17:30:00+08:00"

    def test_without_jsonl_prints_usage_and_exits_2(self):
        proc = subprocess.run([*civicase_command(), "deadline"], input="", capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        assert "usage: civicase deadline" in proc.stderr and proc.stdout == ""

    def test_a_hundred_thousand_lines_stream_through(self):
        rules = ["PET-7.4", "PET-7.4-B", "PET-9.2", "PET-11.3", "WARN-3.1", "PET-14.1", "PET-14.2"]
        lines = [
            json.dumps(
                {
                    "id": i,
                    "rule": rules[i % len(rules)],
                    "from": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                }
            )
            for i in range(100_000)
        ]
        started = time.monotonic()
        proc = subprocess.run(
            [*civicase_command(), "deadline", "--jsonl"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        elapsed = time.monotonic() - started
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout.splitlines()
        assert len(out) == 100_000 and '"error"' not in proc.stdout
        assert json.loads(out[-1])["id"] == 99_999
        # a couple of seconds on a quiet machine; the bound only catches a pathological slowdown
        assert elapsed < 30, f"100k lines took {elapsed:.1f} s"
