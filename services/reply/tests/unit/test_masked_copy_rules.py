"""The masking workflow's rules (PET-7.3, PET-12): the due of a masked copy, a clerk's span edits,
and what may change after publication."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from civicase_platform.calendar import OfficeCalendar
from civicase_platform.errors import Conflict, InvalidInput
from reply.domain.masked_copies import CopyState, check_actor, edit_spans, ensure_editable, masking_deadline, remask
from reply.domain.masking import Span, SpanType

TAIPEI = ZoneInfo("Asia/Taipei")


def tpe(*args: int) -> datetime:
    return datetime(*args, tzinfo=TAIPEI)


class TestMaskingDue:
    """PET-7.3: masking is due by the next working day after the reply — 17:30 that day."""

    def test_a_tuesday_reply_is_due_wednesday_at_close_of_office(self):
        due = masking_deadline(tpe(2026, 3, 10, 9, 0))
        assert due.rule == "PET-7.3"
        assert due.due.astimezone(TAIPEI) == tpe(2026, 3, 11, 17, 30)
        assert due.due.tzinfo == UTC

    def test_a_friday_reply_is_due_on_monday(self):
        assert masking_deadline(tpe(2026, 3, 6, 16, 0)).due.astimezone(TAIPEI) == tpe(2026, 3, 9, 17, 30)

    def test_a_reply_just_before_midnight_on_friday_is_still_due_monday(self):
        assert masking_deadline(tpe(2026, 3, 6, 23, 59, 59)).due.astimezone(TAIPEI) == tpe(2026, 3, 9, 17, 30)

    def test_a_reply_before_lunar_new_year_is_due_the_first_working_day_after_it(self):
        # Fri 13 Feb 2026; 14–22 Feb off (Lunar New Year and weekends) → Mon 23 Feb
        assert masking_deadline(tpe(2026, 2, 13, 16, 0)).due.astimezone(TAIPEI) == tpe(2026, 2, 23, 17, 30)

    def test_a_reply_during_the_holiday_is_due_the_first_working_day_after_it(self):
        assert masking_deadline(tpe(2026, 2, 17, 10, 0)).due.astimezone(TAIPEI) == tpe(2026, 2, 23, 17, 30)

    def test_a_typhoon_closure_on_the_next_day_moves_it(self):
        cal = OfficeCalendar(closures=[datetime(2026, 3, 11).date()])
        assert masking_deadline(tpe(2026, 3, 10, 9, 0), cal).due.astimezone(TAIPEI) == tpe(2026, 3, 12, 17, 30)


TEXT = "陳情人王小明電話0912345678，住址中山路"
CURRENT = [Span(3, 6, SpanType.PERSON), Span(8, 18, SpanType.PHONE)]


class TestSpanEdits:
    """PET-12: a clerk adds and removes spans; every bad span is reported at once, nothing applied."""

    def test_adding_and_removing_gives_sorted_spans_and_what_changed(self):
        edit = edit_spans(len(TEXT), CURRENT, add=[(0, 3, "PERSON")], remove=[(8, 18, "PHONE")])
        assert edit.spans == [Span(0, 3, SpanType.PERSON), Span(3, 6, SpanType.PERSON)]
        assert edit.added == [Span(0, 3, SpanType.PERSON)]
        assert edit.removed == [Span(8, 18, SpanType.PHONE)]

    def test_a_span_may_be_replaced_in_one_edit(self):
        edit = edit_spans(len(TEXT), CURRENT, add=[(3, 5, "PERSON")], remove=[(3, 6, "PERSON")])
        assert edit.spans == [Span(3, 5, SpanType.PERSON), Span(8, 18, SpanType.PHONE)]

    @pytest.mark.parametrize(("add", "message"), [
        ((20, 30, "ADDRESS"), r"add \[20, 30\) ADDRESS: a span must satisfy 0 ≤ start < end ≤ 24"),
        ((-1, 2, "PERSON"), r"0 ≤ start < end ≤ 24"),
        ((5, 5, "PERSON"), r"0 ≤ start < end ≤ 24"),
        ((0, 2, "NICKNAME"), r"unknown type 'NICKNAME'; use one of PERSON, TW_ID"),
        ((5, 9, "PERSON"), r"overlaps an existing span \[3, 6\) PERSON; remove that span first"),
    ])
    def test_a_bad_addition_is_refused_with_what_to_do(self, add, message):
        with pytest.raises(InvalidInput, match=message):
            edit_spans(len(TEXT), CURRENT, add=[add], remove=[])

    def test_added_spans_may_not_overlap_each_other(self):
        with pytest.raises(InvalidInput, match=r"overlaps another added span \[19, 22\) ADDRESS"):
            edit_spans(len(TEXT), CURRENT, add=[(19, 22, "ADDRESS"), (21, 24, "ADDRESS")], remove=[])

    def test_removing_a_span_that_is_not_there_is_refused(self):
        with pytest.raises(InvalidInput, match=r"remove \[3, 7\) PERSON: no such span on this copy"):
            edit_spans(len(TEXT), CURRENT, add=[], remove=[(3, 7, "PERSON")])

    def test_every_problem_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as err:
            edit_spans(len(TEXT), CURRENT, add=[(0, 99, "PERSON"), (0, 1, "X")], remove=[(1, 2, "PERSON")])
        assert str(err.value).count(";") >= 2

    def test_an_empty_edit_is_refused(self):
        with pytest.raises(InvalidInput, match="nothing to change"):
            edit_spans(len(TEXT), CURRENT, add=[], remove=[])

    def test_remasking_restores_removed_characters_and_keeps_the_length(self):
        edit = edit_spans(len(TEXT), CURRENT, add=[(21, 24, "ADDRESS")], remove=[(8, 18, "PHONE")])
        masked = remask(TEXT, edit.spans)
        assert masked == "陳情人○○○電話0912345678，住址○○○"
        assert len(masked) == len(TEXT)


class TestStatesAndActor:
    def test_a_published_copy_can_no_longer_change(self):
        with pytest.raises(Conflict, match="already published"):
            ensure_editable(CopyState.PUBLISHED, 7)
        ensure_editable(CopyState.PENDING_REVIEW, 7)

    def test_the_actor_is_required_for_the_audit(self):
        with pytest.raises(InvalidInput, match="actor is required"):
            check_actor("  ")
        assert check_actor(" clerk-1 ") == "clerk-1"
