"""One exception base for problems a person can act on.

A `KbError` carries a catalogue message (Korean and English), the HTTP status the API
answers with (`{"ok": false, "error": …, "status": N}`) and the exit code the CLI ends with.
Rooms subclass it (`SheetError`, `AccountError`, `IndexMissing`, …); the edges map it once.
"""

from __future__ import annotations

from kb.core.catalogue import Text, t


class KbError(Exception):
    """A user-facing problem: `message` in both languages, `status` and `exit_code`."""

    status = 400
    exit_code = 1

    def __init__(self, message: Text | str, **params: object) -> None:
        self.message = message if isinstance(message, Text) else t(message, **params)
        super().__init__(self.message.en)

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return self.message.get(lang)
