"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every kind of public page, phone and desktop."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BLOCKING_IMPACTS, describe, run_axe

pytestmark = pytest.mark.browser

# (name, path, expected HTTP status)
PAGES = [
    ("home", "/", 200),
    ("category", "/categories/orders", 200),
    ("article", "/articles/refund-request", 200),
    ("search", "/search?q=환불", 200),
    ("not-found", "/articles/nope", 404),
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("path", "status"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_no_serious_axe_violations(live_server, new_page, axe_source, path, status, viewport):  # noqa: ANN001
    page = new_page(viewport)
    response = page.goto(live_server + path)
    assert response is not None and response.status == status
    results = run_axe(page, axe_source)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe found {len(blocking)} serious/critical violation(s) on {path} "
                    f"({viewport}):\n{describe(blocking)}")
