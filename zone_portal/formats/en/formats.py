"""English date formats in the British and international style: 25 November 2026, 24-hour clock.

Django's default English formats are American ("Nov. 25, 2026, 2 p.m."), which neither German
nor Chinese visitors reading the English pages expect.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
