"""Importing consultation sheets (상담 시트): CSV from Excel or Google Sheets.

Columns are recognised by Korean or English header (일자/date, 채널/channel, 구분/category,
내용/question, optional 제품/product, 결과/result), or mapped with `--map 헤더=field`.
UTF-8 and CP949 files, streamed (memory does not grow with the file). Every bad row is kept
as (row number, message in both languages), so the CLI prints it in the language asked for
(a cell over 128 K characters is one); good rows are imported in one transaction;
re-importing the same rows adds nothing (row fingerprint: date, channel, 구분, question and
which repeat of them in the file it is — two customers asking the same thing the same day both
count, and a longer export of the same sheet adds only its new rows).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, insert, select

from kb.core.catalogue import Text, t
from kb.core.problems import suggest
from kb.db import inquiries
from kb.errors import KbError
from kb.insights.questions import normalize_many

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
BATCH = 2000  # rows checked and stored at a time
MAX_QUESTION = 2000
MAX_CELL = 128 * 1024  # characters in one cell; a longer one is a row error
KEY_CACHE = 50_000  # distinct questions' keys kept while importing
PROGRESS_EVERY = 5_000  # rows between progress calls
Progress = Callable[[int, int], None]  # (bytes read, file size)


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


def encoding_of(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as that, else CP949; checked in
    1 MB pieces, so a file of any size costs no more memory than one piece."""
    for encoding in ("utf-8-sig", "cp949"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as data:
                for piece in iter(lambda data=data: data.read(1 << 20), b""):
                    decoder.decode(piece)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise SheetError("sheet_encoding", path=path)


def read_text(path: Path) -> str:
    """The whole file as text (UTF-8 or CP949)."""
    return path.read_text(encoding_of(path))


def sheet_rows(path: Path, progress: Progress | None = None
               ) -> Iterator[tuple[int, list[str] | None]]:
    """(row number, cells) of each CSV record, read incrementally (the header is row 1).

    A record the csv module cannot read — a cell over MAX_CELL characters, broken quoting —
    comes as (number, None): a row error, never a traceback, and reading goes on.
    `progress(bytes read, file size)` is called every PROGRESS_EVERY rows and at the end."""
    encoding = encoding_of(path)
    previous = csv.field_size_limit(MAX_CELL)
    size = path.stat().st_size
    try:
        with path.open(encoding=encoding, newline="") as text:
            reader = csv.reader(text)
            number = 0
            while True:
                number += 1
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(text.buffer.tell(), size)
                try:
                    row = next(reader)
                except StopIteration:
                    if progress is not None:
                        progress(size, size)
                    return
                except csv.Error:
                    yield number, None
                    continue
                yield number, row
    finally:
        csv.field_size_limit(previous)


def store_new(conn: Connection, table: Table, batch: list[dict[str, object]]) -> int:
    """Insert the rows of `batch` whose fingerprint `table` does not hold yet; how many."""
    prints = [g["fingerprint"] for g in batch]
    known: set[str] = set()
    for start in range(0, len(prints), CHUNK):  # bounded parameter lists
        known |= {r.fingerprint for r in conn.execute(select(table.c.fingerprint).where(
            table.c.fingerprint.in_(prints[start:start + CHUNK])))}
    fresh = [g for g in batch if g["fingerprint"] not in known]
    if fresh:
        _insert_many(conn, table, fresh)
    return len(fresh)


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """One executemany straight through the driver, values converted by each column's own
    bind processor (what SQLAlchemy would do, without its per-row bookkeeping: ~30 % of
    an import's time). Same SQL, same stored values, any dialect."""
    names = list(rows[0])
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=names)
    procs = {n: table.c[n].type._cached_bind_processor(conn.dialect) for n in names}
    if compiled.positional:
        order = [compiled.binds[b].key for b in compiled.positiontup]
        params: list = [tuple(procs[n](r[n]) if procs[n] else r[n] for n in order)
                        for r in rows]
    else:
        keys = {compiled.binds[b].key: b for b in compiled.binds}
        params = [{keys[n]: procs[n](r[n]) if procs[n] else r[n] for n in names} for r in rows]
    conn.exec_driver_sql(compiled.string, params)


