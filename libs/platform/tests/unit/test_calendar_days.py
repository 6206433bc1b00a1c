"""Which days are working days (REQUIREMENTS "Precise semantics" → Calendar).

Expected values were read off a printed month grid of ``holidays.country_holidays("TW")`` 0.109 and
checked against the DGPA office calendars for 2024–2027; they are facts, not this module's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from civicase_platform.calendar import TAIPEI, OfficeCalendar

CAL = OfficeCalendar()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class TestPackageFacts:
    """Weekends and holidays are off, make-up Saturdays are on, default categories only."""

    def test_lunar_new_year_2026_is_off_from_14_to_22_february(self):
        assert [CAL.is_working_day(d) for d in days(date(2026, 2, 13), date(2026, 2, 23))] == [
            True,
            *[False] * 9,
            True,
        ]

    @pytest.mark.parametrize(
        "day",
        [
            date(2026, 2, 27),  # Peace Memorial Day (28th, a Saturday) observed on Friday
            date(2026, 4, 3),  # Children's Day (4th, Saturday) observed Friday
            date(2026, 4, 6),  # Tomb-Sweeping Day (5th, Sunday) observed Monday
            date(2026, 10, 9),  # National Day (10th, Saturday) observed Friday
            date(2026, 10, 26),  # Restoration Day (25th, Sunday) observed Monday
            date(2025, 9, 29),  # Confucius' Birthday (28th, Sunday) observed Monday; holidays>=0.88
            date(2025, 10, 24),  # Restoration Day (25th, Saturday) observed Friday; holidays>=0.88
            date(2026, 5, 1),  # Labour Day is a day off for everyone from 2026
            date(2026, 9, 28),  # Confucius' Birthday / Teachers' Day, Monday
            date(2026, 12, 25),  # Constitution Day, Friday
            date(2025, 1, 27),  # bridge day paid for by Saturday 2025-02-08
            date(2024, 2, 8),  # bridge day paid for by Saturday 2024-02-17
            date(2027, 2, 10),  # Lunar New Year 2027 observed
        ],
    )
    def test_holidays_and_observed_holidays_are_off(self, day):
        assert CAL.is_working_day(day) is False

    def test_labour_day_2025_is_a_working_day_for_government_offices(self):
        assert CAL.is_working_day(date(2025, 5, 1)) is True  # OPTIONAL category, not default

    @pytest.mark.parametrize("saturday", [date(2025, 2, 8), date(2024, 2, 17)])
    def test_make_up_saturdays_are_working_days(self, saturday):
        assert saturday.weekday() == 5
        assert CAL.is_working_day(saturday) is True

    def test_make_up_saturday_declared_in_next_years_data_is_a_working_day(self):
        # The package files Saturday 2014-12-27 under 2015 (it paid for Friday 2015-01-02).
        assert CAL.is_working_day(date(2014, 12, 27)) is True
        assert CAL.is_working_day(date(2015, 1, 2)) is False

    @pytest.mark.parametrize("year", [2026, 2027])
    def test_2026_and_2027_have_no_make_up_saturday(self, year):
        saturdays = [d for d in days(date(year, 1, 1), date(year, 12, 31)) if d.weekday() == 5]
        assert not any(CAL.is_working_day(d) for d in saturdays)

    def test_ordinary_weekdays_are_working_days(self):
        assert all(CAL.is_working_day(d) for d in days(date(2026, 3, 2), date(2026, 3, 6)))
        assert not CAL.is_working_day(date(2026, 3, 7)) and not CAL.is_working_day(date(2026, 3, 8))

    def test_2026_has_245_working_days(self):
        # 365 days − 104 weekend days − 16 weekdays off: 1 Jan, 16–20 Feb, 27 Feb, 3 and 6 Apr, 1 May,
        # 19 Jun, 25 and 28 Sep, 9 and 26 Oct, 25 Dec (counted by hand off the month grid).
        assert sum(CAL.is_working_day(d) for d in days(date(2026, 1, 1), date(2026, 12, 31))) == 245


class TestClosures:
    def test_a_closure_makes_a_working_day_off(self):
        typhoon = OfficeCalendar([date(2026, 7, 28)])
        assert typhoon.is_working_day(date(2026, 7, 28)) is False
        assert typhoon.is_working_day(date(2026, 7, 29)) is True

    def test_a_closure_on_a_make_up_saturday_makes_it_off(self):
        assert OfficeCalendar([date(2025, 2, 8)]).is_working_day(date(2025, 2, 8)) is False

    def test_a_closure_on_a_day_already_off_changes_nothing(self):
        off_already = OfficeCalendar([date(2026, 2, 16), date(2026, 2, 21)])
        for d in days(date(2026, 2, 1), date(2026, 3, 31)):
            assert off_already.is_working_day(d) == CAL.is_working_day(d)

    def test_closures_belong_to_their_calendar_only(self):
        OfficeCalendar([date(2026, 7, 28)])
        assert CAL.is_working_day(date(2026, 7, 28)) is True

    def test_closures_must_be_dates(self):
        with pytest.raises(TypeError):
            OfficeCalendar([datetime(2026, 7, 28, tzinfo=TAIPEI)])
        with pytest.raises(TypeError):
            OfficeCalendar(["2026-07-28"])


class TestNextWorkingDay:
    def test_is_strictly_after_the_given_day(self):
        assert CAL.next_working_day(date(2026, 3, 2)) == date(2026, 3, 3)

    def test_skips_lunar_new_year(self):
        assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)

    def test_lands_on_a_make_up_saturday(self):
        assert CAL.next_working_day(date(2025, 2, 7)) == date(2025, 2, 8)

    def test_skips_closures(self):
        assert OfficeCalendar([date(2026, 3, 3)]).next_working_day(date(2026, 3, 2)) == date(2026, 3, 4)

    def test_crosses_the_year(self):
        assert CAL.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)


class TestInstantsAsDays:
    def test_an_aware_datetime_stands_for_its_taipei_date(self):
        # Sunday 22 Feb 16:30 UTC is Monday 23 Feb 00:30 in Taipei: a working day.
        assert CAL.is_working_day(datetime(2026, 2, 22, 16, 30, tzinfo=UTC)) is True
        assert CAL.next_working_day(datetime(2026, 2, 13, 16, 0, tzinfo=UTC)) == date(2026, 2, 23)

    def test_a_naive_datetime_is_refused(self):
        with pytest.raises(ValueError, match="no UTC offset"):
            CAL.is_working_day(datetime(2026, 2, 23, 9, 0))

    @pytest.mark.parametrize("day", [date(1997, 12, 31), date(2101, 1, 1)])
    def test_days_outside_the_holiday_data_are_refused(self, day):
        with pytest.raises(ValueError, match="outside the years"):
            CAL.is_working_day(day)
