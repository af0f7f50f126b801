"""Portfolios kept in spreadsheets: an XLSX workbook or a folder of CSV files.

One sheet (or CSV file) per section, named like the YAML sections (`services`,
`outcomes`, ...); its first row names the columns: `id`, optionally `type`, then the same
keys as in YAML. A cell holding several values has one per line. A value that must be
taken exactly as written is written as a Turtle literal (`"P1D"^^xsd:duration`, `"Salut"@fr`)
or, for a thing, as `<IRI>`. The `settings` sheet holds `base`, `language` and `prefix`
rows. Errors and findings name the file, the sheet, the row and the column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cxgraph.authoring.document import Document, Field, Item, Place, Value, unknown
from cxgraph.authoring.export import Out, OutItem, Portfolio
from cxgraph.authoring.vocabulary import OTHER_SECTION, PREFIXES, SECTIONS
from cxgraph.authoring.yaml_source import DEFAULT_BASE
from cxgraph.errors import InputError

SETTINGS_SHEET = "settings"
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?\Z', re.S)
Rows = list[tuple[int, list[Any]]]
"""(row number, cells) of one sheet, from its first row."""


# ---------------------------------------------------------------- reading


def read_workbook(path: Path | IO[bytes], source: str, base: str | None = None) -> Document:
    """The portfolio in an XLSX workbook (a path or the file's bytes)."""
    from openpyxl import load_workbook  # only spreadsheet users pay for the import

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl's own errors alike
        raise InputError(source, f"not an XLSX workbook: {error}") from None
    try:
        sheets = {
            sheet.title: list(enumerate(sheet.iter_rows(values_only=True), start=1))
            for sheet in book.worksheets
        }
    finally:
        book.close()
    return _document({name: _rows(rows) for name, rows in sheets.items()},
                     lambda sheet: f"{source}[{sheet}]", source, base)  # fmt: skip


def read_csv_folder(folder: Path, source: str, base: str | None = None) -> Document:
    """The portfolio in a folder of CSV files, one per sheet (`services.csv`, ...)."""
    sheets = {}
    for path in sorted(folder.glob("*.csv")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(f"{source}/{path.name}", f"not UTF-8 text: {error}") from None
        sheets[path.stem] = _csv_rows(text)
    if not sheets:
        raise InputError(source, "the folder holds no CSV file")
    return _document(sheets, lambda sheet: f"{source}/{sheet}.csv", source, base)


def _csv_rows(text: str) -> Rows:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for cells in reader:
        rows.append((line, list(cells)))
        line = reader.line_num + 1  # a cell may span lines; the next row starts here
    return rows


def _rows(rows: list[tuple[int, tuple[Any, ...]]]) -> Rows:
    return [(number, list(cells)) for number, cells in rows]


def _document(sheets: dict[str, Rows], shown: Any, source: str, base: str | None) -> Document:
    settings = sheets.pop(SETTINGS_SHEET, [])
    document = Document(source, DEFAULT_BASE, None, dict(PREFIXES))
    _settings(document, settings, shown(SETTINGS_SHEET))
    if base:
        document.base = base
    known = (*SECTIONS, OTHER_SECTION)
    for name, rows in sheets.items():
        if name not in known:
            raise InputError(shown(name), unknown("sheet", name, [*known, SETTINGS_SHEET]))
        document.items += list(_items(name, rows, shown(name)))
    return document


def _settings(document: Document, rows: Rows, file: str) -> None:
    for number, cells in rows:
        words = [_text(c) for c in cells]
        if not any(words):
            continue
        setting = words[0]
        value = words[1] if len(words) > 1 else ""
        if setting == "base" and value:
            document.base = value
        elif setting == "language" and value:
            document.language = value
        elif setting == "prefix" and value and len(words) > 2 and words[2]:
            document.prefixes[value] = words[2]
        elif setting not in ("setting", ""):
            raise Place(file, number, 1, f"A{number}").error(
                unknown("setting", setting, ["base", "language", "prefix"])
            )


def _items(section: str, rows: Rows, file: str) -> Iterator[Item]:
    header: list[str] = []
    for number, cells in rows:
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if not header:
            header = texts
            if "id" not in header:
                raise Place(file, number, 1, f"A{number}").error(
                    "the first row names the columns and one of them must be `id`"
                )
            _check_header(header, file, number)
            continue
        yield _item(section, header, texts, file, number)


def _check_header(header: list[str], file: str, row: int) -> None:
    seen: set[str] = set()
    for column, name in enumerate(header, start=1):
        if name and name in seen:
            raise _cell(file, row, column).error(f"the column `{name}` is given twice")
        seen.add(name)


def _item(section: str, header: list[str], texts: list[str], file: str, row: int) -> Item:
    identifier: Value | None = None
    item_fields: list[Field] = []
    types: list[Value] = []
    for column, text in enumerate(texts, start=1):
        if not text:
            continue
        key = header[column - 1] if column <= len(header) else ""
        place = _cell(file, row, column)
        if not key:
            raise place.error("this cell has no column name in the first row")
        if key == "id":
            identifier = Value(text.strip(), place)
        elif key == "type":
            types = [Value(line.strip(), place) for line in text.splitlines() if line.strip()]
        else:
            item_fields.append(Field(key, place, _cell_values(text, place)))
    if identifier is None:
        raise _cell(file, row, header.index("id") + 1).error("this row has no `id`")
    return Item(section, identifier, Place(file, row, 1, f"A{row}"), types, item_fields)


def _cell_values(text: str, place: Place) -> list[Value]:
    lines = [line for line in text.splitlines() if line.strip()]
    if all(_explicit(line.strip(), place) for line in lines):
        return [v for line in lines if (v := _explicit(line.strip(), place)) is not None]
    if len(lines) > 1 and all(re.fullmatch(r"\S+", line.strip()) for line in lines):
        return [Value(line.strip(), place) for line in lines]  # several things or words
    return [Value(text, place)]


def _explicit(text: str, place: Place) -> Value | None:
    if text.startswith("<") and text.endswith(">") and " " not in text:
        return Value(text, place, reference=True)
    match = _LITERAL.match(text)
    if match is None:
        return None
    value = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), match[1])
    return Value(value, place, match[3], match[2], literal=True)


