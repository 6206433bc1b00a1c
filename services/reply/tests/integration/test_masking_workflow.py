"""The masking workflow on the real database (PET-7.3, PET-12, PET-7.5 hook): copies made with the
petitioner's own data masked, clerks' edits audited, approval and automatic publication with their
outbox events, and the auto-publisher safe when several reply instances run it at once."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from civicase_platform.errors import Conflict, InvalidInput, PermissionDenied
from reply import handlers, masking_handlers
from reply.adapters.orm import masked_copies, masking_audit
from reply.domain.masking import Known
from reply.domain.replies import Level, validate_reply

TAIPEI = ZoneInfo("Asia/Taipei")
CASE = "000-20260213-00001"
AGENCY = "379000000A"
REPLIED = datetime(2026, 3, 10, 10, 0, tzinfo=TAIPEI)  # Tue → due Wed 11 Mar 17:30
DUE = datetime(2026, 3, 11, 17, 30, tzinfo=TAIPEI)
NAME, PHONE, EMAIL = "林美華", "0912-345-678", "meihua.lin@example.com"
CONTENT = f"我是{NAME}，家門口路燈不亮，請回電{PHONE}或寫信到{EMAIL}。"
REPLY_TEXT = f"{NAME}君您好：已派員修復，如有疑問請洽承辦人。"
KNOWN = masking_handlers.CaseText(subject="路燈故障", content=CONTENT,
                                  known=Known(name=NAME, phone=PHONE, email=EMAIL))


def setup_reply(uow, case: str = CASE, content: str = REPLY_TEXT, at: datetime = REPLIED) -> int:
    with uow() as tx:
        handlers.record_assignment(tx, handlers.Assignment(
            case_number=case, agency_code=AGENCY, subcategory_code="STREET_LIGHT",
            received_at=datetime(2026, 3, 9, 9, 0, tzinfo=TAIPEI),
            assigned_at=datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI)))
        handlers.record_reply(tx, validate_reply(case_number=case, content=content, level=Level.A,
                                                 handler="承辦人"), now=at)
        reply_id = masking_handlers.find_reply_id(tx, case, at)
        tx.commit()
    return reply_id


def make_copies(uow, case: str = CASE, case_text=KNOWN, at: datetime = REPLIED) -> dict[str, int]:
    reply_id = setup_reply(uow, case, at=at)
    with uow() as tx:
        assert masking_handlers.create_masked_copies(tx, reply_id, case_text, now=at) == (2 if case_text else 1)
        tx.commit()
    with uow() as tx:
        return {c.kind.value: c.id for c in masking_handlers.get_masked_copies(tx, case, now=at)}


def events_of(outbox_events, event_type: str) -> list[dict]:
    return [e for e in outbox_events() if e["type"] == event_type]


class TestCopiesAreCreated:
    """PET-7.3/PET-12: after a reply, the reply and the case content get masked copies."""

    def test_the_petitioners_own_data_is_masked_in_both_copies(self, uow, outbox_events):
        make_copies(uow)
        with uow() as tx:
            reply_copy, content_copy = masking_handlers.get_masked_copies(tx, CASE, now=REPLIED)
        assert reply_copy.kind.value == "reply" and content_copy.kind.value == "case_content"
        assert reply_copy.masked_text == "○○○君您好：已派員修復，如有疑問請洽承辦人。"
        for secret in (NAME, PHONE, EMAIL):
            assert secret not in content_copy.masked_text
        assert len(content_copy.masked_text) == len("路燈故障\n" + CONTENT)
        assert content_copy.masked_text.startswith("路燈故障\n我是○○○，")
        assert {s.type.value for s in content_copy.spans} >= {"PERSON", "PHONE", "EMAIL"}
        assert reply_copy.state.value == "pending_review" and reply_copy.due == DUE
        [deadline_set] = [e for e in events_of(outbox_events, "deadline_set") if e["data"]["rule"] == "PET-7.3"]
        assert deadline_set["data"]["due"] == "2026-03-11T09:30:00Z"
        assert deadline_set["subject"] == CASE and deadline_set["data"]["agency_code"] == AGENCY

    def test_creation_is_idempotent(self, uow, outbox_events):
        make_copies(uow)
        reply_id = 1
        with uow() as tx:
            assert masking_handlers.create_masked_copies(tx, reply_id, KNOWN, now=REPLIED) == 0
            tx.commit()
        assert len([e for e in events_of(outbox_events, "deadline_set") if e["data"]["rule"] == "PET-7.3"]) == 1

    def test_without_the_case_from_intake_only_the_reply_is_masked(self, uow):
        make_copies(uow, case_text=None)
        with uow() as tx:
            [only] = masking_handlers.get_masked_copies(tx, CASE, now=REPLIED)
        assert only.kind.value == "reply"

    def test_the_petitioner_contact_is_not_stored_and_the_audit_has_no_original_characters(self, uow,
                                                                                            reply_engine):
        copies = make_copies(uow)
        with reply_engine.connect() as conn:
            rows = conn.execute(select(masked_copies)).all()
            audit = conn.execute(select(masking_audit)).all()
        reply_row = next(r for r in rows if r.id == copies["reply"])
        assert reply_row.original_text is None  # the reply's original stays in replies only
        dump = repr([tuple(r) for r in audit])
        for secret in (NAME, "0912", EMAIL):
            assert secret not in dump
        assert {r.action for r in audit} == {"created", "span_added"}
        assert all(r.actor == "system" for r in audit)

    def test_replies_without_copies_are_found_for_the_timer(self, uow):
        reply_id = setup_reply(uow)
        with uow() as tx:
            waiting = masking_handlers.replies_awaiting_masking(tx, replied_before=datetime(2026, 3, 10, 11, 0,
                                                                                            tzinfo=TAIPEI))
            assert waiting == [(reply_id, CASE)]
            masking_handlers.create_masked_copies(tx, reply_id, KNOWN, now=REPLIED)
            assert masking_handlers.replies_awaiting_masking(tx, replied_before=DUE) == []


class TestClerkReview:
    """PET-12: a clerk adds and removes spans, then approves; every change says who and when."""

    def test_edits_change_the_masked_text_and_are_audited(self, uow):
        copies = make_copies(uow)
        at = datetime(2026, 3, 11, 9, 0, tzinfo=TAIPEI)
        with uow() as tx:
            view = masking_handlers.update_mask_spans(
                tx, copies["reply"], add=[(19, 22, "PERSON")], remove=[(0, 3, "PERSON")], actor="clerk-7",
                reason="承辦人 is a title", now=at)
            tx.commit()
        assert view.masked_text == f"{NAME}君您好：已派員修復，如有疑問請洽○○○。"
        with uow() as tx:
            trail = masking_handlers.audit_trail(tx, copies["reply"])
        mine = [(r.actor, r.action, r.span_start, r.span_end, r.span_type, r.at) for r in trail if r.actor == "clerk-7"]
        assert mine == [("clerk-7", "span_removed", 0, 3, "PERSON", at),
                        ("clerk-7", "span_added", 19, 22, "PERSON", at)]

    def test_an_invalid_edit_changes_nothing(self, uow):
        copies = make_copies(uow)
        with uow() as tx, pytest.raises(InvalidInput, match="overlaps an existing span"):
            masking_handlers.update_mask_spans(tx, copies["reply"], add=[(1, 5, "PERSON")], remove=[],
                                               actor="clerk-7")
        with uow() as tx:
            assert [r.action for r in masking_handlers.audit_trail(tx, copies["reply"])][-1] == "span_added"

    def test_approval_publishes_masked_text_only_and_meets_the_deadline_when_all_are_published(
            self, uow, outbox_events):
        copies = make_copies(uow)
        at = datetime(2026, 3, 11, 9, 0, tzinfo=TAIPEI)
        with uow() as tx:
            view = masking_handlers.approve_masked_copy(tx, copies["reply"], actor="clerk-7", now=at)
            tx.commit()
        assert (view.state.value, view.reviewed_by, view.reviewed_at, view.published_at) == ("published", "clerk-7",
                                                                                             at, at)
        assert not [e for e in events_of(outbox_events, "deadline_met") if e["data"]["rule"] == "PET-7.3"]
        with uow() as tx:
            masking_handlers.approve_masked_copy(tx, copies["case_content"], actor="clerk-7", now=at)
            tx.commit()
        published = events_of(outbox_events, "masked_copy_published")
        assert [e["data"]["kind"] for e in published] == ["reply", "case_content"]
        for event in published:
            assert event["data"]["reviewed"] is True
            for secret in (NAME, PHONE, EMAIL, "0912345678"):
                assert secret not in str(event)
        [met] = [e for e in events_of(outbox_events, "deadline_met") if e["data"]["rule"] == "PET-7.3"]
        assert met["data"]["met_at"] == "2026-03-11T01:00:00Z"
        with uow() as tx:
            rows = {r.id: r for r in tx.session.execute(select(masked_copies))}
        assert rows[copies["case_content"]].original_text is None  # not kept once final

    def test_a_published_copy_cannot_be_edited_or_approved_again(self, uow):
        copies = make_copies(uow)
        with uow() as tx:
            masking_handlers.approve_masked_copy(tx, copies["reply"], actor="clerk-7")
            tx.commit()
        with uow() as tx, pytest.raises(Conflict, match="already published"):
            masking_handlers.update_mask_spans(tx, copies["reply"], add=[(5, 6, "PERSON")], remove=[], actor="c")
        with uow() as tx, pytest.raises(Conflict, match="already published"):
            masking_handlers.approve_masked_copy(tx, copies["reply"], actor="clerk-7")


class TestOriginalText:
    """PET-7.5 hook: the original only with an approved access grant; every attempt audited."""

    def test_refused_without_a_grant_and_the_attempt_is_audited(self, uow):
        copies = make_copies(uow)
        with uow() as tx:
            with pytest.raises(PermissionDenied, match="PET-7.5"):
                masking_handlers.get_original_text(tx, copies["reply"], actor="clerk-7", purpose="訴願")
            tx.commit()
        with uow() as tx:
            last = masking_handlers.audit_trail(tx, copies["reply"])[-1]
        assert (last.actor, last.action, last.reason) == ("clerk-7", "original_denied", "訴願")

    def test_given_with_a_grant(self, uow):
        copies = make_copies(uow)
        with uow() as tx:
            text = masking_handlers.get_original_text(tx, copies["case_content"], actor="clerk-7",
                                                      granted=lambda case, actor: actor == "clerk-7")
        assert text == "路燈故障\n" + CONTENT


class TestAutoPublication:
    """PET-7.3: an unreviewed copy is published automatically when its due arrives."""

    def test_only_due_unreviewed_copies_are_published(self, uow, outbox_events):
        due_now = make_copies(uow)  # due Wed 11 Mar 17:30
        later = make_copies(uow, case="000-20260213-00002", at=datetime(2026, 3, 11, 10, 0, tzinfo=TAIPEI))
        with uow() as tx:  # one copy of the due case already approved by a clerk
            masking_handlers.approve_masked_copy(tx, due_now["reply"], actor="clerk-7",
                                                 now=datetime(2026, 3, 11, 9, 0, tzinfo=TAIPEI))
            tx.commit()
        before = masking_handlers.publish_due_copies(uow, now=datetime(2026, 3, 11, 17, 29, 59, tzinfo=TAIPEI))
        assert before == []
        published = masking_handlers.publish_due_copies(uow, now=DUE)
        assert published == [due_now["case_content"]]
        with uow() as tx:
            views = {v.id: v for c in (CASE, "000-20260213-00002")
                     for v in masking_handlers.get_masked_copies(tx, c, now=DUE)}
        assert views[due_now["case_content"]].reviewed_by == ""
        assert views[due_now["reply"]].reviewed_by == "clerk-7"
        assert all(views[i].state.value == "pending_review" for i in later.values())
        auto = [e for e in events_of(outbox_events, "masked_copy_published") if not e["data"].get("reviewed")]
        assert [e["data"]["kind"] for e in auto] == ["case_content"]
        assert [e["subject"] for e in events_of(outbox_events, "deadline_met")
                if e["data"]["rule"] == "PET-7.3"] == [CASE]

    def test_the_queue_shows_overdue_copies(self, uow):
        make_copies(uow)
        make_copies(uow, case="000-20260213-00002", at=datetime(2026, 3, 11, 10, 0, tzinfo=TAIPEI))
        with uow() as tx:
            overdue = masking_handlers.list_masking_queue(tx, overdue_only=True, now=DUE)
            everything = masking_handlers.list_masking_queue(tx, agency_code=AGENCY, now=DUE)
            other = masking_handlers.list_masking_queue(tx, agency_code="379050000A", now=DUE)
        assert {v.case_number for v in overdue} == {CASE} and all(v.overdue for v in overdue)
        assert len(everything) == 4 and other == []

    def test_two_concurrent_publishers_publish_each_copy_once(self, uow, outbox_events):
        for n in range(1, 7):
            make_copies(uow, case=f"000-20260213-{n:05d}")
        results: list[list[int]] = []
        start = threading.Barrier(2)

        def run():
            start.wait()
            results.append(masking_handlers.publish_due_copies(uow, now=DUE))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        together = sorted(results[0] + results[1])
        assert together == sorted(set(together)) and len(together) == 12
        assert len(events_of(outbox_events, "masked_copy_published")) == 12
        met = [e["subject"] for e in events_of(outbox_events, "deadline_met") if e["data"]["rule"] == "PET-7.3"]
        assert sorted(met) == [f"000-20260213-{n:05d}" for n in range(1, 7)]
