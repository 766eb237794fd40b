"""The content model: frozen records built from content files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from kb.content.hours import Schedule, Status, status


def in_lang(lang: str, own: str, english: str) -> str:
    """A content text in the page's language: the English one on English pages when the
    content gives it (`name_en`, `label_en`…), else the content's own."""
    return english if lang == "en" and english else own


@dataclass(frozen=True)
class Heading:
    """One entry of the table of contents."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class LinkRef:
    """A link or image in the source, for `kb check` to verify.

    kind: "article" (article:id or a relative .md link), "image".
    target: the article id or image path (relative to content/images), None if unresolved.
    """

    kind: str
    source: str  # the href/src exactly as written
    target: str | None
    anchor: str = ""


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]
    refs: tuple[LinkRef, ...]


@dataclass(frozen=True)
class Article:
    """One help article, from `content/articles/**/<id>.md`."""

    id: str
    title: str
    category: str
    path: str  # as shown in problems: relative to the working directory when possible
    file: Path
    body: str  # Markdown source
    body_line: int  # file line where the body starts
    digest: str  # sha256 of the file, for incremental indexing
    tags: tuple[str, ...] = ()
    summary: str = ""
    questions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    lang: str = "ko"
    translation_of: str | None = None
    updated: dt.date | None = None
    draft: bool = False
    html: str = ""
    toc: tuple[Heading, ...] = ()
    refs: tuple[LinkRef, ...] = ()

    @property
    def url(self) -> str:
        return f"/articles/{self.id}"

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(h.anchor for h in self.toc)


@dataclass(frozen=True)
class Category:
    """A section of the manual, from `content/categories.yaml`."""

    id: str
    name: str
    line: int
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    order: int = 0
    parent: str | None = None

    def label(self, lang: str) -> str:
        return in_lang(lang, self.name, self.name_en)

    def describe(self, lang: str) -> str:
        return in_lang(lang, self.description, self.description_en)


@dataclass(frozen=True)
class Channel:
    """A way to reach a person: KakaoTalk channel, Channel Talk, phone, email, form."""

    type: str
    label: str
    url: str = ""
    hours: str = ""
    open: Schedule | None = None  # None: no hours as data, so no open/closed shown
    label_en: str = ""
    hours_en: str = ""

    def label_in(self, lang: str) -> str:
        """The button text in `lang` (English when given, else the site's own)."""
        return in_lang(lang, self.label, self.label_en)

    def hours_in(self, lang: str) -> str:
        return in_lang(lang, self.hours, self.hours_en)


@dataclass(frozen=True)
class PageRule:
    """Host pages matching `url` (a glob) get `articles` suggested in the widget."""

    url: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Widget:
    greeting: str = "안녕하세요! 무엇을 도와드릴까요?"
    color: str = "#2f6fed"
    position: str = "right"
    lang: str | None = None
    scenario: str = "main"
    allowed_origins: tuple[str, ...] = ()
    page_rules: tuple[PageRule, ...] = ()
    max_options: int = 10


@dataclass(frozen=True)
class Site:
    """Site-wide settings from `content/site.yaml`, defaults filled in."""

    name: str = "고객센터"
    name_en: str = ""
    base_url: str = "http://127.0.0.1:8000"
    default_lang: str = "ko"
    timezone: str = "Asia/Seoul"
    languages: tuple[str, ...] = ("ko",)
    og_image: str = ""
    reply_template: str = ""
    handoff: tuple[Channel, ...] = ()
    holidays: tuple[dt.date, ...] = ()
    widget: Widget = field(default_factory=Widget)
    channels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name → aliases

    def title(self, lang: str) -> str:
        return in_lang(lang, self.name, self.name_en)

    def now(self) -> dt.datetime:
        """The current time in the site's time zone."""
        return dt.datetime.now(ZoneInfo(self.timezone))

    def open_status(self, channel: Channel, now: dt.datetime | None = None) -> Status | None:
        """Whether a person answers on `channel` now (None: the channel has no `open`)."""
        if channel.open is None:
            return None
        moment = (now or self.now()).astimezone(ZoneInfo(self.timezone))
        return status(channel.open, self.holidays, moment)

    @cached_property
    def _channel_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for name, aliases in self.channels.items():
            for word in (name, *aliases):
                keys.setdefault(word.strip().casefold(), name)
        return keys

    def channel(self, value: str) -> str:
        """The channel's name for a sheet value or event source (case-insensitive alias
        match); unknown values come back as written."""
        return self._channel_keys.get(value.strip().casefold(), value)


def _marks(tags: tuple[str, ...], tag: str | None) -> bool:
    """Whether `tag` is one of `tags` or a child of one."""
    return tag is not None and any(tag == t or tag.startswith(f"{t}/") for t in tags)


@dataclass(frozen=True)
class RiskType:
    """A kind of case the company must hear about (리콜, 외부 민원…), or praise."""

    name: str
    name_en: str = ""
    tags: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return in_lang(lang, self.name, self.name_en)

    def matches(self, tag: str | None, text: str) -> bool:
        """True when `tag` is one of its tags (or their child `tag/...`) or `text` holds
        one of its words (case-insensitive)."""
        if _marks(self.tags, tag):
            return True
        folded = text.casefold()
        return any(word.casefold() in folded for word in self.words)


@dataclass(frozen=True)
class Reporting:
    """What the CS report counts beyond tags, from `content/risks.yaml`."""

    risks: tuple[RiskType, ...] = ()
    praise: RiskType | None = None
    returns: tuple[str, ...] = ()  # tags counted as returns

    def is_return(self, tag: str | None) -> bool:
        """Whether a row with this tag counts as a return."""
        return _marks(self.returns, tag)


@dataclass(frozen=True)
class Product:
    """A product the shop sells, from `content/products.yaml`."""

    name: str
    code: str | None
    group: str
    aliases: tuple[str, ...] = ()
