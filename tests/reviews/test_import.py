"""Importing review files: duplicates skipped, malformed rows reported by line, the rest kept."""

import json

from django.core.management import call_command

from rightthere.desk.reviews import run_import
from rightthere.reviews.actions import start_import
from rightthere.reviews.models import Review
from rightthere.reviews.parsing import parse_csv, parse_json

CSV = """platform,id,author,rating,text,date,url
google,g1,Ann Reid,5,"Lovely work, tidy and quick.",2024-05-02,https://g.example/1
google,g2,Bob Hall,six,Bad rating value,2024-05-03,
google,g1,Ann Reid,5,"Lovely work, tidy and quick.",2024-05-02,https://g.example/1
trustpilot,t1,Cara Diaz,4,"Good, though
the van was late.",2024-05-04,
,t2,No Platform,3,,2024-05-05,
trustpilot,t3,Dev Patel,4,Fine,not-a-date,
"""


def test_malformed_csv_rows_are_reported_with_their_line_numbers_and_the_rest_parsed():
    parsed = parse_csv(CSV)

    assert [(line, row.external_id) for line, row in parsed.rows] == [
        (2, "g1"), (4, "g1"), (5, "t1"),
    ]  # fmt: skip
    assert [(e.line, e.message) for e in parsed.errors] == [
        (3, "rating 'six' is not a number"),
        (7, "platform is missing"),
        (8, "date 'not-a-date' is not a date (use YYYY-MM-DD or ISO 8601)"),
    ]


def test_an_import_skips_duplicates_in_the_file_and_already_stored(owner):
    first = run_import(start_import(actor=owner, filename="g.csv", content=CSV, file_format="csv"))
    again = run_import(start_import(actor=owner, filename="g.csv", content=CSV, file_format="csv"))

    assert (first.created_reviews, first.duplicates, len(first.errors)) == (2, 1, 3)
    assert (again.created_reviews, again.duplicates) == (0, 3)
    assert Review.objects.count() == 2


def test_json_arrays_report_the_line_of_each_bad_review():
    content = json.dumps(
        [
            {"platform": "yelp", "id": "y1", "author": "Eve", "rating": 2, "text": "Late."},
            {"platform": "yelp", "id": "y2", "rating": 9},
            {"platform": "yelp", "id": "y3", "stars": 4},
        ],
        indent=1,
    )

    parsed = parse_json(content)

    assert [row.external_id for _, row in parsed.rows] == ["y1"]
    assert [(e.line, e.message) for e in parsed.errors] == [
        (9, "rating 9 is not between 1 and 5"),
        (14, "unknown field 'stars'"),
    ]


def test_json_lines_work_too():
    content = '{"platform": "yelp", "id": "1"}\n{"platform": "yelp", "id": "2"}\n{oops\n'

    parsed = parse_json(content)

    assert len(parsed.rows) == 2
    assert parsed.errors[0].line == 3


def test_the_command_imports_a_file_and_names_bad_lines(tmp_path, capsys, db):
    path = tmp_path / "reviews.csv"
    path.write_text(CSV)

    call_command("import_reviews", str(path))

    out, err = capsys.readouterr()
    assert "2 imported, 1 already there, 3 malformed" in out
    assert "reviews.csv, line 3: rating 'six' is not a number" in err