def _text(cell: Any) -> str:
    """A cell as text; numbers, dates and booleans typed in a spreadsheet as written."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time(0) and cell.tzinfo is None:
            return cell.date().isoformat()
        return cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell)


def _cell(file: str, row: int, column: int) -> Place:
    return Place(file, row, column, f"{_letters(column)}{row}")


def _letters(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


# ---------------------------------------------------------------- writing


def sheet_tables(portfolio: Portfolio) -> dict[str, list[list[str]]]:
    """Each sheet's rows as text, the settings sheet first."""
    tables: dict[str, list[list[str]]] = {
        SETTINGS_SHEET: [["setting", "value"], ["base", portfolio.base]]
    }
    if portfolio.language:
        tables[SETTINGS_SHEET].append(["language", portfolio.language])
    for prefix, namespace in portfolio.prefixes.items():
        tables[SETTINGS_SHEET].append(["prefix", prefix, namespace])
    by_section: dict[str, list[OutItem]] = {}
    for item in portfolio.items:
        by_section.setdefault(item.section, []).append(item)
    for section, items in by_section.items():
        keys = sorted({k for i in items for k, _ in i.fields},
                      key=lambda k: ({"label": 0, "comment": 1}.get(k, 2), k))  # fmt: skip
        header = ["id", *(["type"] if any(i.types for i in items) else []), *keys]
        rows = [header]
        for item in items:
            values = dict(item.fields)
            row = [item.id]
            if "type" in header:
                row.append("\n".join(item.types))
            row += [_cell_text(values.get(key, [])) for key in keys]
            rows.append(row)
        tables[section] = rows
    return tables


def _cell_text(values: list[Out]) -> str:
    texts = [_out_text(v) for v in values]
    if len(values) > 1 and not all(v.explicit for v in values):
        needs_explicit = any(not re.fullmatch(r"\S+", v.text) for v in values if not v.explicit)
        if needs_explicit:  # several sentences: each as a Turtle literal, one per line
            texts = [_out_text(Out(v.text, v.datatype, v.language, "literal"))
                     if not v.explicit else _out_text(v) for v in values]  # fmt: skip
    return "\n".join(texts)


def _out_text(out: Out) -> str:
    if out.explicit == "reference":
        return out.text if out.text.startswith("<") else f"<{out.text}>"
    if out.thing:
        return out.text
    if out.explicit == "literal" or _LITERAL.match(out.text) or out.text.startswith("<"):
        escaped = out.text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if out.language:
            return f'"{escaped}"@{out.language}'
        xsd = "http://www.w3.org/2001/XMLSchema#"
        if out.datatype and out.datatype != xsd + "string":
            name = (
                "xsd:" + out.datatype[len(xsd) :]
                if out.datatype.startswith(xsd)
                else f"<{out.datatype}>"
            )
            return f'"{escaped}"^^{name}'
        return f'"{escaped}"'
    return out.text


def write_workbook(portfolio: Portfolio, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for name, rows in sheet_tables(portfolio).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_number_or_text(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
    book.save(path)


def _number_or_text(text: str) -> Any:
    """Numbers as numbers when the spreadsheet will show them as written."""
    if re.fullmatch(r"-?\d{1,15}", text) and str(int(text)) == text:
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text) and repr(float(text)) == text:
        number = float(text)
        return text if number.is_integer() else number  # a sheet shows 2.0 as 2
    return text


def write_csv_folder(portfolio: Portfolio, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheet_tables(portfolio).items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
