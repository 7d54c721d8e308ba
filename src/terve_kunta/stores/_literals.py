"""Literals as an endpoint writes them back, turned into valid lexical forms of the same value.

Some servers keep a literal's value, not its text: Virtuoso 7 returns ``"P1Y"^^xsd:duration``
as ``"12"`` (months), ``"P2D"`` as ``"172800.0"`` (seconds) and ``true`` as ``"1"`` in
JSON results. A reader of such text would fail or read nonsense, so the remote store
writes each such literal back in the XML Schema lexical form of the value it holds:

>>> lexical("12", XSD_DURATION), lexical("172800.0", XSD_DURATION), lexical("7200.0", XSD_DURATION)
('P1Y', 'P2D', 'PT2H')
>>> lexical("1", XSD_BOOLEAN), lexical("2024-06-01", XSD_GYEARMONTH), lexical("P1M", XSD_DURATION)
('true', '2024-06', 'P1M')

Text that is already valid, or that no rule reads, is left as it is.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["XSD_BOOLEAN", "XSD_DURATION", "XSD_GYEAR", "XSD_GYEARMONTH", "lexical"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DURATION = _XSD + "duration"
XSD_BOOLEAN = _XSD + "boolean"
XSD_GYEARMONTH = _XSD + "gYearMonth"
XSD_GYEAR = _XSD + "gYear"
_DURATION = re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(-?\d{4,})-(\d\d)-\d\d")


def _months(count: int) -> str:
    sign, count = ("-" if count < 0 else ""), abs(count)
    years, months = divmod(count, 12)
    text = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
    return f"{sign}P{text}"


def _seconds(amount: Decimal) -> str:
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    days, rest = divmod(amount, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    if seconds:
        clock += f"{seconds.normalize():f}S"
    text = (f"{int(days)}D" if days else "") + (f"T{clock}" if clock else "")
    return f"{sign}P{text or 'T0S'}"


def lexical(text: str, datatype: str) -> str:
    """``text`` as a valid lexical form of ``datatype``, where an endpoint wrote the value another way."""
    if datatype == XSD_DURATION and not _DURATION.match(text) and _NUMBER.match(text):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        is_whole = "." not in text and "e" not in text.lower()
        return _months(int(number)) if is_whole else _seconds(number)
    if datatype == XSD_BOOLEAN and text in ("1", "0"):
        return "true" if text == "1" else "false"
    if datatype in (XSD_GYEARMONTH, XSD_GYEAR) and (match := _DATE.match(text)):
        return f"{match[1]}-{match[2]}" if datatype == XSD_GYEARMONTH else match[1]
    return text