def occurrence_print(same: str, seen: Counter[bytes]) -> str:
    """The fingerprint of the n-th identical row of a file (occurrence n): a repeat counts,
    a re-import adds nothing. The first keeps the fingerprint earlier versions stored;
    `seen` holds 32-byte digests, not the rows."""
    first = hashlib.sha256(same.encode("utf-8", "surrogatepass"))
    seen[first.digest()] += 1
    nth = seen[first.digest()]
    if nth == 1:
        return first.hexdigest()
    return hashlib.sha256(f"{same}\x1f{nth}".encode("utf-8", "surrogatepass")).hexdigest()


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


@functools.lru_cache(maxsize=4096)  # a sheet has few distinct dates
def parse_date(value: str) -> dt.datetime | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def import_sheet(engine: Engine, path: Path, *, tags: Sequence[str] = (),
                 mapping: Mapping[str, str] | None = None,
                 progress: Progress | None = None) -> ImportResult:
    """Import one CSV file, streamed: rows are read, checked and stored BATCH at a time in
    one transaction, so memory does not grow with the file; see the module docstring.
    Each batch's new questions are keyed together (`normalize_many`, two threads)."""
    rows = sheet_rows(path, progress)
    first = next(rows, None)
    if first is None:
        raise SheetError("sheet_empty", path=path)
    cols = columns(first[1] or [], mapping or {})
    at = [cols.get(name) for name in ("date", "channel", "category", "question", "product",
                                      "result")]
    result = ImportResult()
    tag_set = set(tags)
    tag_of: dict[str, str | None] = {}
    keys: dict[str, str] = {}  # question → key; sheets repeat their questions
    seen: Counter[bytes] = Counter()
    batch: list[dict[str, object]] = []

    def flush(conn: Connection) -> None:
        if len(keys) > KEY_CACHE:  # bounded: forget and start again
            keys.clear()
        new = sorted({str(r["question"]) for r in batch} - keys.keys())
        keys.update(zip(new, normalize_many(new), strict=True))
        for r in batch:
            r["norm"] = keys[str(r["question"])]
        result.imported += store_new(conn, inquiries, batch)
        result.duplicates += len(batch)
        batch.clear()

    with engine.begin() as conn:
        for number, row in rows:
            if row is None:
                result.errors.append(RowError(number, t("sheet_bad_cell", limit=MAX_CELL)))
                continue
            if not any(cell.strip() for cell in row):
                continue
            date, channel, category, question, product, outcome = (
                row[i].strip() if i is not None and i < len(row) else "" for i in at)
            when = parse_date(date)
            if when is None:
                result.errors.append(RowError(number, t("sheet_bad_date", value=date[:80])))
                continue
            if not question:
                result.errors.append(RowError(number, t("sheet_no_question")))
                continue
            if len(question) > MAX_QUESTION:
                result.errors.append(RowError(number, t("sheet_long_question",
                                                        limit=MAX_QUESTION)))
                continue
            if category not in tag_of:
                tag_of[category] = _tag(category, tag_set)
            tag = tag_of[category]
            if category and tag is None:
                result.unknown_categories[category] = result.unknown_categories.get(
                    category, 0) + 1
            same = "\x1f".join([when.isoformat(), channel, category, question])
            batch.append({"ts": when, "channel": channel or None, "category": category or None,
                          "tag": tag, "question": question, "norm": None,
                          "product": product or None, "result": outcome or None,
                          "fingerprint": occurrence_print(same, seen)})
            if len(batch) >= BATCH:
                flush(conn)
        flush(conn)
    result.duplicates -= result.imported
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
