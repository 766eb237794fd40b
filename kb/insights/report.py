"""The CS report the company reads: JSON, Markdown, or one self-contained HTML file.

`report` gathers the numbers (`kb.insights.csreport`) and renders them. The HTML has
labelled SVG charts (values and labels in the chart, no scripts, no CDN), prints on A4 and
can be mailed as it is. Every word comes from the catalogue, in Korean or English.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from sqlalchemy import Engine

from kb.content.tree import Content
from kb.core.catalogue import t
from kb.insights.calendar import Period, change
from kb.insights.csreport import CSReport, gather

_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def period_label(period: Period, lang: str) -> str:
    """`2026년 10월`, `2026년 3분기`, `October 2026`…"""
    start = period.start
    if period.kind == "week":
        iso = start.isocalendar()
        return t("label_week", year=iso.year, week=iso.week).get(lang)
    if period.kind == "month":
        return t("label_month", year=start.year, month=start.month,
                 month_en=_MONTHS[start.month - 1]).get(lang)
    if period.kind == "quarter":
        return t("label_quarter", year=start.year, n=(start.month - 1) // 3 + 1).get(lang)
    if period.kind == "half":
        return t(f"label_half_{(start.month - 1) // 6 + 1}", year=start.year).get(lang)
    return t("label_year", year=start.year).get(lang)


def trend(now: int, before: int, lang: str) -> str:
    """`+25%`; `new` when there was none before; `+3` (no percentage) under 10 before."""
    if not before:
        return t("report_trend_new").get(lang) if now else "–"
    relative = change(now, before)
    return f"{relative:+.0%}" if relative is not None else f"{now - before:+d}"


def _num(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _sections(data: dict, lang: str) -> list[tuple[str, list[str], list[list[str]], str | None]]:
    """(heading, columns, rows, chart kind) for every section, in the report's order."""
    def w(code: str, **params: object) -> str:
        return t(code, **params).get(lang)

    sales = data["sales"]
    named = [w("rc_name"), w("rc_count"), w("rc_previous"), w("rc_trend")]

    def rows(items: list[dict]) -> list[list[str]]:
        return [[str(i["name"]), _num(i["count"]), _num(i["previous"]),
                 trend(i["count"], i["previous"], lang)] for i in items]

    out = [
        (w("rs_sales"), [w("rc_orders"), w("rc_previous"), w("rc_amount"), w("rc_per_1000")],
         [[_num(sales["orders"]), _num(sales["previous_orders"]), _num(sales["amount"]),
           _num(sales["per_1000_orders"])]], None),
        (w("rs_groups"), [w("rc_group"), w("rc_count"), w("rc_returns"), w("rc_orders"),
                          w("rc_per_1000")],
         [[g["name"], _num(g["count"]), _num(g["returns"]), _num(g["orders"]),
           _num(g["per_1000_orders"])] for g in sales["by_group"]], "bars"),
        (w("rs_products"), [w("rc_name"), w("rc_group"), w("rc_count"), w("rc_returns"),
                            w("rc_orders"), w("rc_per_1000")],
         [[p["name"], p["group"] or "–", _num(p["count"]), _num(p["returns"]),
           _num(p["orders"]), _num(p["per_1000_orders"])] for p in sales["by_product"]],
         None),
        (w("rs_volume"), [w("rc_count"), w("rc_previous"), w("rc_trend"), w("rc_searches")],
         [[_num(data["volume"]["count"]), _num(data["volume"]["previous"]),
           trend(data["volume"]["count"], data["volume"]["previous"], lang),
           _num(data["self_service_searches"]["count"])]], None),
        (w("rs_weekly"), [w("rc_when"), w("rc_count")],
         [[i["label"], _num(i["count"])] for i in data["weekly"]], "columns"),
        (w("rs_tags"), named, rows(data["by_tag"]), "bars"),
        (w("rs_channels"), named, rows(data["by_channel"]), "bars"),
        (w("rs_results"), named, rows(data["by_result"]), None),
        (w("rs_risks"), [w("rc_type"), w("rc_count"), w("rc_previous"), w("rc_examples")],
         [[r["type"], _num(r["count"]), _num(r["previous"]), " / ".join(r["examples"])]
          for r in data["risks"]], None),
    ]
    praise = data["praise"]
    out.append((w("rs_praise"), [w("rc_count"), w("rc_previous"), w("rc_examples")],
                [[_num(praise["count"]), _num(praise["previous"]),
                  " / ".join(praise["examples"])]] if praise else [], None))
    for lane, groups in data["gaps"].items():
        out.append((w(f"rs_lane_{lane}"), [w("rc_question"), w("rc_count"), w("rc_trend")],
                    [[g["question"], _num(g["count"]), trend(g["count"], g["previous"], lang)]
                     for g in groups], None))
    out.append((w("rs_tasks"), [w("rc_state"), w("rc_count")],
                [[w(f"task_state_{s}"), _num(n)] for s, n in data["tasks"].items()], None))
    out.append((w("report_work"), [w("rc_article"), w("rc_why")],
                [[a["title"], a["why"]] for a in data["articles_needing_work"]], None))
    return out


