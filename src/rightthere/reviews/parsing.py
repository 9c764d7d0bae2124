"""Reading review files (CSV, JSON array or JSON Lines) into rows, with line numbers.

A malformed row is reported with its line and skipped; the rest are kept.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

FIELDS = ("platform", "id", "author", "rating", "text", "date", "url", "email")
REQUIRED = ("platform", "id")


@dataclass(frozen=True)
class ReviewRow:
    platform: str
    external_id: str
    author: str
    rating: int | None
    text: str
    posted_at: datetime | None
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class Parsed:
    rows: list[tuple[int, ReviewRow]]
    errors: list[RowError]


class RowInvalid(ValueError):
    pass


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RowInvalid(gettext("%(field)s must be text") % {"field": key})
    text = str(value).strip()
    if "\x00" in text:
        raise RowInvalid(gettext("%(field)s contains a NUL character") % {"field": key})
    if len(text) > limit:
        raise RowInvalid(
            gettext("%(field)s is too long (at most %(limit)s characters)")
            % {"field": key, "limit": f"{limit:,}"}
        )
    return text


def _rating(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).split("/")[0].strip())
    except ValueError as error:
        raise RowInvalid(
            gettext("rating %(value)s is not a number") % {"value": repr(value)}
        ) from error
    if not 1 <= number <= 5:
        raise RowInvalid(
            gettext("rating %(value)s is not between 1 and 5") % {"value": repr(value)}
        )
    return round(number)


def _date(value: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise RowInvalid(
                gettext("date %(value)s is not a date (use YYYY-MM-DD or ISO 8601)")
                % {"value": repr(value)}
            )
        parsed = datetime(day.year, day.month, day.day, 12, 0)  # noqa: DTZ001 - made aware below
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def validate_row(data: object) -> ReviewRow:
    """One review from a dict of the documented fields; RowInvalid says what is wrong."""
    if not isinstance(data, dict):
        raise RowInvalid(
            gettext("each review must be an object with platform, id, author, rating…")
        )
    unknown = sorted(set(data) - set(FIELDS) - {"external_id"})
    if unknown:
        raise RowInvalid(gettext("unknown field %(field)s") % {"field": repr(unknown[0])})
    data = {**data, "id": data.get("id", data.get("external_id"))}
    for key in REQUIRED:
        if not _text(data, key, 200):
            raise RowInvalid(gettext("%(field)s is missing") % {"field": key})
    url = _text(data, "url", 500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise RowInvalid(
                gettext("url %(value)s is not a web address") % {"value": repr(url)}
            ) from error
    email = _text(data, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise RowInvalid(
                gettext("email %(value)s is not an e-mail address") % {"value": repr(email)}
            ) from error
    return ReviewRow(
        platform=_text(data, "platform", 50).lower(),
        external_id=_text(data, "id", 200),
        author=_text(data, "author", 200) or "Anonymous",
        rating=_rating(data.get("rating")),
        text=_text(data, "text", 20_000),
        posted_at=_date(_text(data, "date", 40)),
        url=url,
        email=email,
    )


def parse_csv(content: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        needs = gettext("the header row needs a %(column)s column") % {"column": repr(missing[0])}
        return Parsed([], [RowError(1, needs)])
    reader.fieldnames = header
    parsed = Parsed([], [])
    line = reader.line_num + 1
    try:
        for record in reader:
            extra = record.pop(None, None)
            try:
                if extra:
                    raise RowInvalid(gettext("the row has more columns than the header"))
                values = {k: v for k, v in record.items() if v is not None}
                parsed.rows.append((line, validate_row(values)))
            except RowInvalid as error:
                parsed.errors.append(RowError(line, str(error)))
            line = reader.line_num + 1
    except csv.Error as error:
        parsed.errors.append(
            RowError(line, gettext("unreadable CSV: %(error)s") % {"error": error})
        )
    return parsed


def parse_json(content: str) -> Parsed:
    """A JSON array of reviews, or one review object per line (JSON Lines)."""
    decoder = json.JSONDecoder()
    parsed = Parsed([], [])
    position = _skip(content, 0)
    in_array = content.startswith("[", position)
    if in_array:
        position = _skip(content, position + 1)
    while position < len(content):
        if in_array and content[position] == "]":
            break
        line = content.count("\n", 0, position) + 1
        try:
            item, end = decoder.raw_decode(content, position)
        except json.JSONDecodeError as error:
            parsed.errors.append(
                RowError(error.lineno, gettext("not valid JSON: %(error)s") % {"error": error.msg})
            )
            break  # the rest cannot be located reliably
        try:
            parsed.rows.append((line, validate_row(item)))
        except RowInvalid as error:
            parsed.errors.append(RowError(line, str(error)))
        position = _skip(content, end)
        if in_array and content.startswith(",", position):
            position = _skip(content, position + 1)
    return parsed


def _skip(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\r\n":
        position += 1
    return position


def parse_file(content: str, file_format: str) -> Parsed:
    if file_format == "csv":
        return parse_csv(content)
    if file_format == "json":
        return parse_json(content)
    raise ValueError(f"Unknown review file format {file_format!r}: use csv or json.")


def guess_format(filename: str, content: str) -> str:
    if filename.lower().endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if filename.lower().endswith(".csv"):
        return "csv"
    return "json" if content.lstrip().startswith(("[", "{")) else "csv"
