"""Reading real files into task rows: LEDES 1998B by the standard, a Clio-style CSV, an .xlsx workbook.

The samples in tests/audit/data/imports were written by hand from the LEDES 1998B specification and
from what practice-management tools export; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from audit.imports.mapping import Mapping, guess, header_key, mapped_row
from audit.imports.readers import CSV, FIRMOPS, LEDES, XLSX, sniff
from audit.imports.readers.ledes import FIELDS, ledes_rows
from audit.imports.readers.table import stream_table
from audit.imports.readers.xlsx import xlsx_table
from audit.imports.rows import Report
from audit.imports.values import BadValue, parse_date, parse_minutes, parse_rate
from audit.text_lines import decoded_lines

DATA = Path(__file__).parent / "data" / "imports"


def _ledes(name_or_text: str) -> tuple[list, Report]:
    raw = (DATA / name_or_text).read_bytes() if name_or_text.endswith(".txt") else name_or_text.encode()
    report = Report()
    return list(ledes_rows(decoded_lines(io.BytesIO(raw)), report)), report


def _mapped(path: Path, mapping: Mapping | None = None):
    table = stream_table(path.open("rb")) if path.suffix == ".csv" else xlsx_table(path.open("rb"))[0]
    mapping = mapping or guess(table.header)
    report, at, rows = Report(), mapping.index(table.header), []
    for line, cells in table.rows:
        report.rows += 1
        row = mapped_row(line, cells, at, mapping, report)
        if row is not None:
            rows.append(row)
    return rows, report, mapping


# --- LEDES 1998B ------------------------------------------------------------------------------------


def test_two_ledes_invoices_give_their_fee_lines_as_tasks_and_count_what_is_not_time():
    rows, report = _ledes("two_invoices.ledes.txt")
    assert report.ok, report.problems
    assert [r.line for r in rows] == [3, 4, 5, 8, 10]  # fee lines of both invoices, by line in the file
    first = rows[0]
    assert first.performed_on == dt.date(2026, 1, 6)
    assert first.minutes == 150 and first.rate == Decimal("450.00")  # 2.50 hours at the unit cost
    assert (first.person_name, first.person_key, first.role_code) == ("Stone, Margaret", "TK01", "PT")
    assert (first.task_code, first.activity_code) == ("L310", "A104")
    assert first.matter == "ACME/SMITH" and first.billable
    assert report.skipped == {
        "expense lines": 2,
        "invoice fee adjustments": 1,
        "fee lines with no hours": 1,
    }
    assert report.rows == 9


def test_a_ledes_description_that_runs_over_a_line_break_is_one_record():
    rows, report = _ledes("two_invoices.ledes.txt")
    call = next(r for r in rows if r.line == 8)
    assert call.description == "Call with client re: strategy; follow-up email summarizing options"
    assert call.minutes == 45 and call.task_code == "L120"


def test_a_malformed_ledes_file_names_each_bad_line_and_what_is_wrong():
    _, report = _ledes("malformed.ledes.txt")
    assert report.problems == [
        "line 3: 23 fields; a LEDES 1998B line has 24, separated by |",
        "line 4: does not end with []; every LEDES 1998B line ends with []",
        "line 5: LINE_ITEM_DATE: date '20260231' is not a real day",
        "line 10: LINE_ITEM_NUMBER_OF_UNITS: units 'two' is not a number (hours, e.g. 1.50)",
    ]
    assert "Nothing imported: 4 problems" in report.summary()


HEADER = "|".join(FIELDS) + "[]"


def _fee(**changes) -> str:
    values = dict.fromkeys(FIELDS, "")
    values.update(
        {
            "EXP/FEE/INV_ADJ_TYPE": "F",
            "LINE_ITEM_NUMBER_OF_UNITS": "1.0",
            "LINE_ITEM_DATE": "20260106",
            "LINE_ITEM_DESCRIPTION": "Drafted motion",
            "TIMEKEEPER_NAME": "Doe, Jane",
            "LINE_ITEM_UNIT_COST": "300",
        }
    )
    values.update({k.replace("__", "/"): v for k, v in changes.items()})
    return "|".join(values[f] for f in FIELDS) + "[]"


@pytest.mark.parametrize(
    "line, problem",
    [
        (_fee(LINE_ITEM_DATE="2026-01-06"), "date '2026-01-06' is not a date in LEDES YYYYMMDD"),
        (_fee(LINE_ITEM_NUMBER_OF_UNITS="-1"), "LINE_ITEM_NUMBER_OF_UNITS -1 is negative"),
        (_fee(LINE_ITEM_NUMBER_OF_UNITS="25"), "more than a day"),
        (_fee(LINE_ITEM_UNIT_COST="n/a"), "LINE_ITEM_UNIT_COST: rate 'n/a' is not an amount"),
        (_fee(LINE_ITEM_DESCRIPTION=""), "LINE_ITEM_DESCRIPTION is empty"),
        (_fee(TIMEKEEPER_NAME=""), "TIMEKEEPER_ID and TIMEKEEPER_NAME are both empty"),
        (_fee(LINE_ITEM_TASK_CODE="LITIGATION-PHASE-3"), "is not a code like L320"),
        (_fee(EXP__FEE__INV_ADJ_TYPE="X"), "EXP/FEE/INV_ADJ_TYPE 'X' should be F (fee), E (expense)"),
        (_fee()[:40], "the file ends inside this line"),
    ],
)
def test_each_kind_of_bad_ledes_fee_line_is_named_by_its_line(line, problem):
    _, report = _ledes(f"LEDES1998B[]\n{HEADER}\n{_fee()}\n{line}\n")
    assert len(report.problems) == 1 and report.problems[0].startswith("line 4: ")
    assert problem in report.problems[0]


def test_a_ledes_file_of_another_version_or_with_a_broken_header_says_what_firmops_reads():
    _, report = _ledes(f"LEDES98BI V2[]\n{HEADER}\n{_fee()}\n")
    assert report.problems == [
        "line 1: the first line is 'LEDES98BI V2'; "
        "firmops reads LEDES 1998B files, which start with LEDES1998B[]"
    ]
    _, report = _ledes("LEDES1998B[]\n" + HEADER.replace("TIMEKEEPER_NAME|", "") + f"\n{_fee()}\n")
    assert report.problems[0].startswith("line 2: 23 fields")
    assert len(report.problems) == 1  # nothing after a broken header is read
    _, report = _ledes("LEDES1998B[]\n" + HEADER.replace("TIMEKEEPER_NAME", "TK_NAME") + f"\n{_fee()}\n")
    assert report.problems == [
        "line 2: the header line lacks TIMEKEEPER_NAME; it must name the 24 LEDES 1998B fields"
    ]


def test_long_ledes_descriptions_are_kept_to_500_characters_and_the_report_says_so():
    rows, report = _ledes(f"LEDES1998B[]\n{HEADER}\n{_fee(LINE_ITEM_DESCRIPTION='x' * 700)}\n")
    assert report.ok and len(rows[0].description) == 500
    assert any("kept to their first 500" in note for note in report.notes)


# --- sniffing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"LEDES1998B[]\r\nINVOICE_DATE|", LEDES),
        (b"\xef\xbb\xbfLEDES1998B[]\n", LEDES),
        (b"date,person_email,description,minutes\n", FIRMOPS),
        (b"Date,User,Description,Quantity,Rate\n", CSV),
        (b"Date;User;Description;Hours\n", CSV),
        (b"PK\x03\x04rest-of-a-zip", XLSX),
    ],
)
def test_a_file_is_recognised_by_its_first_bytes(head, kind):
    assert sniff(head).kind == kind


@pytest.mark.parametrize(
    "head, says",
    [
        (b"", "The file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not enough columns"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel .xls"),
        (b"\xff\xfeD\x00a\x00", "UTF-16"),
        (b"just,some,columns\n1,2,3\n", "not enough columns"),
    ],
)
def test_a_file_that_is_neither_gets_one_sentence_saying_what_firmops_expected(head, says):
    found = sniff(head)
    assert found.kind is None and says in found.problem
    assert "firmops expected a LEDES 1998B file (its first line is LEDES1998B[]), a CSV" in found.problem
    assert found.problem.count(". ") == 0 and found.problem.endswith(".")  # one sentence


# --- mapped CSV and xlsx ----------------------------------------------------------------------------


def test_a_clio_style_export_maps_itself_from_its_header_and_reads_us_dates():
    rows, report, mapping = _mapped(DATA / "clio_time_entries.csv")
    assert mapping.columns == {
        "date": "Date",
        "person": "User",
        "description": "Description",
        "duration": "Quantity",
        "rate": "Rate",
        "matter": "Matter",
        "billable": "Non-billable",
        "task_code": "UTBMS Task",
        "activity_code": "UTBMS Activity",
        "entry_type": "Type",
    }
    assert mapping.billable_inverted  # Clio says "Non-billable: true"
    assert report.ok and report.skipped == {"expense rows": 1}
    assert [r.line for r in rows] == [2, 3, 4, 6, 8]  # the quoted description spans lines 6 and 7
    assert rows[0].performed_on == dt.date(2026, 1, 6) and rows[0].minutes == 150
    assert rows[0].rate == Decimal("450.00") and rows[0].person_name == "Margaret Stone"
    assert not rows[3].billable and rows[3].description.endswith("follow-up email summarizing options")
    assert rows[4].person_email == "paralegal@avery.test"
    assert report.notes == ["Dates were read as US month/day/year (3/4/2026 is March 4, 2026)."]


def test_an_xlsx_workbook_reads_date_cells_time_cells_and_numbers():
    table, sheet, declared = xlsx_table((DATA / "timesolv_export.xlsx").open("rb"))
    assert sheet == "Time entries" and declared == 6
    rows, report, mapping = _mapped(DATA / "timesolv_export.xlsx")
    assert mapping.columns["person"] == "Timekeeper" and mapping.columns["role"] == "Title"
    assert report.ok, report.problems
    assert [r.line for r in rows] == [2, 3, 4, 6]  # row 5 is blank in the sheet
    assert [r.minutes for r in rows] == [150, 180, 72, 240]  # h:mm cells
    assert rows[0].performed_on == dt.date(2026, 1, 6)  # a date cell, whatever its display format
    assert rows[3].rate == Decimal("125.50") and not rows[3].billable
    assert rows[3].role_code == "Legal Assistant"


def test_a_csv_that_does_not_fit_its_mapping_names_each_bad_line(tmp_path):
    text = (
        "Date,User,Description,Hours,Rate\n"
        "13/02/2026,Ana Rivera,Filed motion,1.5,$145\n"
        "02/14/2026,Ana Rivera,,90 min,\n"
        "02/15/2026,Ana Rivera,Indexed exhibits,1:30,cheap\n"
    )
    path = tmp_path / "export.csv"
    path.write_text(text)
    _, report, _ = _mapped(path)
    assert report.problems == [
        "line 2: date '13/02/2026' is not a real day "
        "(is the file day/month/year? firmops reads US month/day/year)",
        "line 3: the description is empty; duration '90 min' is not a number",
        "line 4: rate 'cheap' is not an amount",
    ]


def test_a_mapping_is_found_again_by_its_header_whatever_the_case_and_spacing():
    assert header_key(["Date", "User ", "Description"]) == header_key(["date", "user", " DESCRIPTION"])
    assert header_key(["Date", "User"]) != header_key(["User", "Date"])
    mapping = Mapping.from_dict({"columns": {"date": "Date", "person": "Who"}})
    assert mapping.problems(["Date", "User"]) == [
        "choose the column that holds the description",
        "choose the column that holds the duration",
        "the file has no column 'Who' (mapped to person (name or email))",
    ]


@pytest.mark.parametrize(
    "text, unit, minutes",
    [
        ("1.5", "hours", 90),
        ("0.1", "hours", 6),
        ("90", "minutes", 90),
        ("1:30", "hmm", 90),
        ("1:30", "hours", 90),
    ],
)
def test_durations_read_as_hours_minutes_or_h_mm(text, unit, minutes):
    assert parse_minutes(text, unit) == minutes


def test_values_that_are_not_what_their_column_promises_say_so():
    with pytest.raises(BadValue, match="is not hours:minutes like 1:30"):
        parse_minutes("90", "hmm")
    with pytest.raises(BadValue, match="more than a day"):
        parse_minutes("25", "hours")
    assert parse_rate("$1,250.00") == Decimal("1250.00") and parse_rate("") is None
    with pytest.raises(BadValue, match="not an amount"):
        parse_rate("1,25")
    assert parse_date("2026-03-04") == parse_date("3/4/2026") == parse_date("03/04/26") == dt.date(2026, 3, 4)
