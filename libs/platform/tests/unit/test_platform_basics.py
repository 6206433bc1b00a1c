"""Settings, the CloudEvents envelope, the JSONL runner, error mapping and the CLI dispatcher."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from grpc import StatusCode

from civicase.intake.v1 import events_pb2
from civicase_platform import errors, settings
from civicase_platform.events import InvalidEventError, new_event, parse_event
from civicase_platform.jsonl import run_jsonl

CIVICASE = str(Path(sys.executable).parent / "civicase")


class TestSettings:
    def test_missing_required_keys_are_all_named_at_once(self):
        with pytest.raises(settings.MissingSettingError, match="JWKS_URL, SECRET_KEY"):
            settings.require(["SECRET_KEY", "JWKS_URL"], env={})

    def test_defaults_apply_when_environment_is_silent(self):
        assert settings.require(["AMQP_URI"], env={})["AMQP_URI"].startswith("amqp://")

    def test_environment_overrides_default(self):
        assert settings.get("REDIS_URL", env={"REDIS_URL": "redis://cache:6379/2"}) == "redis://cache:6379/2"

    def test_database_url_per_service_and_for_tests(self):
        env = {"PGHOST": "db", "PGPORT": "5433", "PGUSER": "civicase"}
        assert settings.database_url("intake", env) == "postgresql+psycopg://civicase@db:5433/civicase_intake"
        assert settings.database_url("intake", env, test=True).endswith("/civicase_intake_test")

    def test_test_database_suffix_separates_checkouts_and_rejects_unsafe_names(self):
        env = {"CIVICASE_TEST_DB_SUFFIX": "_wt2"}
        assert settings.database_url("reply", env, test=True).endswith("/civicase_reply_test_wt2")
        assert settings.database_url("reply", env).endswith("/civicase_reply")
        with pytest.raises(ValueError, match="CIVICASE_TEST_DB_SUFFIX"):
            settings.database_url("reply", {"CIVICASE_TEST_DB_SUFFIX": 'x"; drop'}, test=True)


class TestCloudEvents:
    def test_envelope_carries_cloudevents_attributes_and_proto_json(self):
        message = events_pb2.CaseRegistered(case_number="000-20260213-00001", agency_number="000", anonymous=True)
        event = new_event("intake", "case_registered", "000-20260213-00001", message)
        body = json.loads(json.dumps(event.to_dict()))
        assert body["specversion"] == "1.0" and body["type"] == "case_registered"
        assert body["source"] == "/civicase/intake" and body["subject"] == "000-20260213-00001"
        assert body["dataschema"] == "civicase.intake.v1.CaseRegistered"
        assert body["time"].endswith("Z")
        assert body["data"] == {"case_number": "000-20260213-00001", "agency_number": "000", "anonymous": True}
        assert parse_event(body).message(events_pb2.CaseRegistered) == message

    def test_unknown_fields_from_newer_producers_are_ignored(self):
        body = new_event("intake", "case_registered", "x", events_pb2.CaseRegistered(case_number="x")).to_dict()
        body["data"]["field_added_in_v1_1"] = 42
        assert parse_event(body).message(events_pb2.CaseRegistered).case_number == "x"

    @pytest.mark.parametrize("body", [[], {"id": "1"}, {"specversion": "0.3", "id": "1", "source": "s", "type": "t"}])
    def test_non_envelopes_are_rejected(self, body):
        with pytest.raises(InvalidEventError):
            parse_event(body)


class TestJsonl:
    def test_each_line_answers_in_order_and_bad_lines_do_not_stop_the_run(self):
        def handle(obj):
            if "x" not in obj:
                raise ValueError("x is required")
            return {"double": obj["x"] * 2}

        src = io.StringIO('{"id": "a", "x": 1}\nnot json\n\n{"id": "c"}\n[1]\n{"id": "e", "x": 3}\n')
        out = io.StringIO()
        run_jsonl(handle, src, out)
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        assert lines[0] == {"id": "a", "double": 2}
        assert lines[1]["id"] is None and lines[1]["error"].startswith("not valid JSON")
        assert lines[2] == {"id": "c", "error": "x is required"}
        assert lines[3]["error"] == "each line must be a JSON object"
        assert lines[4] == {"id": "e", "double": 6}


class TestErrorTable:
    def test_domain_errors_map_to_grpc_and_http(self):
        assert errors.grpc_status_for(errors.InvalidInput("x")) == StatusCode.INVALID_ARGUMENT
        assert errors.grpc_status_for(errors.NotFound("x")) == StatusCode.NOT_FOUND
        assert errors.http_status_for_grpc(StatusCode.INVALID_ARGUMENT) == 422
        assert errors.http_status_for_grpc(StatusCode.FAILED_PRECONDITION) == 409
        assert errors.http_status_for_grpc(StatusCode.UNAVAILABLE) == 503


class TestCommandLine:
    def test_lists_the_commands_contributed_by_services(self):
        result = subprocess.run([CIVICASE, "--help"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0
        for command in ("deadline", "mask", "classify", "warn"):
            assert f"  {command}\n" in result.stdout

    def test_unknown_command_is_an_error_naming_the_known_ones(self):
        result = subprocess.run([CIVICASE, "frobnicate"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "deadline" in result.stderr
