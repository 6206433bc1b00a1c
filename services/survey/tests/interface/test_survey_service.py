"""The running survey service: case_replied in, surveys over gRPC, survey_answered out."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import grpc
import pytest

from civicase.reply.v1 import events_pb2 as reply_events_pb2
from civicase.reply.v1 import reply_api_pb2
from civicase.survey.v1 import survey_api_pb2
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp

AGENCY = "379000000A"
TIMEOUT = 5


def case_replied(case_number: str, level=reply_api_pb2.LEVEL_A):
    return new_event("reply", "case_replied", case_number, reply_events_pb2.CaseReplied(
        case_number=case_number, agency_code=AGENCY, level=level,
        replied_at=to_timestamp(datetime(2026, 2, 24, 2, 0, tzinfo=UTC))))


def get(survey_stub, case_number: str) -> survey_api_pb2.Survey:
    return survey_stub.GetSurvey(survey_api_pb2.GetSurveyRequest(case_number=case_number), timeout=TIMEOUT)


def wait_survey(survey_stub, case_number: str) -> survey_api_pb2.Survey:
    deadline = time.monotonic() + 10
    while True:
        try:
            return get(survey_stub, case_number)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.NOT_FOUND or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def answer(survey_stub, case_number: str, satisfaction, comment: str = "") -> survey_api_pb2.Survey:
    return survey_stub.AnswerSurvey(survey_api_pb2.AnswerSurveyRequest(
        case_number=case_number, satisfaction=satisfaction, comment=comment), timeout=TIMEOUT)


def events_for(listener, case_number: str, count: int, timeout: float = 10.0) -> list[dict]:
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        for _props, body in listener.receive(1, timeout=0.5):
            if body["subject"] == case_number:
                found.append(body)
    return found


class TestCaseReplied:
    """PET-10.1: the final (level-A) reply opens a survey; level B opens none; redelivery is harmless."""

    def test_the_same_final_reply_delivered_twice_opens_one_survey(self, publish_event, survey_stub,
                                                                     case_number):
        event = case_replied(case_number)
        publish_event(event)
        publish_event(event)
        survey = wait_survey(survey_stub, case_number)
        assert (survey.state, survey.agency_code) == ("open", AGENCY)
        first_opened = survey.opened_at
        time.sleep(1.0)  # give the duplicate time to arrive: it must change nothing
        assert get(survey_stub, case_number).opened_at == first_opened

    def test_a_level_b_reply_opens_no_survey(self, publish_event, survey_stub, case_number):
        publish_event(case_replied(case_number, reply_api_pb2.LEVEL_B))
        marker = f"{case_number[:-5]}99999"  # a later level-A event proves the level-B one was handled
        publish_event(case_replied(marker))
        wait_survey(survey_stub, marker)
        with pytest.raises(grpc.RpcError) as missing:
            get(survey_stub, case_number)
        assert missing.value.code() == grpc.StatusCode.NOT_FOUND


class TestAnswerSurvey:
    def test_an_unsatisfied_answer_publishes_survey_answered(self, publish_event, survey_stub, survey_events,
                                                            case_number):
        publish_event(case_replied(case_number))
        wait_survey(survey_stub, case_number)
        survey = answer(survey_stub, case_number, survey_api_pb2.SATISFACTION_VERY_UNSATISFIED, "仍未修復")
        assert (survey.state, survey.unsatisfied, survey.comment) == ("answered", True, "仍未修復")
        [event] = events_for(survey_events, case_number, 1)
        assert event["type"] == "survey_answered"
        assert event["data"]["satisfaction"] == "SATISFACTION_VERY_UNSATISFIED"
        assert event["data"]["unsatisfied"] is True
        assert "仍未修復" not in str(event)

    def test_a_second_answer_is_refused(self, publish_event, survey_stub, case_number):
        publish_event(case_replied(case_number))
        wait_survey(survey_stub, case_number)
        answer(survey_stub, case_number, survey_api_pb2.SATISFACTION_SATISFIED)
        with pytest.raises(grpc.RpcError) as refused:
            answer(survey_stub, case_number, survey_api_pb2.SATISFACTION_UNSATISFIED)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "already answered" in refused.value.details()

    def test_no_survey_yet_is_a_failed_precondition(self, survey_stub, case_number):
        with pytest.raises(grpc.RpcError) as refused:
            answer(survey_stub, case_number, survey_api_pb2.SATISFACTION_SATISFIED)
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "it opens with the final reply" in refused.value.details()

    def test_bad_input_lists_every_problem(self, survey_stub, case_number):
        with pytest.raises(grpc.RpcError) as refused:
            answer(survey_stub, case_number, survey_api_pb2.SATISFACTION_UNSPECIFIED, "字" * 2001)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "satisfaction is required" in refused.value.details()
        assert "at most 2,000" in refused.value.details()


class TestGetSurvey:
    def test_no_survey_is_not_found(self, survey_stub, case_number):
        with pytest.raises(grpc.RpcError) as missing:
            get(survey_stub, case_number)
        assert missing.value.code() == grpc.StatusCode.NOT_FOUND
