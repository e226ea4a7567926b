"""The reminder day: the first working day of the month by default, a chosen day, or off."""

import datetime

import pytest

from reminders.schedule import bank_holidays, easter_sunday, next_reminder_day, period_of, reminder_day

D = datetime.date


def test_england_and_wales_bank_holidays_by_rule():
    assert bank_holidays(2024) == {
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 5, 6),
        D(2024, 5, 27),
        D(2024, 8, 26),
        D(2024, 12, 25),
        D(2024, 12, 26),
    }
    # Weekend holidays move to the next free weekday.
    assert {D(2022, 1, 3), D(2022, 12, 26), D(2022, 12, 27)} <= bank_holidays(2022)
    assert {D(2021, 12, 27), D(2021, 12, 28)} <= bank_holidays(2021)
    assert [easter_sunday(y) for y in (2025, 2026, 2027)] == [D(2025, 4, 20), D(2026, 4, 5), D(2027, 3, 28)]


@pytest.mark.parametrize(
    "year,month,first",
    [
        (2026, 12, D(2026, 12, 1)),  # a Tuesday
        (2027, 1, D(2027, 1, 4)),  # Friday 1 January is New Year's Day
        (2026, 8, D(2026, 8, 3)),  # Saturday 1st: the Monday
        (2018, 4, D(2018, 4, 3)),  # Monday 2 April 2018 was Easter Monday
        (2028, 5, D(2028, 5, 2)),  # Monday 1 May 2028 is the early May bank holiday
    ],
)
def test_first_working_day_of_the_month(year, month, first):
    assert reminder_day(schedule="first_working_day", day_of_month=None, year=year, month=month) == first


def test_a_chosen_day_moves_to_the_next_working_day_and_off_is_never():
    assert reminder_day(schedule="day_of_month", day_of_month=15, year=2026, month=12) == D(2026, 12, 15)
    assert reminder_day(schedule="day_of_month", day_of_month=12, year=2026, month=12) == D(2026, 12, 14)
    assert reminder_day(schedule="off", day_of_month=None, year=2026, month=12) is None


def test_next_reminder_day_is_this_months_or_next_months():
    assert next_reminder_day(schedule="first_working_day", day_of_month=None, on=D(2026, 11, 27)) == D(2026, 12, 1)
    assert next_reminder_day(schedule="first_working_day", day_of_month=None, on=D(2026, 12, 1)) == D(2026, 12, 1)
    assert next_reminder_day(schedule="day_of_month", day_of_month=20, on=D(2026, 12, 2)) == D(2026, 12, 21)
    assert next_reminder_day(schedule="off", day_of_month=None, on=D(2026, 12, 2)) is None


def test_the_period_is_the_month():
    assert period_of(D(2026, 12, 1)) == period_of(D(2026, 12, 31)) == "2026-12"
