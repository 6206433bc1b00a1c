"""The running reply service with a real intake process (PET-7.3, PET-12): a filed petition is
assigned and replied, masked copies appear with the petitioner's own data as ○, clerks edit and
approve them over gRPC, ``masked_copy_published`` carries no original personal data, reply's logs
contain no original text, and a reply recorded while intake is down is masked once it is back."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import grpc
import pytest

from civicase.intake.v1 import intake_api_pb2, intake_api_pb2_grpc
from civicase.reply.v1 import reply_api_pb2, reply_api_pb2_grpc
from civicase.routing.v1 import events_pb2 as routing_events_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.testing import (
    EventListener,
    EventPublisher,
    ServiceProcess,
    eventually,
    free_port,
    rabbit_vhost,
    reset_database,
)

AGENCY = "379000000A"
NAME, PHONE, EMAIL = "林美華", "0912-345-678", "meihua.lin@example.com"
CONTENT = f"我是{NAME}，家門口路燈不亮，請回電{PHONE}或寫信到{EMAIL}。"
REPLY_TEXT = f"{NAME}君您好：已派員修復，如有疑問請洽承辦人。"
SECRETS = (NAME, PHONE, "0912345678", EMAIL)
TIMEOUT = 5


@pytest.fixture(scope="module")
def system():
    with rabbit_vhost("civicase_reply_mask") as amqp_uri:
        intake_port = free_port()
        intake = ServiceProcess("intake", amqp_uri=amqp_uri, database_url=reset_database("intake"),
                                port=intake_port).start()
        reply = ServiceProcess("reply", amqp_uri=amqp_uri, database_url=reset_database("reply"), extra_env={
            "INTAKE_GRPC": intake.target, "MASKING_TIMER_SECONDS": "0.5", "MASKING_RETRY_AFTER_SECONDS": "1",
        }).start()
        listener = EventListener(amqp_uri, "reply", ["masked_copy_published", "deadline_set", "deadline_met"])
        publisher = EventPublisher(amqp_uri)
        intake_channel = grpc.insecure_channel(intake.target)
        reply_channel = grpc.insecure_channel(reply.target)
        yield {
            "intake": intake_api_pb2_grpc.IntakeServiceStub(intake_channel),
            "reply": reply_api_pb2_grpc.ReplyServiceStub(reply_channel),
            "intake_proc": intake, "reply_proc": reply, "events": listener, "publish": publisher.publish,
        }
        intake_channel.close()
        reply_channel.close()
        publisher.close()
        listener.close()
        reply.stop()
        intake.stop()


def file_assign_reply(system, reply_text: str = REPLY_TEXT, *, wait_intake: bool = True) -> str:
    filed = system["intake"].FilePetition(intake_api_pb2.FilePetitionRequest(
        content=CONTENT, subject="路燈故障", name=NAME, phone=PHONE, email=EMAIL), timeout=TIMEOUT)
    case = filed.case_number
    now = datetime.now(UTC)
    system["publish"](new_event("routing", "case_assigned", case, routing_events_pb2.CaseAssigned(
        case_number=case, agency_code=AGENCY, subcategory_code="STREET_LIGHT",
        received_at=filed.received_at, assigned_at=to_timestamp(now))))
    record = reply_api_pb2.RecordReplyRequest(case_number=case, content=reply_text,
                                              level=reply_api_pb2.LEVEL_A, handler="承辦人")

    def replied():
        try:
            return system["reply"].RecordReply(record, timeout=TIMEOUT)
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:  # case_assigned not consumed yet
                return None
            raise

    eventually(replied)
    return case


def copies_of(system, case: str, count: int = 2, timeout: float = 15.0) -> list[reply_api_pb2.MaskedCopy]:
    def probe():
        found = system["reply"].GetMaskedCopies(reply_api_pb2.GetMaskedCopiesRequest(case_number=case),
                                                timeout=TIMEOUT).copies
        return list(found) if len(found) >= count else None

    return eventually(probe, timeout=timeout)


def events_about(system, case: str, event_type: str, count: int, timeout: float = 10.0) -> list[dict]:
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        for _props, body in system["events"].receive(1, timeout=0.5):
            if body["subject"] == case and body["type"] == event_type:
                found.append(body)
    return found


class TestMaskedCopiesFromTheRunningServices:
    def test_a_reply_gets_masked_copies_with_the_petitioners_own_data_as_circles(self, system):
        """PET-7.3/PET-12: both copies appear, pending review, due by the next working day."""
        case = file_assign_reply(system)
        reply_copy, content_copy = copies_of(system, case)
        assert (reply_copy.kind, content_copy.kind) == ("reply", "case_content")
        assert reply_copy.masked_text.startswith("○○○君您好")
        for secret in SECRETS:
            assert secret not in content_copy.masked_text
        assert len(content_copy.masked_text) == len("路燈故障\n" + CONTENT)
        assert reply_copy.state == "pending_review" and not reply_copy.overdue
        [deadline_set] = [e for e in events_about(system, case, "deadline_set", 2) if e["data"]["rule"] == "PET-7.3"]
        assert deadline_set["data"]["agency_code"] == AGENCY
        queue = system["reply"].ListMaskingQueue(reply_api_pb2.ListMaskingQueueRequest(agency_code=AGENCY),
                                                 timeout=TIMEOUT).copies
        assert {c.id for c in queue} >= {reply_copy.id, content_copy.id}

    def test_clerk_edits_and_approves_and_only_masked_text_is_published(self, system):
        """PET-12: edit over gRPC, invalid edits refused with a message, approval publishes."""
        case = file_assign_reply(system)
        reply_copy, content_copy = copies_of(system, case)
        stub = system["reply"]
        with pytest.raises(grpc.RpcError) as bad:
            stub.UpdateMaskSpans(reply_api_pb2.UpdateMaskSpansRequest(
                copy_id=reply_copy.id, actor="clerk-7",
                add=[reply_api_pb2.MaskSpan(start=1, end=99, type="PERSON")]), timeout=TIMEOUT)
        assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "0 ≤ start < end ≤" in bad.value.details()
        edited = stub.UpdateMaskSpans(reply_api_pb2.UpdateMaskSpansRequest(
            copy_id=reply_copy.id, actor="clerk-7", reason="handler title",
            add=[reply_api_pb2.MaskSpan(start=19, end=22, type="PERSON")]), timeout=TIMEOUT)
        assert edited.masked_text == "○○○君您好：已派員修復，如有疑問請洽○○○。"
        for copy in (reply_copy, content_copy):
            approved = stub.ApproveMaskedCopy(reply_api_pb2.ApproveMaskedCopyRequest(copy_id=copy.id,
                                                                                     actor="clerk-7"),
                                              timeout=TIMEOUT)
            assert (approved.state, approved.reviewed_by) == ("published", "clerk-7")
        with pytest.raises(grpc.RpcError) as late:
            stub.ApproveMaskedCopy(reply_api_pb2.ApproveMaskedCopyRequest(copy_id=reply_copy.id, actor="x"),
                                   timeout=TIMEOUT)
        assert late.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        published = events_about(system, case, "masked_copy_published", 2)
        assert sorted(e["data"]["kind"] for e in published) == ["case_content", "reply"]
        for event in published:
            for secret in SECRETS:
                assert secret not in str(event)
        assert [e for e in events_about(system, case, "deadline_met", 1) if e["data"]["rule"] == "PET-7.3"]
        public = stub.GetMaskedCopies(reply_api_pb2.GetMaskedCopiesRequest(case_number=case, published_only=True),
                                      timeout=TIMEOUT).copies
        assert len(public) == 2

    def test_the_original_needs_an_access_grant(self, system):
        """PET-7.5 hook: no grants exist yet, so the original is refused."""
        case = file_assign_reply(system)
        [reply_copy, _] = copies_of(system, case)
        with pytest.raises(grpc.RpcError) as denied:
            system["reply"].GetOriginalText(reply_api_pb2.GetOriginalTextRequest(copy_id=reply_copy.id,
                                                                                 actor="clerk-7"),
                                            timeout=TIMEOUT)
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED

    def test_a_reply_recorded_while_intake_is_down_is_masked_once_it_is_back(self, system):
        """PET-7.3: RecordReply does not depend on intake; the timer retries the masking."""
        filed_case = file_assign_reply(system, "先行測試")  # intake up: files the case we reply to next
        copies_of(system, filed_case)
        intake = system["intake_proc"]
        filed = system["intake"].FilePetition(intake_api_pb2.FilePetitionRequest(
            content=CONTENT, name=NAME, phone=PHONE), timeout=TIMEOUT)
        case = filed.case_number
        system["publish"](new_event("routing", "case_assigned", case, routing_events_pb2.CaseAssigned(
            case_number=case, agency_code=AGENCY, received_at=filed.received_at,
            assigned_at=to_timestamp(datetime.now(UTC)))))
        intake.stop()
        try:
            record = reply_api_pb2.RecordReplyRequest(case_number=case, content=f"{NAME}您好，已處理。",
                                                      level=reply_api_pb2.LEVEL_A, handler="承辦人")
            eventually(lambda: system["reply"].RecordReply(record, timeout=TIMEOUT))
            time.sleep(2)
            assert system["reply"].GetMaskedCopies(reply_api_pb2.GetMaskedCopiesRequest(case_number=case),
                                                   timeout=TIMEOUT).copies == []
        finally:
            intake.start()
        reply_copy, _content = copies_of(system, case, timeout=20)
        assert reply_copy.masked_text == "○○○您好，已處理。"

    def test_reply_logs_never_contain_the_original_text(self, system):
        """Logs never contain the original text or the petitioner's data (PET-12)."""
        logs = system["reply_proc"].logs()
        assert "masked_copies_created" in logs
        for secret in (*SECRETS, "家門口路燈不亮", "已派員修復"):
            assert secret not in logs
