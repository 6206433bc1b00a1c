"""Every deadline rule, pinned (REQUIREMENTS "Precise semantics"; PET-7.3, PET-7.4, PET-9.2, PET-11.3,
PET-14.1, PET-14.2, WARN-3.1, APP-11).

Each expected value was worked out by hand from the month grid printed by
``holidays.country_holidays("TW")`` (x = day off, W = make-up Saturday), e.g.

    2026-02   Mo  Tu  We  Th  Fr  Sa  Su        2026-10   Mo  Tu  We  Th  Fr  Sa  Su
                                      1x                            1   2   3x  4x
              2   3   4   5   6   7x  8x                5   6   7   8   9x 10x 11x
              9  10  11  12  13  14x 15x               12  13  14  15  16  17x 18x
             16x 17x 18x 19x 20x 21x 22x               19  20  21  22  23  24x 25x
             23  24  25  26  27x 28x                   26x 27  28  29  30  31x
    2025-02   Mo  Tu  We  Th  Fr  Sa  Su
              3   4   5   6   7   8W  9x

The day-by-day count is written next to each case.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from civicase_platform.calendar import TAIPEI, OfficeCalendar, deadline

CAL = OfficeCalendar()


def tpe(text: str) -> datetime:
    """A Taipei wall-clock time written 'YYYY-MM-DD HH:MM[:SS]'."""
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def iso(instant: datetime) -> str:
    assert instant.utcoffset() == timedelta(hours=8)
    return instant.isoformat()


class TestMaskingByTheNextWorkingDay:
    """PET-7.3: a reply's masked copy is due 17:30 on the first working day after the reply."""

    def test_a_reply_on_a_weekday_is_due_the_next_day_at_close_of_office(self):
        # Tue 10 Mar 2026 09:00 → Wed 11 Mar (1)
        assert iso(deadline("PET-7.3", tpe("2026-03-10 09:00"))) == "2026-03-11T17:30:00+08:00"

    def test_a_friday_reply_is_due_on_monday(self):
        # Fri 6 Mar 2026 17:45 → Sat, Sun off → Mon 9 Mar (1)
        assert iso(deadline("PET-7.3", tpe("2026-03-06 17:45"))) == "2026-03-09T17:30:00+08:00"

    def test_a_reply_before_lunar_new_year_is_due_after_it(self):
        # Fri 13 Feb 2026 16:00 → 14–22 off → Mon 23 Feb (1)
        assert iso(deadline("PET-7.3", tpe("2026-02-13 16:00"))) == "2026-02-23T17:30:00+08:00"

    def test_a_reply_late_at_night_in_utc_counts_by_its_taipei_date(self):
        # 10 Mar 16:30 UTC = Wed 11 Mar 00:30 Taipei → Thu 12 Mar (1)
        assert iso(deadline("PET-7.3", utc("2026-03-10 16:30"))) == "2026-03-12T17:30:00+08:00"

    def test_a_declared_closure_moves_it(self):
        cal = OfficeCalendar(closures=[date(2026, 3, 11)])
        assert iso(deadline("PET-7.3", tpe("2026-03-10 09:00"), calendar=cal)) == "2026-03-12T17:30:00+08:00"


