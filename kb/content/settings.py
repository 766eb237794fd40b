"""The content tree's YAML settings: site.yaml (with its channels), categories.yaml, tags.yaml
(with old names), synonyms.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from kb.content import formats, hours
from kb.core import schema
from kb.core.files import display_path, read_text
from kb.content.models import Category, Channel, PageRule, Site, Widget
from kb.core.problems import Report, Text, did_you_mean, t
from kb.core.yamlsrc import Doc, Loc, parse

_CHANNEL_SCHEMES = {
    "kakao": ("https://", "http://"),
    "channeltalk": ("https://", "http://"),
    "link": ("https://", "http://"),
    "phone": ("tel:",),
    "email": ("mailto:",),
    "form": ("",),
}


def load_yaml(file: Path, report: Report, *, optional: bool = True) -> tuple[str, Doc | None]:
    """(path as shown, parsed document or None); a missing optional file is no problem."""
    path = display_path(file)
    if not file.exists():
        if not optional:
            report.error(path, 1, t("file_missing"))
        return path, None
    read = read_text(file, path, report)
    if read is None:
        return path, None
    return path, parse(read[0], path, report)


_EMPTY = Loc(yaml.MappingNode("tag:yaml.org,2002:map", []), 0)


def load_site(root: Path, report: Report) -> tuple[Site, bool]:
    """site.yaml with defaults filled in; (site, ok). Missing file means all defaults."""
    path, doc = load_yaml(root / "site.yaml", report)
    if doc is None and (root / "site.yaml").exists():
        return _default_site(), False
    if doc is None or doc.data is None:  # no settings: every default from the schema
        doc = Doc({}, _EMPTY)
    if not isinstance(doc.data, dict):
        report.error(path, doc.loc.line, t("not_mapping", what="site.yaml", what_en="site.yaml"))
        return _default_site(), False
    return _site(doc, path, report), True


def _site(doc: Doc, path: str, report: Report) -> Site:
    values, _ = schema.read(doc.data, doc.loc, formats.SITE, path, report,
                            what=Text("site.yaml", "site.yaml"))
    channels = []
    for index, item in enumerate(values["handoff"] or ()):
        loc = doc.loc.get("handoff").item(index)
        channel = _record(item, loc, formats.HANDOFF, path, report,
                          Text("상담 채널", "handoff channel"))
        if channel is None:
            continue
        prefixes = _CHANNEL_SCHEMES[channel["type"]]
        url = channel["url"]
        if channel["type"] == "form" and url:
            report.warning(path, loc.line, t("channel_form_url"))
        elif channel["type"] != "form" and not url.startswith(prefixes):
            report.error(path, loc.key_line("url") if url else loc.line,
                         t("channel_bad_url", type=channel["type"], url=url,
                           expected=" 또는 ".join(prefixes), expected_en=" or ".join(prefixes)),
                         t("channel_bad_url_hint"))
            continue
        channel["open"] = _schedule(channel["open"], loc, path, report)
        channels.append(Channel(**channel))
    wloc = doc.loc.get("widget") or _EMPTY
    wvalues, _ = schema.read(values["widget"] or {}, wloc, formats.WIDGET, path, report,
                             what=Text("widget", "widget"))
    rules = []
    for index, item in enumerate(wvalues["page_rules"] or ()):
        rule = _record(item, (wloc.get("page_rules") or _EMPTY).item(index), formats.PAGE_RULE,
                       path, report, Text("page_rules 항목", "page rule"))
        if rule is not None:
            rules.append(PageRule(**rule))
    wvalues["page_rules"] = tuple(rules)
    widget = Widget(**wvalues)
    values["handoff"] = tuple(channels)
    dates, bad = hours.holiday_dates(values["holidays"] or ())
    for index, message in bad:
        report.error(path, doc.loc.get("holidays").item(index).line, message)
    values["holidays"] = dates
    values["widget"] = widget
    values["channels"] = _channels(values["channels"], doc.loc.get("channels"), path, report)
    if values["default_lang"] not in values["languages"]:
        values["languages"] = (values["default_lang"], *values["languages"])
    if not _known_zone(values["timezone"]):
        report.error(path, doc.loc.key_line("timezone"),
                     t("unknown_timezone_setting", name=values["timezone"]),
                     t("unknown_timezone_setting_hint"))
        values["timezone"] = formats.SITE_TIMEZONE
    return Site(**values)


def _schedule(data: Any, loc: Loc, path: str, report: Report) -> hours.Schedule | None:
    """A channel's `open` mapping, each bad day reported at its line (then no schedule)."""
    if not isinstance(data, dict):
        return None
    where = loc.get("open") or loc  # a mapping: the schema has checked the type
    schedule, problems = hours.parse(data)
    for key, message in problems:
        report.error(path, where.key_line(key), message, t("hours_hint"))
    return schedule


