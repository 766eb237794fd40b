"""Real-browser fixtures: `kb serve` over a copy of the sample, Debian's Chromium via Playwright.

The browser is Debian's `/usr/bin/chromium` (`make chromium` installs it); Playwright's own
browser downloads are never used. Without Chromium or the `playwright` package every
browser test is skipped with the reason shown in pytest's summary (`-ra`).

axe-core is run with `page.evaluate(<source of tests/vendor/axe.min.js>)`, not with
`add_script_tag` and not with `bypass_csp=True`: the site sends `script-src 'self'`, which
blocks an injected <script> tag, and bypassing the CSP would test a page the customer never
gets. Code evaluated through the DevTools protocol is not subject to the page's CSP, so
the page is checked exactly as served, headers and all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT, SAMPLE, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_JS = ROOT / "tests" / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

START_TIMEOUT = 60  # seconds; the first start loads the Korean analyzer and indexes



def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


STAFF = {"minji": "agent", "boss": "admin"}
STAFF_PASSWORD = "브라우저-테스트-비밀번호"


@pytest.fixture(scope="session")
def host_port() -> int:
    """The port of the pretend shop page that embeds the widget (an allowed origin)."""
    return free_port()


@pytest.fixture(scope="session")
def server_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser-server")


@pytest.fixture(scope="session")
def live_server(server_instance: Path, host_port: int) -> Iterator[str]:
    """`kb serve` over a copy of the sample content; yields the base URL."""
    tmp = server_instance
    content = Path(shutil.copytree(SAMPLE, tmp / "content"))
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8").replace(
        "allowed_origins: [", f"allowed_origins: [http://127.0.0.1:{host_port}, ", 1), "utf-8")
    # A scenario whose label and answer carry HTML: the widget must show it as text / sanitized.
    (content / "scenarios" / "html.yaml").write_text(
        "options:\n  - label: '<img src=x onerror=alert(1)>굵게'\n"
        "    answer: '<script>alert(1)</script><b>굵은</b> 안내'\n"
        "  - label: 상담원 연결\n    handoff: true\n", "utf-8")
    log_path = tmp / "server.log"
    port = free_port()
    env = {**os.environ, "KB_INSTANCE": str(tmp / "instance"), "PYTHONUNBUFFERED": "1"}
    base = f"http://127.0.0.1:{port}"
    for name, role in STAFF.items():  # accounts for the agent console tests
        subprocess.run([sys.executable, "-m", "kbsite.cli", "user", "add", name, "--role", role,
                        "--password-stdin"], input=STAFF_PASSWORD + "\n", text=True, env=env,
                       cwd=ROOT, check=True, capture_output=True)
    # Output goes to a file, not a pipe: a pipe nobody reads fills up and stalls the server.
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kbsite.cli", "serve", "--content", str(content),
             "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"kb serve did not answer /healthz within {START_TIMEOUT} s "
                            f"(exit code {proc.poll()}):\n{log_path.read_text('utf-8')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, shared by the session; skips when it cannot run."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found: run `make chromium` (apt-get install chromium) "
                    "as root or with sudo")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=CHROMIUM_ARGS)
        except Error as exc:  # installed but broken: a real failure, not a skip
            pytest.fail(f"{CHROMIUM} is installed but Playwright could not start it: {exc}")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(autouse=True)
def _browser_first(browser: Browser) -> None:
    """Ask for the browser before anything else, so a missing one skips before the server starts."""


def _new_context(browser: Browser, viewport: dict[str, int], *, mobile: bool) -> BrowserContext:
    return browser.new_context(viewport=viewport, locale="ko-KR", is_mobile=mobile,
                               has_touch=mobile, device_scale_factor=2 if mobile else 1)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Any]:
    """A factory: `new_page("phone" | "desktop")` → a Page in its own, fresh context.

    Every context it made is closed after the test (an open one would warn at exit).
    """
    contexts: list[BrowserContext] = []

    def make(viewport: str = "desktop") -> Page:
        context = _new_context(browser, VIEWPORTS[viewport], mobile=viewport == "phone")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            for page in context.pages:
                page.close()
            context.close()


@pytest.fixture
def phone_page(new_page) -> Page:  # noqa: ANN001
    return new_page("phone")


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text("utf-8")


def run_axe(page: Page, axe_source: str) -> dict[str, Any]:
    """Run axe-core on the page as served (CSP intact; see the module docstring)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)


def describe(violations: list[dict[str, Any]]) -> str:
    """One actionable block per violation: id, impact, help, link, and every target."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " >> ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def wait_js(page: Page, expression: str, timeout: float = 15.0) -> object:
    """Poll a JS expression until truthy. Not page.wait_for_function: its polling evals
    a string in the page, which the site's CSP (no 'unsafe-eval') rightly blocks."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Copy every screenshot the browser tests took into KB_TEST_ARTIFACTS (set by `make
    test`), named after its test, so a run's pictures outlive pytest's temporary folders."""
    target = os.environ.get("KB_TEST_ARTIFACTS")
    factory = getattr(session.config, "_tmp_path_factory", None)
    if not target or factory is None:
        return
    try:
        base = factory.getbasetemp()
    except (OSError, ValueError):
        return
    out = Path(target)
    for png in sorted(base.glob("*/*.png")):
        if png.parent.is_symlink():  # pytest's "…current" links to the same folder
            continue
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, out / f"{png.parent.name}-{png.name}")