class TestWorkingDays:
    """N working days: the event's day never counts; 17:30 on day N (PET-7.4, PET-11.3, WARN-3.1)."""

    def test_contract_example_lunar_new_year_and_observed_peace_memorial_day(self):
        # Fri 13 Feb 16:00; 14–22 off; 23(1) 24(2) 25(3) 26(4) 27 off, 28 1 weekend, 2 Mar(5) 3 Mar(6)
        assert iso(deadline("PET-7.4", tpe("2026-02-13 16:00"))) == "2026-03-03T17:30:00+08:00"

    @pytest.mark.parametrize("hour", ["00:00", "08:00", "17:30", "23:59:59"])
    def test_the_event_day_never_counts_whatever_the_hour(self, hour):
        # Mon 9 Mar: 10(1) 11(2) 12(3) 13(4) 16(5) 17(6)
        assert iso(deadline("PET-7.4", tpe(f"2026-03-09 {hour}"))) == "2026-03-17T17:30:00+08:00"

    def test_event_on_a_saturday_counts_from_monday(self):
        # Sat 7 Mar: 9(1) 10(2) 11(3) 12(4) 13(5) 16(6)
        assert iso(deadline("PET-7.4", tpe("2026-03-07 10:00"))) == "2026-03-16T17:30:00+08:00"

    def test_event_on_a_holiday_counts_from_the_next_working_day(self):
        # Tue 17 Feb (Lunar New Year): 23(1) 24(2) 25(3)
        assert iso(deadline("WARN-3.1", tpe("2026-02-17 09:00"))) == "2026-02-25T17:30:00+08:00"

    def test_utc_input_that_is_already_the_next_day_in_taipei(self):
        # 2 Mar 16:00 UTC = Tue 3 Mar 00:00 Taipei: 4(1) 5(2) 6(3) 9(4) 10(5) 11(6)
        assert iso(deadline("PET-7.4", utc("2026-03-02 16:00"))) == "2026-03-11T17:30:00+08:00"
        # one second earlier is Mon 2 Mar 23:59:59 Taipei: 3(1) … 10(6)
        assert iso(deadline("PET-7.4", utc("2026-03-02 15:59:59"))) == "2026-03-10T17:30:00+08:00"

    def test_a_make_up_saturday_counts(self):
        # Wed 5 Feb 2025: 6(1) 7(2) Sat 8 make-up(3) 10(4) 11(5) 12(6)
        assert iso(deadline("PET-7.4", tpe("2025-02-05 10:00"))) == "2025-02-12T17:30:00+08:00"

    def test_labour_day_2025_counts_as_a_working_day(self):
        # Wed 30 Apr 2025: Thu 1 May(1) 2(2) 5(3) 6(4) 7(5) 8(6)
        assert iso(deadline("PET-7.4", tpe("2025-04-30 10:00"))) == "2025-05-08T17:30:00+08:00"

    def test_observed_confucius_birthday_2025(self):
        # Fri 26 Sep 2025: Mon 29 off; 30(1) 1 Oct(2) 2 Oct(3)
        assert iso(deadline("WARN-3.1", tpe("2025-09-26 10:00"))) == "2025-10-02T17:30:00+08:00"

    def test_observed_restoration_day_2025(self):
        # Wed 22 Oct 2025: 23(1) Fri 24 off, 27(2) 28(3)
        assert iso(deadline("WARN-3.1", tpe("2025-10-22 10:00"))) == "2025-10-28T17:30:00+08:00"

    def test_observed_childrens_and_tomb_sweeping_days_2026(self):
        # Wed 1 Apr: 2(1) 3–6 off, 7(2) 8(3) 9(4) 10(5) 13(6)
        assert iso(deadline("PET-7.4", tpe("2026-04-01 10:00"))) == "2026-04-13T17:30:00+08:00"

    def test_observed_national_day_2026(self):
        # Thu 8 Oct: 9–11 off, 12(1) 13(2) 14(3)
        assert iso(deadline("WARN-3.1", tpe("2026-10-08 10:00"))) == "2026-10-14T17:30:00+08:00"

    def test_observed_restoration_day_2026(self):
        # Tue 20 Oct: 21(1) 22(2) 23(3) 24–26 off, 27(4) 28(5) 29(6)
        assert iso(deadline("PET-11.3-return", tpe("2026-10-20 10:00"))) == "2026-10-29T17:30:00+08:00"

    def test_counts_across_the_new_year(self):
        # Thu 24 Dec 2026: 25 off, 28(1) 29(2) 30(3) 31(4), 1–3 Jan off, 4(5) 5(6)
        assert iso(deadline("PET-7.4", tpe("2026-12-24 10:00"))) == "2027-01-05T17:30:00+08:00"

    def test_lunar_new_year_2027(self):
        # Wed 3 Feb 2027: 4–10 off, 11(1) 12(2) 15(3)
        assert iso(deadline("WARN-3.1", tpe("2027-02-03 10:00"))) == "2027-02-15T17:30:00+08:00"

    def test_a_closure_inside_the_count_adds_a_day(self):
        # Mon 20 Jul, typhoon Wed 22: 21(1) 23(2) 24(3) 27(4) 28(5) 29(6)
        typhoon = OfficeCalendar([date(2026, 7, 22)])
        assert iso(typhoon.add_working_days(tpe("2026-07-20 10:00"), 6)) == "2026-07-29T17:30:00+08:00"
        assert iso(CAL.add_working_days(tpe("2026-07-20 10:00"), 6)) == "2026-07-28T17:30:00+08:00"

    def test_closures_on_the_last_day_and_after_it(self):
        # Mon 20 Jul, closures Tue 28 and Wed 29: 21 22 23 24 27 (5), 28 29 closed, 30(6)
        cal = OfficeCalendar([date(2026, 7, 28), date(2026, 7, 29)])
        assert iso(cal.add_working_days(tpe("2026-07-20 10:00"), 6)) == "2026-07-30T17:30:00+08:00"

    def test_a_closure_on_a_day_already_off_changes_nothing(self):
        cal = OfficeCalendar([date(2026, 2, 16), date(2026, 2, 21), date(2026, 2, 27)])
        assert iso(deadline("PET-7.4", tpe("2026-02-13 16:00"), calendar=cal)) == "2026-03-03T17:30:00+08:00"

    def test_a_closure_on_the_event_day_changes_nothing(self):
        # Wed 22 Jul: 23(1) 24(2) 27(3) either way
        cal = OfficeCalendar([date(2026, 7, 22)])
        assert iso(deadline("WARN-3.1", tpe("2026-07-22 10:00"), calendar=cal)) == "2026-07-27T17:30:00+08:00"
        assert iso(deadline("WARN-3.1", tpe("2026-07-22 10:00"))) == "2026-07-27T17:30:00+08:00"

    def test_a_closure_on_a_make_up_saturday_takes_it_out_of_the_count(self):
        # Wed 5 Feb 2025, Sat 8 closed: 6(1) 7(2) 10(3) 11(4) 12(5) 13(6)
        cal = OfficeCalendar([date(2025, 2, 8)])
        assert iso(deadline("PET-7.4", tpe("2025-02-05 10:00"), calendar=cal)) == "2025-02-13T17:30:00+08:00"


