"""``civicase classify --jsonl`` (PET-5, issue 5) run as the real installed command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CIVICASE = Path(sys.executable).parent / "civicase"


def run_classify(args: list[str], stdin: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CIVICASE_VAR_DIR": str(var_dir)}
    return subprocess.run(
        [str(CIVICASE), "classify", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("var")


class TestClassifyCommand:
    """The JSONL contract: one object per line in and out, same order, errors per line, run goes on."""

    def test_routes_each_line_in_order_with_alternatives_and_reports_bad_lines(self, var_dir):
        lines = [
            json.dumps({"id": "r1", "text": "忠孝東路的紅綠燈壞了一直閃黃燈"}, ensure_ascii=False),
            "this is not json",
            json.dumps({"id": "r3", "text": ""}),
            json.dumps({"id": "r4", "text": "路燈不亮", "subcategory": "NO_SUCH_CODE"}),
            json.dumps({"id": "r5", "text": "The bus driver skipped my stop"}),
            json.dumps({"id": "r6", "text": "水溝蓋破了", "subcategory": "DRAINAGE"}, ensure_ascii=False),
            json.dumps({"id": "r7"}),
            json.dumps({"id": "r8", "text": ["路燈"]}, ensure_ascii=False),
            "",
            json.dumps({"id": "r9", "text": "健保卡遺失要怎麼補辦"}, ensure_ascii=False),
        ]
        result = run_classify(["--jsonl"], "\n".join(lines) + "\n", var_dir)
        assert result.returncode == 0, result.stderr
        out = [json.loads(line) for line in result.stdout.splitlines()]
        assert [o["id"] for o in out] == ["r1", None, "r3", "r4", "r5", "r6", "r7", "r8", "r9"]
        by_id = {o["id"]: o for o in out if o["id"]}
        assert by_id["r1"]["agency"] == "TEO" and by_id["r1"]["subcategory"] == "TRAFFIC_SIGNAL"
        assert by_id["r5"]["agency"] == "PTO"
        assert by_id["r6"]["subcategory"] == "DRAINAGE"
        assert by_id["r9"]["agency"] == "EXT"
        assert "error" in out[1] and "JSON" in out[1]["error"]
        for bad in ("r3", "r4", "r7", "r8"):
            assert set(by_id[bad]) == {"id", "error"} and by_id[bad]["error"]
        assert "NO_SUCH_CODE" in by_id["r4"]["error"]
        for good in ("r1", "r5", "r6", "r9"):
            routed = by_id[good]
            assert list(routed) == ["id", "agency", "subcategory", "confidence", "alternatives"]
            assert 0.0 <= routed["confidence"] <= 1.0
            assert len(routed["alternatives"]) >= 3
            scores = [routed["confidence"], *(a["score"] for a in routed["alternatives"])]
            assert scores == sorted(scores, reverse=True)
            assert routed["subcategory"] not in {a["subcategory"] for a in routed["alternatives"]}
            assert all(set(a) == {"agency", "subcategory", "score"} for a in routed["alternatives"])

    def test_many_lines_keep_input_order(self, var_dir):
        texts = ["路燈不亮", "狗大便沒人撿", "垃圾車沒來", "樓上半夜唱歌"] * 150
        stdin = "".join(json.dumps({"id": f"n{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
        result = run_classify(["--jsonl"], stdin, var_dir)
        assert result.returncode == 0, result.stderr
        out = [json.loads(line) for line in result.stdout.splitlines()]
        assert [o["id"] for o in out] == [f"n{i}" for i in range(len(texts))]
        assert [o["subcategory"] for o in out[:4]] == [
            "STREET_LIGHT",
            "DOG_WASTE",
            "GARBAGE_TRUCK",
            "NOISE_RESIDENTIAL",
        ]

    def test_without_jsonl_prints_usage_and_exits_2(self, var_dir):
        result = run_classify([], "", var_dir)
        assert result.returncode == 2
        assert "usage" in result.stderr and "--jsonl" in result.stderr
        assert result.stdout == ""
