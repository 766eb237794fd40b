"""The shared scenario walks, replayed in the real widget: it must show the engine's screens.

`tests/fixtures/scenario_walks.yaml` holds (step → expected screen) walks; `tests/test_engine.py`
replays them through `chatbot.engine`, this module by clicking the widget's buttons and
reading the screen back from its shadow DOM. The widget navigates client-side, so this is
what keeps its copy of the navigation equal to the engine's.

The host page is a bare page on the help center's own origin (answered by Playwright, so
it can name any scenario); widget.js, app.js, the article API and `main` come from the real
server. The fixed trees are not in the server's content: their API answer is built with the
server's own `scenario_json`, from the scenario chatbot's loader reads.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kbsite.api import scenario_json
from tests.fixtures import walks

pytestmark = pytest.mark.browser

WALKS = walks.walks()
NAV = {"back": "← 뒤로", "home": "⌂ 처음으로"}
SETTLE_TIMEOUT = 5.0  # seconds for a step's screen to appear (cards load asynchronously)
HOST_PAGE = """<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>scenario walks</title></head><body><main><h1>{scenario}</h1></main>
<script src="/widget.js" data-scenario="{scenario}" async></script></body></html>"""

# The widget's screen, in the shape of chatbot.engine.Turn.screen(). `since` is the number
# of log entries before the step: answer, cards and handoff count only if this step added them.
READ_SCREEN = """([since, back, home]) => {
  const root = document.querySelector("answerloop-widget").shadowRoot;
  const log = root.querySelector(".log");
  if (!log) return null;  // app.js is still loading
  const group = root.querySelector(".controls .options");
  const nav = [...root.querySelectorAll(".controls .nav button")].map(b => b.textContent);
  const fresh = [...log.children].slice(since);
  return {
    message: group && group.getAttribute("aria-label"),
    options: group ? [...group.querySelectorAll("button")].map(b => b.textContent) : [],
    back: nav.includes(back),
    home: nav.includes(home),
    answer: fresh.some(e => e.matches(".msg.bot.answer")),
    articles: fresh.filter(e => e.matches("ul.cards"))
      .flatMap(ul => [...ul.querySelectorAll(".card")].map(c => c.firstChild.textContent)),
    handoff: fresh.some(e => e.matches(".msg.bot.handoff")),
  };
}"""
LOG_LENGTH = ("document.querySelector('answerloop-widget').shadowRoot"
              ".querySelector('.log').children.length")


@pytest.fixture(scope="module")
def tree_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The fixed trees as `GET /api/v1/scenarios/<id>` would answer, by id."""
    folder = tmp_path_factory.mktemp("walk-trees")
    return {scenario_id: {"ok": True, "scenario": scenario_json(walks.load_tree(scenario_id,
                                                                                folder))}
            for scenario_id in walks.trees()}


@pytest.fixture(scope="module")
def article_ids() -> dict[str, str]:
    """Card title → article id (the widget shows titles; the fixtures name ids)."""
    articles = walks.sample_content().articles.values()
    by_title = {a.title: a.id for a in articles}
    assert len(by_title) == len(articles), "article titles must be unique to map cards to ids"
    return by_title


class Widget:
    """The widget on one page: click by label, read the screen once the step has settled."""

    def __init__(self, page, article_ids: dict[str, str]) -> None:  # noqa: ANN001
        self.page = page
        self.root = page.locator("answerloop-widget")
        self.article_ids = article_ids
        self.pending: set[object] = set()  # API reads in flight: their cards may still come
        for event, update in (("request", set.add), ("requestfinished", set.discard),
                              ("requestfailed", set.discard)):
            page.on(event, lambda r, update=update: self._track(r, update))

    def _track(self, request, update) -> None:  # noqa: ANN001
        if "/api/v1/" in request.url and "/api/v1/events" not in request.url:
            update(self.pending, request)

    def act(self, step: walks.Step) -> int:
        """Do one step; the log length before it."""
        since = self.page.evaluate(LOG_LENGTH)
        if step.action == "choose":
            where, name = ".controls .options", step.label
        else:
            where, name = ".controls .nav", NAV[step.action]
        self.root.locator(where).get_by_role("button", name=name, exact=True).click()
        return since

    def read(self, since: int) -> dict[str, Any]:
        seen = self.page.evaluate(READ_SCREEN, [since, NAV["back"], NAV["home"]])
        if seen is None:
            return {}
        seen["articles"] = [self.article_ids.get(title, f"(title) {title}")
                            for title in seen["articles"]]
        return seen

    def settle(self, since: int, expected: dict[str, Any]) -> dict[str, Any]:
        """The screen once it equals `expected` with no API read in flight, or at the deadline."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while True:
            seen = self.read(since)
            if (seen == expected and not self.pending) or time.monotonic() > deadline:
                return seen
            self.page.wait_for_timeout(50)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.name)
def test_widget_walks_match_the_shared_fixtures(walk, new_page, live_server, tree_json,  # noqa: ANN001
                                                article_ids):
    page = new_page("desktop")
    host = f"{live_server}/__walks__/{walk.scenario}"
    page.route(host, lambda route: route.fulfill(
        content_type="text/html; charset=utf-8", body=HOST_PAGE.format(scenario=walk.scenario)))
    if walk.scenario in tree_json:
        page.route(f"{live_server}/api/v1/scenarios/{walk.scenario}",
                   lambda route: route.fulfill(json=tree_json[walk.scenario]))
    widget = Widget(page, article_ids)
    page.goto(host)
    page.get_by_role("button", name="도움말").click()
    assert widget.settle(0, walk.start) == walk.start, f"{walk.name}: start"
    for number, step in enumerate(walk.steps, 1):
        where = f"{walk.name}: step {number}, {step}"
        seen = widget.settle(widget.act(step), step.screen)
        assert seen == step.screen, where