class TestCalendarDays:
    """N calendar days: day 1 is the day after; 23:59:59 on day N, moved to the end of the next
    working day if day N is not one (PET-7.4 level B, APP-11)."""

    def test_level_b_thirty_days_landing_on_a_sunday(self):
        # 13 Feb + 30 = Sun 15 Mar → Mon 16 Mar
        assert iso(deadline("PET-7.4-B", tpe("2026-02-13 16:00"))) == "2026-03-16T23:59:59+08:00"

    def test_landing_on_a_working_day(self):
        # 2 Mar + 30 = Wed 1 Apr
        assert iso(deadline("PET-7.4-B", tpe("2026-03-02 10:00"))) == "2026-04-01T23:59:59+08:00"

    def test_landing_on_an_observed_holiday(self):
        # 9 Sep + 30 = Fri 9 Oct (observed National Day) → 10, 11 weekend → Mon 12 Oct
        assert iso(deadline("PET-7.4-B", tpe("2026-09-09 10:00"))) == "2026-10-12T23:59:59+08:00"

    def test_landing_inside_lunar_new_year(self):
        # Sat 17 Jan + 30 = Mon 16 Feb → Mon 23 Feb
        assert iso(deadline("PET-7.4-B", tpe("2026-01-17 10:00"))) == "2026-02-23T23:59:59+08:00"

    def test_landing_on_a_make_up_saturday_stays_there(self):
        # 29 Jan 2025 + 10 = Sat 8 Feb 2025, a make-up working day
        due = deadline("APP-11", tpe("2025-01-29 10:00"), n=10, unit="calendar")
        assert iso(due) == "2025-02-08T23:59:59+08:00"

    def test_landing_on_a_closure_moves(self):
        # 20 Jul + 2 = Wed 22 Jul, closed → Thu 23 Jul
        cal = OfficeCalendar([date(2026, 7, 22)])
        due = deadline("APP-11", tpe("2026-07-20 10:00"), n=2, unit="calendar", calendar=cal)
        assert iso(due) == "2026-07-23T23:59:59+08:00"

    def test_event_late_at_night_and_utc_crossing_midnight(self):
        assert iso(CAL.add_calendar_days(tpe("2026-03-08 23:59"), 1)) == "2026-03-09T23:59:59+08:00"
        # 8 Mar 16:00 UTC is Mon 9 Mar 00:00 in Taipei
        assert iso(CAL.add_calendar_days(utc("2026-03-08 16:00"), 1)) == "2026-03-10T23:59:59+08:00"

    def test_event_on_a_weekend_still_counts_the_next_day_as_day_1(self):
        # Sat 7 Mar + 2 = Mon 9 Mar
        assert iso(CAL.add_calendar_days(tpe("2026-03-07 10:00"), 2)) == "2026-03-09T23:59:59+08:00"


