"""Importing consultation sheets (상담 시트): CSV from Excel or Google Sheets.

Columns are recognised by Korean or English header (일자/date, 채널/channel, 구분/category,
내용/question, optional 제품/product, 결과/result), or mapped with `--map 헤더=field`.
UTF-8 and CP949 files. Every bad row is kept as (row number, message in both languages),
so the CLI prints it in the language asked for; good rows are imported in one transaction;
re-importing the same rows adds nothing (row fingerprint: date, channel, 구분, question and
which repeat of them in the file it is — two customers asking the same thing the same day both
count, and a longer export of the same sheet adds only its new rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert, select

from kb.core.catalogue import Text, t
from kb.core.problems import suggest
from kb.db import inquiries
from kb.errors import KbError
from kb.insights.questions import normalize

HEADERS = {
    "date": ("일자", "날짜", "date", "접수일", "상담일"),
    "channel": ("채널", "channel", "경로", "유입"),
    "category": ("구분", "category", "유형", "분류", "type"),
    "question": ("내용", "question", "문의", "문의내용", "상담내용"),
    "product": ("제품", "product", "상품"),
    "result": ("결과", "result", "처리결과"),
}
REQUIRED = ("date", "question")
DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S",
                "%Y. %m. %d", "%Y.%m.%d %H:%M")


CHUNK = 500  # fingerprints per lookup
MAX_QUESTION = 2000


class SheetError(KbError):
    """The file as a whole cannot be imported (nothing was)."""


@dataclass(frozen=True)
class RowError:
    """One row left out: its number in the sheet (the header is row 1) and why."""

    row: int
    problem: Text

    @property
    def message(self) -> Text:
        """`3행: …` / `row 3: …`."""
        return t("sheet_row", row=self.row) + self.problem

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return self.message.get(lang)


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_categories: dict[str, int] = field(default_factory=dict)

    def summary(self) -> Text:
        """`3 imported, 0 already there, 1 rows with errors` (or its Korean)."""
        return t("sheet_summary", imported=self.imported, duplicates=self.duplicates,
                 errors=len(self.errors))

    @property
    def failed(self) -> bool:
        """No row of the file was usable: nothing imported, nothing already there (the
        CLI exits 1)."""
        return self.imported + self.duplicates == 0

    def notes(self) -> list[Text]:
        """One line per sheet category that is not a tag, with its row count."""
        return [t("sheet_unknown_category", category=category, n=n)
                for category, n in sorted(self.unknown_categories.items())]


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("sheet_encoding", path=path)


def columns(header: Sequence[str], mapping: Mapping[str, str], *,
            headers: Mapping[str, Sequence[str]] = HEADERS,
            required: Sequence[str] = REQUIRED) -> dict[str, int]:
    """field → column index, from known headers and `--map header=field` overrides."""
    found: dict[str, int] = {}
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    for index, name in enumerate(names):
        for fld, aliases in headers.items():
            if name in (a.lower() for a in aliases):
                found.setdefault(fld, index)
    for column, fld in mapping.items():
        if fld not in headers:
            raise SheetError("sheet_map_field", column=column, field=fld,
                             fields=", ".join(headers))
        if column.strip().lower() not in names:
            raise SheetError("sheet_map_column", column=column, field=fld,
                             header=", ".join(header))
        found[fld] = names.index(column.strip().lower())
    missing = [f for f in required if f not in found]
    if missing:
        raise SheetError("sheet_missing_columns", missing=", ".join(missing),
                         header=", ".join(header), names=" / ".join(headers[missing[0]][:2]),
                         first=missing[0])
    return found


def parse_date(value: str) -> dt.datetime | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def import_sheet(engine: Engine, path: Path, *, tags: Sequence[str] = (),
                 mapping: Mapping[str, str] | None = None) -> ImportResult:
    """Import one CSV file; see the module docstring."""
    rows = list(csv.reader(io.StringIO(read_text(path))))
    if not rows:
        raise SheetError("sheet_empty", path=path)
    cols = columns(rows[0], mapping or {})
    result = ImportResult()
    tag_set = set(tags)
    good: list[dict[str, object]] = []
    occurrence: Counter[str] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = cols.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        when = parse_date(cell("date"))
        question = cell("question")
        if when is None:
            result.errors.append(RowError(number, t("sheet_bad_date", value=cell("date"))))
            continue
        if not question:
            result.errors.append(RowError(number, t("sheet_no_question")))
            continue
        if len(question) > MAX_QUESTION:
            result.errors.append(RowError(number, t("sheet_long_question", limit=MAX_QUESTION)))
            continue
        category = cell("category")
        tag = _tag(category, tag_set)
        if category and tag is None:
            result.unknown_categories[category] = result.unknown_categories.get(category, 0) + 1
        # Two customers can ask the same thing the same day: the n-th identical row of a
        # file is occurrence n, so a repeat counts while a re-import adds nothing.
        same = "\x1f".join([when.isoformat(), cell("channel"), category, question])
        occurrence[same] += 1
        # (The first occurrence keeps the fingerprint earlier versions stored.)
        nth = occurrence[same]
        fingerprint = hashlib.sha256((same if nth == 1 else f"{same}\x1f{nth}").encode()
                                     ).hexdigest()
        good.append({"ts": when, "channel": cell("channel") or None, "category": category or None,
                     "tag": tag, "question": question, "norm": normalize(question),
                     "product": cell("product") or None, "result": cell("result") or None,
                     "fingerprint": fingerprint})
    with engine.begin() as conn:
        prints = [g["fingerprint"] for g in good]
        known: set[str] = set()
        for start in range(0, len(prints), CHUNK):  # bounded parameter lists, any file size
            known |= {r.fingerprint for r in conn.execute(select(inquiries.c.fingerprint).where(
                inquiries.c.fingerprint.in_(prints[start:start + CHUNK])))}
        fresh = [g for g in good if g["fingerprint"] not in known]
        result.duplicates += len(good) - len(fresh)
        if fresh:
            conn.execute(insert(inquiries), fresh)
    result.imported = len(fresh)
    return result


def _tag(category: str, tags: set[str]) -> str | None:
    """The taxonomy tag for a sheet's 구분: exact, a child name, or None."""
    if not category:
        return None
    if category in tags:
        return category
    match = suggest(category, tags)
    if match and match.rsplit("/", 1)[-1] == category:
        return match
    return None
