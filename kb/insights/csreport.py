"""The CS report's numbers (주간/월간 CS 리포트), gathered for a period and the one before.

In the order such reports use: sales, inquiries against sales, the product groups and
products that draw the most inquiries (with returns), the main inquiry types, risk types,
praise, then the feedback loop (questions by lane, improvement tasks, articles needing
work, self-service). `volume` is the asks that reached the team — consultation-sheet rows,
hand-offs and contact messages; self-service searches are counted apart.

Names come from the content: channels through site.yaml's `channels` aliases, tags through
tags.yaml's `was:` (old rows count under today's name), products through products.yaml,
risk types, praise and returns through risks.yaml. Every list is sorted by count, then name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from kb.content.tree import Content
from kb.db import contacts, events, inquiries
from kb.insights import sales, tasks
from kb.insights.calendar import Period, period_of, start_of
from kb.insights.gaps import LANES, gaps
from kb.insights.periods import needs_work, period_stats

TOP = 10  # rows per list
RETURN_WORDS = ("반품",)  # a sheet's 결과 that says the product went back counts as a return
EXAMPLES = 3  # examples per risk type


@dataclass
class Row:
    """One inquiry as the report sees it: when, where from, about what, how it ended."""

    ts: dt.datetime
    channel: str
    tag: str | None
    text: str
    product: str | None
    result: str | None


def _named(now: Counter, before: Counter, top: int | None = TOP) -> list[dict[str, object]]:
    names = sorted(set(now) | set(before), key=lambda n: (-now[n], -before[n], n))
    return [{"name": n, "count": now[n], "previous": before[n]} for n in names][:top]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _rows(engine: Engine, content: Content, start: dt.datetime, end: dt.datetime
          ) -> list[Row]:
    """Sheet rows, hand-offs and contact messages in [start, end), in one shape."""
    site = content.site
    out = []
    with engine.connect() as conn:
        for r in conn.execute(select(inquiries).where(inquiries.c.ts >= start,
                                                      inquiries.c.ts < end)
                              .order_by(inquiries.c.ts, inquiries.c.id)):
            raw_tag = r.tag or r.category
            out.append(Row(_utc(r.ts), site.channel(r.channel or "") or "",
                           content.tag_now(raw_tag) if raw_tag else None, r.question,
                           _product(content, r.product), r.result))
        for r in conn.execute(select(events.c.ts, events.c.source).where(
                events.c.ts >= start, events.c.ts < end, events.c.type == "handoff")
                .order_by(events.c.ts, events.c.id)):
            out.append(Row(_utc(r.ts), site.channel(r.source or "widget"), None, "", None,
                           None))
        for r in conn.execute(select(contacts.c.ts, contacts.c.question).where(
                contacts.c.ts >= start, contacts.c.ts < end).order_by(contacts.c.ts,
                                                                       contacts.c.id)):
            out.append(Row(_utc(r.ts), site.channel("widget"), None, r.question, None, None))
    return out


def _product(content: Content, raw: str | None) -> str | None:
    if not raw:
        return None
    found = content.product(raw)
    return found.name if found else raw


def _tags(rows: Iterable[Row]) -> Counter:
    """Per tag, with each parent counting its children too (배송 = 배송 + 배송/지연)."""
    found: Counter = Counter()
    for row in rows:
        if row.tag:
            parts = row.tag.split("/")
            for depth in range(1, len(parts) + 1):
                found["/".join(parts[:depth])] += 1
    return found


def _searches(engine: Engine, start: dt.datetime, end: dt.datetime) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events).where(
            events.c.ts >= start, events.c.ts < end, events.c.type == "search")).scalar_one()


def _series(rows: list[Row], period: Period) -> list[dict[str, object]]:
    """Counts per day for a week, per ISO week otherwise (per month for a year)."""
    kind = {"week": "day", "year": "month"}.get(period.kind, "week")
    buckets: list[tuple[str, dt.datetime, dt.datetime]] = []
    if kind == "day":
        for n in range((period.end - period.start).days):
            day = period.start + dt.timedelta(days=n)
            buckets.append((day.isoformat()[5:], start_of(day, period.tz),
                            start_of(day + dt.timedelta(days=1), period.tz)))
    else:
        current = period_of("month" if kind == "month" else "week", period.start, period.tz)
        while current.start < period.end:
            label = current.label if kind == "month" else current.label.split("-")[-1]
            buckets.append((label, max(current.start_at, period.start_at),
                            min(current.end_at, period.end_at)))
            current = period_of(current.kind, current.end, period.tz)
    return [{"label": label, "count": sum(1 for r in rows if start <= r.ts < stop)}
            for label, start, stop in buckets]


@dataclass
class CSReport:
    period: Period
    data: dict[str, object] = field(default_factory=dict)


def gather(engine: Engine, content: Content, period: Period, *,
           matcher: Callable[[str], str | None] | None = None, lang: str = "ko") -> CSReport:
    """Every section of the CS report for `period` (and the previous period beside it)."""
    before = period.previous()
    now_rows = _rows(engine, content, period.start_at, period.end_at)
    old_rows = _rows(engine, content, before.start_at, before.end_at)
    reporting = content.reporting
    data: dict[str, object] = {"period": period.as_dict(), "previous": before.as_dict()}
    data["volume"] = {"count": len(now_rows), "previous": len(old_rows)}
    data["weekly"] = _series(now_rows, period)
    data["self_service_searches"] = {
        "count": _searches(engine, period.start_at, period.end_at),
        "previous": _searches(engine, before.start_at, period.start_at)}
    data["by_channel"] = _named(Counter(r.channel for r in now_rows if r.channel),
                                Counter(r.channel for r in old_rows if r.channel), None)
    data["by_tag"] = _named(_tags(now_rows), _tags(old_rows), None)
    data["by_result"] = _named(Counter(r.result for r in now_rows if r.result),
                               Counter(r.result for r in old_rows if r.result), None)
    data["sales"] = _sales(engine, content, period, before, now_rows, old_rows, reporting)
    data["risks"] = [_risk(risk.name if lang != "en" else (risk.name_en or risk.name), risk,
                           now_rows, old_rows) for risk in reporting.risks]
    data["praise"] = (_risk("praise", reporting.praise, now_rows, old_rows)
                      if reporting.praise else None)
    linked = tasks.linked_groups(engine)
    found = gaps(engine, period, matcher=matcher, synonyms=content.synonyms, tasks=linked)
    data["gaps"] = {lane: [{"key": g.key, "question": g.question, "count": g.count,
                            "previous": g.previous, "article": g.article}
                           for g in found if g.lane == lane][:5] for lane in LANES}
    states = Counter(t.status for t in tasks.load(engine))
    data["tasks"] = {state: states[state] for state in tasks.STATES}
    stats = period_stats(engine, period)
    data["articles_needing_work"] = [
        {"id": aid, "title": content.articles[aid].title if aid in content.articles else aid,
         "why": why.get(lang)} for aid, why in needs_work(content, stats,
                                                          today=period.last_day)]
    data["self_service_rate"] = stats.self_service
    return CSReport(period, data)


def _marks(risk, row: Row) -> bool:  # noqa: ANN001
    """A risk type (or praise) marks a row by its tag, or by words in its text or result."""
    return risk.matches(row.tag, f"{row.text} {row.result or ''}")


def _risk(name: str, risk, now_rows: list[Row], old_rows: list[Row]) -> dict[str, object]:  # noqa: ANN001
    hits = [r for r in now_rows if _marks(risk, r)]
    return {"type": name, "count": len(hits),
            "previous": sum(1 for r in old_rows if _marks(risk, r)),
            "examples": sorted({f"{r.text} — {r.result}" if r.result else r.text
                                for r in hits if r.text})[:EXAMPLES]}


def _by_product(content: Content, found: dict[str, tuple[str | None, int, int | None]]
                ) -> dict[str, tuple[str | None, int, int | None]]:
    """Sales keyed by the product's name in products.yaml (a code or alias is matched)."""
    out: dict[str, tuple[str | None, int, int | None]] = {}
    for raw, (group, orders, amount) in sorted(found.items()):
        product = content.product(raw)
        name = product.name if product else raw
        known = out.get(name, (None, 0, None))
        out[name] = (product.group if product else (group or known[0]), known[1] + orders,
                     None if amount is None and known[2] is None
                     else (amount or 0) + (known[2] or 0))
    return out