class TestOfficeHoursPET92:
    """PET-9.2: 4 office hours from the notice; 08:30–12:30, 13:30–17:30 on working days."""

    @pytest.mark.parametrize(
        ("notice", "due"),
        [
            ("2026-03-11 08:29", "2026-03-11T12:30:00+08:00"),  # clock starts 08:30
            ("2026-03-11 08:30", "2026-03-11T12:30:00+08:00"),  # ends exactly at 12:30: due then
            ("2026-03-11 09:00", "2026-03-11T14:00:00+08:00"),  # 3.5 h + 0.5 h after lunch
            ("2026-03-11 12:29:59", "2026-03-11T17:29:59+08:00"),  # the requirement's own example
            ("2026-03-11 12:30", "2026-03-11T17:30:00+08:00"),  # lunch: clock starts 13:30
            ("2026-03-11 12:45", "2026-03-11T17:30:00+08:00"),
            ("2026-03-11 13:30", "2026-03-11T17:30:00+08:00"),  # ends exactly at 17:30: due then
            ("2026-03-11 13:30:01", "2026-03-12T08:30:01+08:00"),  # one second carries over
            ("2026-03-11 17:30", "2026-03-12T12:30:00+08:00"),  # after hours: next day 08:30
            ("2026-03-11 20:00", "2026-03-12T12:30:00+08:00"),
            ("2026-03-12 00:00", "2026-03-12T12:30:00+08:00"),
            ("2026-03-13 16:00", "2026-03-16T11:00:00+08:00"),  # Fri 1.5 h, Mon 2.5 h
            ("2026-03-14 10:00", "2026-03-16T12:30:00+08:00"),  # Saturday notice
            ("2026-02-13 16:00", "2026-02-23T11:00:00+08:00"),  # over Lunar New Year
            ("2025-02-07 16:00", "2025-02-08T11:00:00+08:00"),  # into a make-up Saturday
            ("2025-04-30 16:00", "2025-05-01T11:00:00+08:00"),  # Labour Day 2025 is worked
        ],
    )
    def test_four_office_hours(self, notice, due):
        assert iso(deadline("PET-9.2", tpe(notice))) == due

    def test_utc_notice(self):
        # 04:29:59 UTC = 12:29:59 Taipei
        assert iso(deadline("PET-9.2", utc("2026-03-11 04:29:59"))) == "2026-03-11T17:29:59+08:00"

    def test_sub_seconds_are_dropped_before_counting(self):
        notice = tpe("2026-03-11 12:29:59.900")
        assert iso(deadline("PET-9.2", notice)) == "2026-03-11T17:29:59+08:00"
        assert iso(deadline("PET-9.2", tpe("2026-03-11 08:30:00.500"))) == "2026-03-11T12:30:00+08:00"

    def test_a_closure_inside_the_count_is_skipped(self):
        # Thu 12 Mar 16:00 1.5 h, Fri 13 closed, Mon 16 08:30 + 2.5 h
        cal = OfficeCalendar([date(2026, 3, 13)])
        assert iso(deadline("PET-9.2", tpe("2026-03-12 16:00"), calendar=cal)) == "2026-03-16T11:00:00+08:00"

    def test_notice_on_a_closure_day_starts_on_the_next_working_day(self):
        cal = OfficeCalendar([date(2026, 3, 13)])
        assert iso(deadline("PET-9.2", tpe("2026-03-13 09:00"), calendar=cal)) == "2026-03-16T12:30:00+08:00"


