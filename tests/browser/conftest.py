"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

Every test under tests/browser/ gets the `browser` marker; each module asks for a fresh
database (`BROWSER_DB`: transactional, with the migrations' data restored: the home page, the
site, the role groups) and each test a page that can reach nothing but the live server.
Where no Chromium is installed the tests are skipped and the run says so in one line.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BROWSER_DIR = Path(__file__).resolve().parent
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _serve_one_request_at_a_time():
    """The live server answers in several threads, and on SQLite the test database lives in
    memory behind one shared connection: two requests at once (Wagtail's editor pings its
    editing-session view while a form is saved) then fail with "database table is locked".
    A browser does send requests in parallel, so the live server takes them one at a time.
    Each request is still a whole request; keep-alive connections are not held up."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(ThreadedWSGIServer):
        def set_app(self, application):
            lock = threading.Lock()

            def serialised(environ, start_response):
                with lock:
                    response = application(environ, start_response)
                    try:
                        body = list(response)
                    finally:
                        if hasattr(response, "close"):
                            response.close()
                    return body

            super().set_app(serialised)

    LiveServerThread.server_class = OneRequestAtATime


_serve_one_request_at_a_time()


def chromium_missing_reason():
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium is installed at {CHROMIUM}"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed"
    return None


# ------ Collection: mark, skip, and say so once ------


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    reason = chromium_missing_reason()
    skipped = 0
    for item in items:
        if BROWSER_DIR not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))
            skipped += 1
    config._browser_tests_skipped = (skipped, reason)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped, reason = getattr(config, "_browser_tests_skipped", (0, None))
    if skipped:
        terminalreporter.write_line(
            f"Browser tests skipped ({skipped}): {reason}; "
            "install Debian's chromium (apt-get install chromium) to run them."
        )


# ------ Browser and page ------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # meanwhile are ordinary synchronous calls, so Django's async guard must stand aside.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect

    # The machines that run this are small and shared: give pages time, not retries.
    expect.set_options(timeout=15_000)

    # Once Playwright's event loop runs in this thread, Django would key database connections
    # by asyncio context and hand the tests new connection objects, without the migrations'
    # data each journey's fresh database is restored from. Keep them plainly per thread.
    import threading

    from django.db import connections

    per_thread = threading.local()
    for alias in connections:
        setattr(per_thread, alias, connections[alias])
    previous_storage, connections._connections = connections._connections, per_thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    connections._connections = previous_storage
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_url(live_server):
    return live_server.url.rstrip("/")


ALLOWED = re.compile(r"^https?://(localhost|127\.0\.0\.1)(:\d+)?/")
# The admin releases its editing session as a tab closes: that request would race the database
# flush between tests, and no journey needs it.
UNNEEDED = re.compile(r"/admin/editing-sessions/release/")


def open_tab(browser, site_url, **context_options):
    """A browser tab that can reach only the live server (no tiles, no fonts, no CDN)."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}
    options.update(context_options)
    context = browser.new_context(**options)

    def only_the_site(route):
        request_url = route.request.url
        if (ALLOWED.match(request_url) and not UNNEEDED.search(request_url)) or (
            request_url.startswith("data:")
        ):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_site)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.site_url = site_url
    return tab


def close_tab(tab):
    # Leave the page first so that nothing it sends on unload reaches the server late.
    tab.goto("about:blank")
    tab.context.close()


@pytest.fixture
def page(browser, site_url):
    tab = open_tab(browser, site_url)
    yield tab
    close_tab(tab)


@pytest.fixture
def new_tab(browser, site_url):
    """Open more tabs (another visitor, another user); all are closed after the test."""
    tabs = []

    def opener(**context_options):
        tab = open_tab(browser, site_url, **context_options)
        tabs.append(tab)
        return tab

    yield opener
    for tab in tabs:
        close_tab(tab)


# ------ Helpers the journeys share ------


def url(page, path):
    return f"{page.site_url}{path}"


def signed_in(page, user, password="password"):  # noqa: S107 (the factories' password)
    """Sign `user` in through the site's own sign-in page, as a person would."""
    page.goto(url(page, "/admin/login/"))
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile(r".*/admin/(?!login).*"))
    return page


# WCAG 2.2's target size (2.5.8), which axe-core leaves off unless asked.
WCAG22_TARGET_SIZE = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def assert_no_axe_violations(page, context=None, options=None):
    """Run axe-core (shipped inside axe-playwright-python) and fail with a readable list."""
    from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

    results = Axe().run(page, context=context, options=options or DEFAULT_OPTIONS)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"      {summary[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


def save_screenshot(page, name):
    """Keep the current page's look in docs/screenshots/<name>.png (shown in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: el.getAttribute('name'),
                text: (el.innerText || el.value || '').trim().slice(0, 80),
                href: el.getAttribute('href'),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== 'none',
                background: style.backgroundColor,
            };
        }"""
    )


def assert_focus_visible(page):
    state = focused(page)
    assert state is not None, "nothing has the keyboard focus"
    assert state["outline"] or state["shadow"], f"focus is not visible on {state}"
    return state


def tab_until(page, predicate, limit=80, backwards=False):
    """Press Tab until the focused element satisfies `predicate`; return its state."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if state and predicate(state):
            return state
    raise AssertionError(f"no focusable element matched after {limit} presses of {key}")


def chromium_available():
    return chromium_missing_reason() is None and shutil.which(CHROMIUM) is not None