def _sales(engine: Engine, content: Content, period: Period, before: Period,
           now_rows: list[Row], old_rows: list[Row], reporting) -> dict[str, object]:  # noqa: ANN001
    """Orders and inquiries per product and product group, and inquiries per 1,000 orders."""
    orders = _by_product(content, sales.orders(engine, period.start, period.end))
    previous = _by_product(content, sales.orders(engine, before.start, before.end))
    asked = Counter(r.product for r in now_rows if r.product)
    returned = Counter(r.product for r in now_rows if r.product and (
        reporting.is_return(r.tag) or any(word in (r.result or "") for word in RETURN_WORDS)))

    def group_of(name: str) -> str | None:
        product = content.product(name)
        if product is not None:
            return product.group
        return orders.get(name, (None, 0, None))[0]

    products = []
    for name in sorted(set(asked) | set(orders), key=lambda n: (-asked[n], n)):
        count, sold = asked[name], orders.get(name, (None, 0, None))[1]
        products.append({"name": name, "group": group_of(name), "count": count,
                         "returns": returned[name], "orders": sold,
                         "per_1000_orders": round(1000 * count / sold, 1) if sold else None})
    groups: dict[str, dict[str, object]] = {}
    for row in products:
        key = row["group"] or "-"
        entry = groups.setdefault(key, {"name": key, "count": 0, "returns": 0, "orders": 0})
        for k in ("count", "returns", "orders"):
            entry[k] += row[k]
    for entry in groups.values():
        entry["per_1000_orders"] = (round(1000 * entry["count"] / entry["orders"], 1)
                                    if entry["orders"] else None)
    total_orders = sum(v[1] for v in orders.values())
    total_asked = len(now_rows)
    return {"orders": total_orders, "previous_orders": sum(v[1] for v in previous.values()),
            "amount": sum(v[2] or 0 for v in orders.values()) or None,
            "per_1000_orders": round(1000 * total_asked / total_orders, 1)
            if total_orders else None,
            "by_product": products[:TOP],
            "by_group": sorted(groups.values(), key=lambda g: (-g["count"], g["name"]))}