class TestOfficeHoursGeneral:
    def test_accepts_a_timedelta_and_ends_at_noon_exactly(self):
        assert iso(CAL.add_office_hours(tpe("2026-03-11 11:00"), timedelta(minutes=90))) == (
            "2026-03-11T12:30:00+08:00"
        )

    def test_eight_hours_from_08_30_is_17_30_the_same_day(self):
        assert iso(CAL.add_office_hours(tpe("2026-03-11 08:30"), 8)) == "2026-03-11T17:30:00+08:00"

    def test_many_days_of_hours(self):
        # Mon 9 Mar 08:30 + 40 h = five full days → Fri 13 Mar 17:30; + 1 h more → Mon 16 09:30
        assert iso(CAL.add_office_hours(tpe("2026-03-09 08:30"), 40)) == "2026-03-13T17:30:00+08:00"
        assert iso(CAL.add_office_hours(tpe("2026-03-09 08:30"), 41)) == "2026-03-16T09:30:00+08:00"
        # from Sat 14 Feb: 23 Feb 08:30 + 16 h → Tue 24 Feb 17:30
        assert iso(CAL.add_office_hours(tpe("2026-02-14 12:00"), 16)) == "2026-02-24T17:30:00+08:00"

    @pytest.mark.parametrize("hours", [0, -1, timedelta(0), timedelta(seconds=-5)])
    def test_non_positive_durations_are_refused(self, hours):
        with pytest.raises(ValueError, match="positive"):
            CAL.add_office_hours(tpe("2026-03-11 09:00"), hours)

    def test_fractions_of_a_second_are_refused(self):
        with pytest.raises(ValueError, match="whole number of seconds"):
            CAL.add_office_hours(tpe("2026-03-11 09:00"), timedelta(seconds=1.5))

    def test_booleans_are_refused(self):
        with pytest.raises(TypeError):
            CAL.add_office_hours(tpe("2026-03-11 09:00"), True)


