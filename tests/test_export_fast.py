"""lines.csv written the fast way (PostgreSQL's COPY; the buffered Python writer elsewhere) is the
contract of docs/open-data.md to the byte.

The expected file is written here, from the stored rows, by a plain reading of the contract:
UTF-8 with a byte-order mark, a header, ``\\r\\n`` line ends, a text cell starting with
= + - @ tab or carriage return prefixed with ``'``, amounts and numbers as they are. The seed's
188 amounts are stored with hostile text put into them: a department name starting with ``=``,
a cell with a comma, quotes and a line break, a negative amount, a row number starting with +.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection

from disclosures import exports
from disclosures.ingest import ingest_pdf
from disclosures.models import Disclosure, Line

pytestmark = pytest.mark.django_db

HEADER = (
    "department_code,department,year,stage,level,"
    + "table,table_title,side,row_no,code,item,column,amount,unit,page"
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_seed(seed_pdf) -> Disclosure:
    """The seed stored, then given text a spreadsheet or a CSV reader could trip on."""
    disclosure = ingest_pdf(file=seed_pdf).disclosure
    Disclosure.objects.filter(pk=disclosure.pk).update(department_name="=张家口市总工会")
    lines = list(Line.objects.filter(table__disclosure=disclosure).order_by("pk")[:4])
    Line.objects.filter(pk=lines[0].pk).update(item='逗号,与"引号"\n与换行')
    Line.objects.filter(pk=lines[1].pk).update(row_no="+1", side="@旁")
    Line.objects.filter(pk=lines[2].pk).update(printed="-12.50")
    Line.objects.filter(pk=lines[3].pk).update(column="\r回车", item='"')
    return disclosure


def contract_csv(**where) -> bytes:
    """lines.csv as docs/open-data.md describes it, for the stored current disclosures."""
    lines = Line.objects.filter(
        table__disclosure__is_current=True, table__disclosure__status="stored", **where
    ).select_related("table__disclosure__department")
    lines = sorted(
        lines,
        key=lambda line: (line.table.disclosure_id, line.table.order, line.row_order, line.column_order),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff" + HEADER + "\r\n")
    for line in lines:
        table, disclosure = line.table, line.table.disclosure
        text = [disclosure.department.code if disclosure.department else "", disclosure.department_name]
        text2 = [
            disclosure.stage,
            disclosure.level,
            table.kind,
            table.title,
            line.side,
            line.row_no,
            line.code,
        ]
        text3 = [line.item, line.column]
        row = [
            *map(guarded, text),
            str(disclosure.year),
            *map(guarded, text2),
            *map(guarded, text3),
            line.printed,
            guarded(table.unit),
            str(line.page),
        ]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def guarded(text: str) -> str:
    return "'" + text if text.startswith(FORMULA) else text


def download(client, **params) -> bytes:
    response = client.get("/export/lines.csv", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_lines_csv_is_the_contract_to_the_byte(client, hostile_seed):
    body = download(client)

    assert body == contract_csv()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert len(rows) == 188  # every amount the seed's tables print (docs/open-data.md)
    assert {row["department"] for row in rows} == {"'=张家口市总工会"}
    assert '逗号,与"引号"\n与换行' in {row["item"] for row in rows}
    assert "-12.50" in {row["amount"] for row in rows}


def test_a_filtered_export_is_the_contract_too(client, hostile_seed):
    body = download(client, department="711", table="收入总表")

    assert body == contract_csv(table__kind="收入总表")
    assert body.count(b"\r\n") > 1


def test_an_export_without_rows_is_the_header(client, hostile_seed):
    assert download(client, year="1999") == ("\ufeff" + HEADER + "\r\n").encode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_the_python_writer_write_the_same_bytes(hostile_seed):
    rows = exports.LINES.queryset(Disclosure.objects.current())
    sources = [column.source for column in exports.LINES.columns]

    written_by_copy = b"".join(exports.copy_lines(exports.LINES, rows))
    written_by_python = "".join(exports.csv_lines(exports.LINES, rows.values_list(*sources))).encode()

    assert exports.copy_applies(exports.LINES, rows.db)
    assert written_by_copy == written_by_python == contract_csv()


def test_exports_with_amounts_are_not_written_by_copy():
    # COPY writes 1.50 and t where the contract writes a normalised Decimal and True.
    for export in (exports.PROJECTS, exports.CHECKS, exports.THREE_PUBLIC):
        assert not exports.copy_applies(export, "default")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_download_abandoned_half_way_frees_the_connection(hostile_seed, monkeypatch):
    monkeypatch.setattr(exports, "COPY_CHUNK_BYTES", 500)  # many chunks from the seed's rows
    chunks = exports.copy_lines(exports.LINES, exports.LINES.queryset(Disclosure.objects.current()))
    assert next(chunks).startswith("\ufeff".encode() + HEADER.encode())
    assert next(chunks).count(b"\r\n") < 188  # the COPY is under way

    chunks.close()  # the visitor went away: the response closes its content

    assert Disclosure.objects.current().count() == 1  # the connection answers again