def _bars(rows: list[list[str]], title: str) -> str:
    """A horizontal bar chart of a table's first two columns (name, number)."""
    items = [(r[0], int(r[1].replace(",", "") or 0)) for r in rows[:10]
             if r[1].replace(",", "").isdigit()]
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    height = 24 * len(items) + 8
    esc = html.escape
    bars = "".join(
        f'<text x="0" y="{24 * i + 20}" class="l">{esc(name[:18])}</text>'
        f'<rect x="150" y="{24 * i + 6}" width="{max(1, 380 * v / top):.1f}" height="18"></rect>'
        f'<text x="{156 + 380 * v / top:.1f}" y="{24 * i + 20}" class="v">{v:,}</text>'
        for i, (name, v) in enumerate(items))
    return (f'<svg class="chart" role="img" viewBox="0 0 600 {height}" width="600" '
            f'height="{height}"><title>{esc(title)}</title>{bars}</svg>')


def _columns(rows: list[list[str]], title: str) -> str:
    """A column chart over time (label, number), values above the columns."""
    items = [(r[0], int(r[1].replace(",", ""))) for r in rows]
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    width = max(600, 40 * len(items))
    step = width / len(items)
    esc = html.escape
    cols = "".join(
        f'<rect x="{i * step + 4:.1f}" y="{150 - 120 * v / top:.1f}" width="{step - 8:.1f}" '
        f'height="{max(1, 120 * v / top):.1f}"></rect>'
        f'<text x="{i * step + step / 2:.1f}" y="{144 - 120 * v / top:.1f}" class="v" '
        f'text-anchor="middle">{v:,}</text>'
        f'<text x="{i * step + step / 2:.1f}" y="168" class="l" text-anchor="middle">'
        f'{esc(label)}</text>' for i, (label, v) in enumerate(items))
    return (f'<svg class="chart" role="img" viewBox="0 0 {width:.0f} 176" width="{width:.0f}" '
            f'height="176"><title>{esc(title)}</title>{cols}</svg>')


STYLE = """body{font-family:system-ui,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;max-width:
860px;margin:2em auto;padding:0 1em;color:#1b1f24;line-height:1.5;word-break:keep-all}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccd;padding:
4px 8px;text-align:left;vertical-align:top}td:not(:first-child){font-variant-numeric:
tabular-nums}.chart{max-width:100%;height:auto;margin:.5em 0}.chart rect{fill:#2f6fed}
.chart .l{font-size:12px;fill:#333}.chart .v{font-size:12px;fill:#111}.wrap{overflow-x:auto}
@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none}section{break-inside:
avoid}a{color:inherit;text-decoration:none}}"""


def render(found: CSReport, fmt: str = "md", lang: str = "ko", site: str = "") -> str:
    """The report as JSON, Markdown, or a self-contained HTML file."""
    data = {**found.data, "label": period_label(found.period, lang)}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    title = t("report_title", site=site, period=data["label"],
              dates=found.period.dates).get(lang)
    rate = data["self_service_rate"]
    summary = t("report_self_service", rate=f"{rate:.0%}" if rate is not None else "–").get(
        lang)
    sections = _sections(data, lang)
    if fmt == "html":
        esc = html.escape
        out = [f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
               f'<meta name="viewport" content="width=device-width,initial-scale=1">'
               f"<title>{esc(title)}</title><style>{STYLE}</style>",
               f"<h1>{esc(title)}</h1>", f"<p>{esc(summary)}</p>"]
        for heading, head, rows, chart in sections:
            out.append(f"<section><h2>{esc(heading)}</h2>")
            if not rows:
                out.append(f"<p>{esc(t('report_none').get(lang))}</p></section>")
                continue
            if chart == "bars":
                out.append(_bars([[r[0], r[1]] for r in rows], heading))
            elif chart == "columns":
                out.append(_columns(rows, heading))
            out.append('<div class="wrap"><table><thead><tr>'
                       + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
                       + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows]
            out.append("</tbody></table></div></section>")
        return "\n".join(out) + "\n</html>\n"
    out = [f"# {title}", "", summary, ""]
    for heading, head, rows, _ in sections:
        out += [f"## {heading}", ""]
        if not rows:
            out += [t("report_none").get(lang), ""]
            continue
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows]
        out.append("")
    return "\n".join(out)


def md_cell(text: str) -> str:
    """A Markdown table cell: customer text can hold HTML, which many Markdown renderers
    pass through, so `& < >` become entities; `|` and line breaks would end the cell."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.replace("|", "\\|").split())


def tables(found: CSReport, lang: str = "ko") -> list[list[str]]:
    """Every table of the report as rows: a section's heading, its columns, its rows."""
    rows: list[list[str]] = []
    for heading, head, body, _ in _sections(found.data, lang):
        rows += [[heading], head, *body, []]
    return rows


def report(engine: Engine, content: Content, period: Period, fmt: str, *,
           matcher: Callable[[str], str | None] | None = None, lang: str = "ko") -> str:
    """The CS report for `period`, gathered from the store and the content."""
    found = gather(engine, content, period, matcher=matcher, lang=lang)
    return render(found, fmt, lang, content.site.title(lang))


__all__ = ["period_label", "render", "report", "tables", "trend"]
