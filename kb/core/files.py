"""Reading content files safely: size cap, UTF-8, display paths, front matter."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from kb.core.problems import Report, t

MAX_BYTES = 256 * 1024
_FENCE = re.compile(r"^---[ \t]*$")


def display_path(file: Path) -> str:
    """The path as people type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return str(file)
    return str(file) if rel.startswith("..") else rel


def read_text(file: Path, path: str, report: Report) -> tuple[str, str] | None:
    """(text, sha256) of a UTF-8 file under 256 KB, else report why and return None."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        report.error(path, 1, t("file_unreadable", reason=exc.strerror or str(exc)))
        return None
    if len(data) > MAX_BYTES:
        report.error(path, 1, t("file_too_big", size=len(data) // 1024, limit=MAX_BYTES // 1024),
                     t("file_too_big_hint"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(path, line, t("not_utf8", offset=exc.start + 1), t("not_utf8_hint"))
        return None
    if not text.strip():
        report.error(path, 1, t("file_empty"), t("file_empty_hint"))
        return None
    return text.replace("\r\n", "\n"), hashlib.sha256(data).hexdigest()


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, body's first line) of `---`-fenced text; None if there is none."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None