def _channels(data: dict[Any, Any] | None, loc: Loc | None, path: str,
              report: Report) -> dict[str, tuple[str, ...]]:
    """site.yaml's channels, then each default channel none of them claims."""
    found: dict[str, tuple[str, ...]] = {}
    claimed: dict[str, str] = {}  # casefolded name or alias → channel
    for name, aliases in (data or {}).items():
        line = (loc or _EMPTY).key_line(str(name))
        if not isinstance(name, str | int) or not str(name).strip():
            report.error(path, line, t("channel_bad_name", name=name))
            continue
        if aliases is None:
            aliases = []
        if not isinstance(aliases, list) or any(
                not isinstance(a, str | int) or not str(a).strip() for a in aliases):
            report.error(path, line, t("channel_aliases_not_list", name=name),
                         t("channel_aliases_hint", name=name))
            continue
        name = str(name).strip()
        words = [str(a).strip() for a in aliases]
        for word in (name, *words):
            other = claimed.setdefault(word.casefold(), name)
            if other != name:
                report.error(path, line, t("channel_alias_twice", alias=word, name=name,
                                           other=other), t("channel_alias_twice_hint"))
        found[name] = tuple(w for w in words if claimed[w.casefold()] == name)
    for name, aliases in formats.DEFAULT_CHANNELS:
        if name.casefold() not in claimed:
            found[name] = tuple(a for a in aliases if a.casefold() not in claimed)
    return found


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _default_site() -> Site:
    return _site(Doc({}, _EMPTY), "site.yaml", Report())


def _record(item: Any, loc: Loc, fields: tuple[schema.Field, ...], path: str, report: Report,
            what: Text) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        report.error(path, loc.line, t("not_mapping", what=what.ko, what_en=what.en))
        return None
    before = len(report.errors)
    values, _ = schema.read(item, loc, fields, path, report, what=what)
    return values if len(report.errors) == before else None


def load_categories(root: Path, report: Report) -> tuple[dict[str, Category], bool]:
    """categories.yaml in display order; (categories, file parsed)."""
    path, doc = load_yaml(root / "categories.yaml", report, optional=False)
    if doc is None:
        return {}, False
    if not isinstance(doc.data, list):
        report.error(path, doc.loc.line, t("categories_not_list"), t("categories_not_list_hint"))
        return {}, False
    found: dict[str, Category] = {}
    for index, item in enumerate(doc.data):
        loc = doc.loc.item(index)
        values = _record(item, loc, formats.CATEGORY, path, report, Text("카테고리", "category"))
        if values is None:
            continue
        cid = values["id"]
        if not schema.ID_RE.match(cid):
            report.error(path, loc.key_line("id"), t("bad_id", id=cid), schema.id_hint(cid))
            continue
        if cid in found:
            report.error(path, loc.key_line("id"),
                         t("duplicate_category", id=cid, other=found[cid].line))
            continue
        found[cid] = Category(line=loc.line, **values)
    for cat in found.values():
        if cat.parent is not None and cat.parent not in found:
            report.error(path, cat.line, t("unknown_parent", id=cat.id, parent=cat.parent)
                         + did_you_mean(cat.parent, found))
        elif _has_cycle(cat, found):
            report.error(path, cat.line, t("category_cycle", id=cat.id))
    ordered = sorted(found.values(), key=lambda c: (c.order, c.line))
    return {c.id: c for c in ordered}, True


def _has_cycle(cat: Category, found: dict[str, Category]) -> bool:
    seen = {cat.id}
    parent = cat.parent
    while parent is not None and parent in found:
        if parent in seen:
            return True
        seen.add(parent)
        parent = found[parent].parent
    return False


def load_tags(root: Path, report: Report) -> tuple[tuple[str, ...], bool]:
    """Every tag as "parent" or "parent/child", coarse first; (tags, file parsed)."""
    tags, _, ok = load_taxonomy(root, report)
    return tags, ok


