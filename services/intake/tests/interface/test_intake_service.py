"""The intake service as a process: gRPC in, case_registered out (PET-6.2)."""

from __future__ import annotations

import grpc
import pytest

from civicase.intake.v1 import intake_api_pb2 as pb
from civicase.intake.v1 import intake_api_pb2_grpc
from civicase_platform.testing import EventListener, ServiceProcess, rabbit_vhost, reset_database


@pytest.fixture(scope="module")
def service():
    with rabbit_vhost("civicase_intake_if") as amqp_uri:
        listener = EventListener(amqp_uri, "intake", "case_registered")
        proc = ServiceProcess("intake", amqp_uri=amqp_uri, database_url=reset_database("intake")).start()
        channel = grpc.insecure_channel(proc.target)
        yield intake_api_pb2_grpc.IntakeServiceStub(channel), listener, proc
        channel.close()
        listener.close()
        proc.stop()


class TestFilePetition:
    def test_filed_petition_is_numbered_verifiable_and_announced(self, service):
        stub, listener, _ = service
        filed = stub.FilePetition(pb.FilePetitionRequest(content="公園溜滑梯壞了", subcategory="PARK"), timeout=5)
        assert filed.case_number.startswith("000-") and len(filed.password) == 6
        summary = stub.VerifyCase(pb.VerifyCaseRequest(case_number=filed.case_number, password=filed.password),
                                  timeout=5)
        assert summary.subcategory == "PARK" and summary.channel == pb.CHANNEL_WEB
        events = listener.receive(1, timeout=10)
        assert len(events) == 1
        props, body = events[0]
        assert body["subject"] == filed.case_number and props.message_id == body["id"]

    def test_invalid_petition_gets_invalid_argument_and_nothing_is_announced(self, service):
        stub, listener, _ = service
        listener.receive(10, timeout=1)  # drain
        with pytest.raises(grpc.RpcError) as err:
            stub.FilePetition(pb.FilePetitionRequest(content="", email="x"), timeout=5)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "content" in err.value.details() and "email" in err.value.details()
        assert listener.receive(1, timeout=1.5) == []

    def test_wrong_password_is_not_found(self, service):
        stub, _, _ = service
        filed = stub.FilePetition(pb.FilePetitionRequest(content="路燈不亮"), timeout=5)
        with pytest.raises(grpc.RpcError) as err:
            stub.VerifyCase(pb.VerifyCaseRequest(case_number=filed.case_number, password="AAAAAA"), timeout=5)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND

    def test_logs_carry_no_petition_text_or_password(self, service):
        stub, _, proc = service
        filed = stub.FilePetition(pb.FilePetitionRequest(content="獨特的陳情內容XYZ", email="z@example.com"),
                                  timeout=5)
        logs = proc.logs()
        assert "獨特的陳情內容XYZ" not in logs and filed.password not in logs and "z@example.com" not in logs


class TestGetCaseContent:
    def test_processing_services_get_text_and_petitioner_contact(self, service):
        """PET-5 / PET-12: routing classifies the text, reply masks it and the petitioner's own data."""
        stub, _, proc = service
        filed = stub.FilePetition(pb.FilePetitionRequest(
            content="巷口路燈閃爍已經一週", subject="路燈", name="王小明", email="wang@example.com",
            phone="0912345678", subcategory="STREETLIGHT"), timeout=5)
        content = stub.GetCaseContent(pb.GetCaseRequest(case_number=filed.case_number), timeout=5)
        assert (content.content, content.subject, content.subcategory) == (
            "巷口路燈閃爍已經一週", "路燈", "STREETLIGHT")
        assert content.petitioner.name == "王小明" and content.petitioner.phone == "0912345678"
        assert content.petitioner.email == "wang@example.com" and not content.anonymous
        assert "王小明" not in proc.logs() and "巷口路燈閃爍" not in proc.logs()

    def test_unknown_case_is_not_found(self, service):
        stub, _, _ = service
        with pytest.raises(grpc.RpcError) as err:
            stub.GetCaseContent(pb.GetCaseRequest(case_number="000-20260213-99999"), timeout=5)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
