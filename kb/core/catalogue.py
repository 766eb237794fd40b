"""The one message catalogue: every sentence a person reads, in Korean and English.

Each owner keeps its table beside its code (`kb.core.messages`, `kb.content.messages`,
`kb.search.messages`, `kb.insights.messages`, `kb.accounts`, `chatbot.messages`,
`kbsite.messages`, `kbsite.cli.messages`) and registers it here on import; a code
registered twice with other words is a programming error. `t(code)` gives both languages
at once (`Text`), so a problem can be printed later in either.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LANGS = ("ko", "en")

_MESSAGES: dict[str, tuple[str, str]] = {}
_OWNERS: dict[str, str] = {}
MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(_MESSAGES)


@dataclass(frozen=True)
class Text:
    """A user-facing sentence in Korean and English."""

    ko: str
    en: str

    def get(self, lang: str) -> str:
        """The sentence in `lang` (Korean unless 'en')."""
        return self.en if lang == "en" else self.ko

    def __add__(self, other: Text) -> Text:
        return Text(self.ko + other.ko, self.en + other.en)

    def __str__(self) -> str:
        return self.ko


def fields(template: str) -> set[str]:
    """The `{names}` a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def register(table: Mapping[str, tuple[str, str]], owner: str) -> None:
    """Add an owner's messages; the same code with other words from elsewhere is refused."""
    for code, pair in table.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(pair)):
            raise ValueError(f"message {code!r} of {owner} needs (Korean, English) text")
        if code in _MESSAGES and _MESSAGES[code] != pair:
            raise ValueError(f"message code {code!r} of {owner} is already {_OWNERS[code]}'s")
        _MESSAGES[code] = pair
        _OWNERS[code] = owner


def owner(code: str) -> str:
    """The module that registered `code`."""
    return _OWNERS[code]


def t(code: str, **params: object) -> Text:
    """The catalogue message `code` filled with `params`, in both languages.

    A count `n` also gives English its plural ending `{s}` ("{n} article{s}": 1 article,
    2 articles) unless the caller passes `s` itself."""
    if "n" in params and "s" not in params:
        params["s"] = "" if params["n"] == 1 else "s"
    ko, en = _MESSAGES[code]
    return Text(ko.format(**params), en.format(**params))


def message(code: str, lang: str, **params: object) -> str:
    """The catalogue message `code` in one language."""
    return t(code, **params).get(lang)