def load_taxonomy(root: Path, report: Report
                  ) -> tuple[tuple[str, ...], dict[str, str], bool]:
    """tags.yaml: (every tag, old name → current tag, file parsed).

    A parent maps to a list of children, or to `{children: [...], was: [...]}`; a child is
    a name or `{name: ..., was: [...]}`. Old names are kept so past periods count under
    today's tags; one that is still a current tag is an error.
    """
    path, doc = load_yaml(root / "tags.yaml", report)
    if doc is None:
        return (), {}, not (root / "tags.yaml").exists()
    if doc.data is None:
        return (), {}, True
    if not isinstance(doc.data, dict):
        report.error(path, doc.loc.line, t("tags_not_mapping"), t("tags_not_mapping_hint"))
        return (), {}, False
    tags: list[str] = []
    olds: list[tuple[str, str, int, bool]] = []  # (old name, current tag, line, bare child)
    for parent, value in doc.data.items():
        line = doc.loc.key_line(str(parent))
        if not _tag_name_ok(parent):
            report.error(path, line, t("bad_tag_name", name=parent))
            continue
        parent = str(parent)
        tags.append(parent)
        children = value
        if isinstance(value, dict):
            values, _ = schema.read(value, doc.loc.get(parent) or _EMPTY, formats.TAG_PARENT,
                                    path, report, what=Text(f"태그 '{parent}'", f"tag '{parent}'"))
            children = list(values["children"] or ())
            olds += [(old, parent, line, False) for old in values["was"]]
        if children is None:
            continue
        if not isinstance(children, list):
            report.error(path, line, t("tag_children_not_list", name=parent),
                         t("tag_children_not_list_hint", name=parent))
            continue
        child_locs = (doc.loc.get(parent) or _EMPTY)
        if isinstance(value, dict):
            child_locs = child_locs.get("children") or child_locs
        for index, child in enumerate(children):
            was: tuple[str, ...] = ()
            if isinstance(child, dict):
                cloc = child_locs.item(index)
                before = len(report.errors)
                values, _ = schema.read(child, cloc, formats.TAG_CHILD, path, report,
                                        what=Text("하위 태그", "child tag"))
                if len(report.errors) != before:
                    continue
                child, was = values["name"], values["was"]
                line = cloc.line
            if not _tag_name_ok(child):
                report.error(path, line, t("bad_tag_name", name=child))
                continue
            tags.append(f"{parent}/{child}")
            olds += [(old if "/" in old else f"{parent}/{old}", f"{parent}/{child}", line, False)
                     for old in was]
            olds += [(old, f"{parent}/{child}", line, True) for old in was if "/" not in old]
    return tuple(tags), _renames(tags, olds, path, report), True


def _renames(tags: list[str], olds: list[tuple[str, str, int, bool]], path: str,
             report: Report) -> dict[str, str]:
    """Old full paths (and old bare child names that name one tag only) → current tag."""
    current = set(tags)
    names = current | {tag.rsplit("/", 1)[-1] for tag in tags}
    renames: dict[str, str] = {}
    bare: dict[str, set[str]] = {}
    for old, now, line, is_bare in olds:
        if is_bare:
            bare.setdefault(old, set()).add(now)
        elif old in current:
            report.error(path, line, t("tag_was_is_tag", old=old, tag=now),
                         t("tag_was_is_tag_hint"))
        elif renames.get(old, now) != now:
            report.error(path, line, t("tag_was_twice", old=old, tag=now, other=renames[old]))
        else:
            renames[old] = now
    for old, nows in bare.items():  # "늦음" alone: only when it is no current name
        if len(nows) == 1 and old not in names and old not in renames:
            renames[old] = next(iter(nows))
    return renames


def _tag_name_ok(name: object) -> bool:
    return isinstance(name, str | int) and str(name).strip() != "" and "/" not in str(name)


def load_synonyms(root: Path, report: Report) -> tuple[tuple[str, ...], ...]:
    """Groups of words customers use for the same thing (used by search at query time)."""
    path, doc = load_yaml(root / "synonyms.yaml", report)
    if doc is None or doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        report.error(path, doc.loc.line, t("synonyms_not_list"), t("synonyms_not_list_hint"))
        return ()
    groups = []
    for index, group in enumerate(doc.data):
        line = doc.loc.item(index).line
        if not isinstance(group, list) or len(group) < 2:
            report.error(path, line, t("synonym_group_bad"), t("synonyms_not_list_hint"))
            continue
        if any(not isinstance(w, str | int) or not str(w).strip() for w in group):
            report.error(path, line, t("synonym_group_bad"), t("synonyms_not_list_hint"))
            continue
        groups.append(tuple(str(w).strip() for w in group))
    return tuple(groups)
