"""The dashboard's rows as CSV and as an Excel workbook, for staff who work in spreadsheets."""

import csv
import io

from django.http import HttpResponse

from .dashboard import EXPORT_COLUMNS, export_values


def _filename(academic_year, extension):
    return f"annual-updates-{academic_year.replace('/', '-')}.{extension}"


def csv_response(rows, academic_year):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(academic_year, "csv")}"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                value.isoformat() if hasattr(value, "isoformat") else value
                for value in export_values(row)
            ]
        )
    return response


def xlsx_response(rows, academic_year):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = academic_year.replace("/", "-")
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append(export_values(row))
    for cell in sheet["G"][1:] + sheet["H"][1:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(academic_year, "xlsx")}"'
    return response
