"""KakaoTalk's limits (`kakao_limits.yaml`, shipped in the package) and the two measures both
the response builder and the content check use: a label cut to fit, and an answer as the
plain text KakaoTalk shows.

    limits = load()
    limits.max("label")            # 14
    shorten("배송 조회는 어디서 하나요", 14)  # '배송 조회는 어디서 하…'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

FILE = Path(__file__).with_name("kakao_limits.yaml")
ELLIPSIS = "…"
DEGRADES = ("truncate", "truncate_link", "more_step", "carousel", "text_card", "drop",
            "shrink", "none")


@dataclass(frozen=True)
class Limit:
    name: str
    max: int
    what: str
    source: str  # the URL (or note) it came from
    checked: str  # YYYY-MM-DD
    degrade: str


@dataclass(frozen=True)
class Limits:
    checked: str
    items: Mapping[str, Limit]

    def max(self, name: str) -> int:
        return self.items[name].max

    def __getitem__(self, name: str) -> Limit:
        return self.items[name]


def parse(data: object) -> Limits:
    """The limits file's data → `Limits`; ValueError naming the first thing wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("limits"), dict):
        raise ValueError("kakao_limits.yaml needs a `limits:` mapping")
    sources = data.get("sources") or {}
    items = {}
    for name, entry in data["limits"].items():
        if not isinstance(entry, dict):
            raise ValueError(f"limit {name!r} must be a mapping")
        missing = [k for k in ("max", "what", "source", "checked", "degrade") if k not in entry]
        if missing:
            raise ValueError(f"limit {name!r} lacks {', '.join(missing)}")
        if not isinstance(entry["max"], int) or entry["max"] < 1:
            raise ValueError(f"limit {name!r}: max must be a whole number ≥ 1")
        if entry["degrade"] not in DEGRADES:
            raise ValueError(f"limit {name!r}: degrade must be one of {', '.join(DEGRADES)}")
        source = sources.get(entry["source"], entry["source"])
        items[name] = Limit(name, entry["max"], " ".join(str(entry["what"]).split()),
                            str(source), str(entry["checked"]), entry["degrade"])
    return Limits(str(data.get("checked", "")), items)


@lru_cache(maxsize=1)
def load() -> Limits:
    """The limits shipped with the package (read once)."""
    return parse(yaml.safe_load(FILE.read_text("utf-8")))


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut to `limit - 1` plus "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MARKS = re.compile(r"(\*\*|__|`|~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)


def article_url(base_url: str, article_id: str) -> str:
    """An article's address on the help center, marked so the visit counts as KakaoTalk's
    (`?ref=kakao`: the manual records it with source kakao)."""
    return f"{base_url.rstrip('/')}/articles/{article_id}?ref=kakao"


def plain(markdown: str, base_url: str) -> str:
    """A short Markdown answer as KakaoTalk shows it: text, links written out
    (`[배송 조회](article:delivery-tracking)` → `배송 조회 (https://…/articles/delivery-tracking)`),
    no emphasis marks or heading hashes."""

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if target.startswith("article:"):
            target = article_url(base_url, target.removeprefix("article:").split("#")[0])
        elif target.startswith("/"):
            target = base_url.rstrip("/") + target
        return f"{label} ({target})" if label and label != target else target

    text = _LINK.sub(link, markdown)
    text = _HEADING.sub("", _QUOTE.sub("", _MARKS.sub("", text)))
    return "\n".join(line.rstrip() for line in text.strip().splitlines())