class TestUnsatisfiedEvaluationPET113:
    """8 office hours (escalated: 16) from 08:30 of the first working day after the answer."""

    @pytest.mark.parametrize(
        ("answer", "first", "escalated"),
        [
            ("2026-03-11 10:00", "2026-03-12T17:30:00+08:00", "2026-03-13T17:30:00+08:00"),
            ("2026-03-11 07:00", "2026-03-12T17:30:00+08:00", "2026-03-13T17:30:00+08:00"),
            ("2026-03-13 23:59", "2026-03-16T17:30:00+08:00", "2026-03-17T17:30:00+08:00"),
            ("2026-02-12 15:00", "2026-02-13T17:30:00+08:00", "2026-02-23T17:30:00+08:00"),
            ("2026-02-14 09:00", "2026-02-23T17:30:00+08:00", "2026-02-24T17:30:00+08:00"),
            ("2025-02-07 09:00", "2025-02-08T17:30:00+08:00", "2025-02-10T17:30:00+08:00"),
        ],
    )
    def test_first_and_escalated(self, answer, first, escalated):
        assert iso(deadline("PET-11.3", tpe(answer))) == first
        assert iso(deadline("PET-11.3-escalated", tpe(answer))) == escalated

    def test_a_closure_on_the_next_day_moves_the_start(self):
        cal = OfficeCalendar([date(2026, 3, 12)])
        assert iso(deadline("PET-11.3", tpe("2026-03-11 10:00"), calendar=cal)) == "2026-03-13T17:30:00+08:00"

    def test_utc_answer_late_in_the_taipei_day(self):
        # 11 Mar 15:59:59 UTC = Wed 23:59:59 Taipei → Thu; 16:00 UTC = Thu 00:00 → Fri
        assert iso(deadline("PET-11.3", utc("2026-03-11 15:59:59"))) == "2026-03-12T17:30:00+08:00"
        assert iso(deadline("PET-11.3", utc("2026-03-11 16:00"))) == "2026-03-13T17:30:00+08:00"

    def test_returned_case_is_six_working_days(self):
        assert iso(deadline("PET-11.3-return", tpe("2026-02-13 16:00"))) == "2026-03-03T17:30:00+08:00"


class TestReportsPET14:
    """By the 10th, end of day; a 10th that is not a working day moves to the next working day."""

    @pytest.mark.parametrize(
        ("instant", "due"),
        [
            (tpe("2026-01-15 10:00"), "2026-02-10T23:59:59+08:00"),  # Tue 10 Feb
            (tpe("2026-04-20 10:00"), "2026-05-11T23:59:59+08:00"),  # Sun 10 May → Mon 11
            (tpe("2026-09-03 10:00"), "2026-10-12T23:59:59+08:00"),  # Sat 10 Oct → Mon 12
            (tpe("2026-12-20 10:00"), "2027-01-11T23:59:59+08:00"),  # Sun 10 Jan 2027 → Mon 11
            (tpe("2027-01-20 10:00"), "2027-02-11T23:59:59+08:00"),  # 10 Feb 2027 Lunar New Year
            (tpe("2027-09-01 10:00"), "2027-10-12T23:59:59+08:00"),  # Sun 10, Mon 11 observed → Tue 12
            # 30 Apr 16:30 UTC is 1 May 00:30 in Taipei: the May report, due Wed 10 Jun
            (utc("2026-04-30 16:30"), "2026-06-10T23:59:59+08:00"),
            (tpe("2026-05-31 23:59:59"), "2026-06-10T23:59:59+08:00"),
            (tpe("2026-06-01 00:00"), "2026-07-10T23:59:59+08:00"),  # Fri 10 Jul
        ],
    )
    def test_monthly_report(self, instant, due):
        assert iso(deadline("PET-14.1", instant)) == due

    def test_monthly_report_due_day_closed(self):
        cal = OfficeCalendar([date(2026, 6, 10)])
        assert iso(deadline("PET-14.1", tpe("2026-05-15 10:00"), calendar=cal)) == "2026-06-11T23:59:59+08:00"

    @pytest.mark.parametrize(
        ("instant", "due"),
        [
            (tpe("2026-02-13 16:00"), "2026-04-10T23:59:59+08:00"),  # Q1 → Fri 10 Apr
            (tpe("2026-03-31 23:59:59"), "2026-04-10T23:59:59+08:00"),
            (utc("2026-03-31 16:00"), "2026-07-10T23:59:59+08:00"),  # 1 Apr 00:00 Taipei: Q2 → Fri 10 Jul
            (tpe("2026-08-01 10:00"), "2026-10-12T23:59:59+08:00"),  # Q3 → Sat 10 Oct → Mon 12
            (tpe("2026-11-11 10:00"), "2027-01-11T23:59:59+08:00"),  # Q4 → Sun 10 Jan → Mon 11
            (tpe("2027-01-05 10:00"), "2027-04-12T23:59:59+08:00"),  # Sat 10 Apr 2027 → Mon 12
        ],
    )
    def test_quarterly_report(self, instant, due):
        assert iso(deadline("PET-14.2", instant)) == due


