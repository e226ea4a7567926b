"""When an organisation's reminders go: its reminder day in each month.

Working days are Monday to Friday except England and Wales bank holidays, computed by rule
(New Year's Day, Good Friday, Easter Monday, the early May, spring and summer bank holidays,
Christmas and Boxing Day, with substitute days). One-off holidays proclaimed for a single
year (a coronation, a jubilee) are not known.
"""

import datetime
from functools import lru_cache

ONE_DAY = datetime.timedelta(days=1)


def period_of(day: datetime.date) -> str:
    """The period a reminder belongs to: its month, ``YYYY-MM``."""
    return f"{day:%Y-%m}"


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous algorithm, "Meeus/Jones/Butcher")."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_monday(year, month):
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year, month):
    day = datetime.date(year + month // 12, month % 12 + 1, 1) - ONE_DAY
    return day - datetime.timedelta(days=day.weekday())


def _substitute(day, taken):
    """A holiday falling on a weekend (or on another holiday) moves to the next free weekday."""
    while day.weekday() >= 5 or day in taken:
        day += ONE_DAY
    return day


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset:
    easter = easter_sunday(year)
    holidays = {
        _substitute(datetime.date(year, 1, 1), set()),
        easter - 2 * ONE_DAY,
        easter + ONE_DAY,
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    christmas = _substitute(datetime.date(year, 12, 25), holidays)
    holidays.add(christmas)
    holidays.add(_substitute(datetime.date(year, 12, 26), holidays))
    return frozenset(holidays)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def reminder_day(*, schedule: str, day_of_month: int | None, year: int, month: int) -> datetime.date | None:
    """The organisation's reminder day in that month, or None when reminders are off."""
    if schedule == "off":
        return None
    if schedule == "day_of_month" and day_of_month:
        return next_working_day(datetime.date(year, month, day_of_month))
    return next_working_day(datetime.date(year, month, 1))


def next_reminder_day(*, schedule: str, day_of_month: int | None, on: datetime.date) -> datetime.date | None:
    """The first reminder day on or after ``on`` (this month's or next month's), or None when off."""
    this_month = reminder_day(schedule=schedule, day_of_month=day_of_month, year=on.year, month=on.month)
    if this_month is None or this_month >= on:
        return this_month
    year, month = (on.year + 1, 1) if on.month == 12 else (on.year, on.month + 1)
    return reminder_day(schedule=schedule, day_of_month=day_of_month, year=year, month=month)