class TestApp11:
    def test_working_days(self):
        # Fri 13 Feb: 23(1) 24(2) 25(3)
        due = deadline("APP-11", tpe("2026-02-13 16:00"), n=3, unit="working")
        assert iso(due) == "2026-02-25T17:30:00+08:00"

    def test_calendar_days(self):
        # 13 Feb + 3 = Mon 16 Feb (Lunar New Year's Eve) → Mon 23 Feb
        due = deadline("APP-11", tpe("2026-02-13 16:00"), n=3, unit="calendar")
        assert iso(due) == "2026-02-23T23:59:59+08:00"

    def test_n_and_unit_are_required(self):
        with pytest.raises(ValueError, match="needs n"):
            deadline("APP-11", tpe("2026-02-13 16:00"), unit="working")
        with pytest.raises(ValueError, match="unit"):
            deadline("APP-11", tpe("2026-02-13 16:00"), n=3)
        with pytest.raises(ValueError, match="unit"):
            deadline("APP-11", tpe("2026-02-13 16:00"), n=3, unit="days")

    @pytest.mark.parametrize("n", [0, -1])
    def test_n_below_one_is_refused(self, n):
        with pytest.raises(ValueError, match="1 or more"):
            deadline("APP-11", tpe("2026-02-13 16:00"), n=n, unit="working")

    @pytest.mark.parametrize("n", [True, 2.0, "3"])
    def test_n_must_be_an_integer(self, n):
        with pytest.raises(TypeError):
            deadline("APP-11", tpe("2026-02-13 16:00"), n=n, unit="calendar")


class TestDispatchAndInputs:
    def test_results_are_in_taipei(self):
        due = deadline("PET-7.4", utc("2026-02-13 08:00"))
        assert due.tzinfo is TAIPEI

    def test_unknown_rule(self):
        with pytest.raises(ValueError, match="unknown rule 'PET-99'.*PET-7.4"):
            deadline("PET-99", tpe("2026-02-13 16:00"))

    def test_n_and_unit_only_for_app_11(self):
        with pytest.raises(ValueError, match="only to APP-11"):
            deadline("PET-7.4", tpe("2026-02-13 16:00"), n=6)

    @pytest.mark.parametrize(
        "rule", ["PET-7.3", "PET-7.4", "PET-7.4-B", "PET-9.2", "PET-11.3", "PET-14.1", "PET-14.2", "WARN-3.1"]
    )
    def test_naive_datetimes_are_refused(self, rule):
        with pytest.raises(ValueError, match="no UTC offset"):
            deadline(rule, datetime(2026, 2, 13, 16, 0))

    def test_a_date_is_not_an_instant(self):
        with pytest.raises(TypeError):
            CAL.add_working_days(date(2026, 2, 13), 6)

    def test_deadlines_beyond_the_holiday_data_are_refused(self):
        with pytest.raises(ValueError, match="after 2100"):
            CAL.add_working_days(tpe("2100-12-31 10:00"), 1)
        with pytest.raises(ValueError, match="after 2100"):
            CAL.add_calendar_days(tpe("2026-01-01 10:00"), 10**18)
        with pytest.raises(ValueError, match="outside the years"):
            CAL.add_working_days(tpe("1997-06-01 10:00"), 1)

    def test_equivalences_the_requirements_state(self):
        # PET-11.3: "8 hours end at 17:30 that day and 2 working days at 17:30 of the next one"
        for day in range(1, 29):
            start = tpe(f"2026-02-{day:02d} 11:00")
            assert deadline("PET-11.3", start) == CAL.add_working_days(start, 1)
            assert deadline("PET-11.3-escalated", start) == CAL.add_working_days(start, 2)
