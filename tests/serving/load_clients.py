"""Clients for the mixed load test: people browsing, searching, and editors saving drafts.

Each client is a thread with its own cookies that talks HTTP/1.1 to the server on
127.0.0.1, one connection a request, as a browser behind the site's TLS proxy would
(`X-Forwarded-Proto: https`, so the production settings' HTTPS redirect and secure cookies
apply as they do in production). Every response is checked against what that request
should get; anything else (another status, a socket error, a timeout) is recorded as a
failure with its URL, status and the start of its body. Editors record each save the
server acknowledged, with the marker it wrote, so the test can look for it afterwards.
"""

import contextlib
import dataclasses
import html
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
import uuid

REQUEST_TIMEOUT = 60  # a browser waits longer; gunicorn does not cut a slow request off
EXCERPT = 300
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


class UnexpectedResponse(Exception):
    """A response the client did not expect: recorded, and the client starts over."""


@dataclasses.dataclass
class Failure:
    kind: str
    method: str
    url: str
    status: object  # the HTTP status, or the socket error's name
    excerpt: str

    def __str__(self):
        return f"{self.kind}: {self.method} {self.url} -> {self.status}: {self.excerpt}"


@dataclasses.dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Recorder:
    """What every client did: durations per kind of request, failures, acknowledged saves."""

    def __init__(self):
        self._lock = threading.Lock()
        self.durations = {}  # kind -> [seconds]
        self.failures = []
        self.saves = {}  # update id -> [marker], in the order the server acknowledged them

    def request(self, kind, seconds):
        with self._lock:
            self.durations.setdefault(kind, []).append(seconds)

    def failure(self, failure):
        with self._lock:
            self.failures.append(failure)

    def saved(self, update_id, marker):
        with self._lock:
            self.saves.setdefault(update_id, []).append(marker)

    @property
    def total(self):
        return sum(len(times) for times in self.durations.values())

    @property
    def save_count(self):
        return sum(len(markers) for markers in self.saves.values())

    def percentile(self, fraction, kind=None):
        times = sorted(
            self.durations.get(kind, [])
            if kind
            else [t for times in self.durations.values() for t in times]
        )
        if not times:
            return 0.0
        return times[min(len(times) - 1, int(fraction * len(times)))]

    def table(self):
        lines = [f"{'request':<22}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"]
        for kind in sorted(self.durations):
            times = self.durations[kind]
            lines.append(
                f"{kind:<22}{len(times):>7}{self.percentile(0.5, kind) * 1000:>9.0f}"
                f"{self.percentile(0.95, kind) * 1000:>9.0f}{max(times) * 1000:>9.0f}"
            )
        return "\n".join(lines)


class Client(threading.Thread):
    """One person at a browser: cookies, requests, and checks on what comes back. Each
    kind of person (below) says in `act` what they do next."""

    # Seconds between two things a person does: reading a page, choosing a link. This is
    # what keeps fifty people a load a small server should carry, rather than fifty loops
    # asking as fast as they can (which would measure only how long the queue grows).
    think = (3.0, 9.0)

    def __init__(self, base_url, plan, recorder, deadline, seed):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.plan = plan
        self.recorder = recorder
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.cookies = {}

    def run(self):
        # People arrive over the first few seconds, not all in the same millisecond.
        time.sleep(self.rng.uniform(0, self.think[1]))
        while time.monotonic() < self.deadline:
            # A failure is recorded by `request`; a person would start again from a link.
            with contextlib.suppress(UnexpectedResponse):
                self.act()
            time.sleep(self.rng.uniform(*self.think))

    # ------ HTTP ------

    def request(self, kind, method, path, expect=200, form=None, check=None):
        """The response, if its status is `expect` and `check(response)` holds (if given);
        otherwise the failure is recorded and UnexpectedResponse raised."""
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
            "User-Agent": f"coe-load-test ({type(self).__name__})",
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        except (OSError, http.client.HTTPException) as error:
            self.recorder.failure(Failure(kind, method, path, type(error).__name__, str(error)))
            raise UnexpectedResponse from error
        finally:
            connection.close()
        self.recorder.request(kind, time.monotonic() - started)
        self.keep_cookies(response)
        problem = None
        if response.status != expect:
            problem = f"expected {expect}"
        elif check is not None:
            problem = check(response)
        if problem:
            excerpt = f"({problem}) {response.text[:EXCERPT]!r}"
            self.recorder.failure(Failure(kind, method, path, response.status, excerpt))
            raise UnexpectedResponse
        return response

    def keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if not value or "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def page(self, kind, path, title=None):
        """A page that must be there, showing its title when one is given."""

        def shows_title(response):
            if title and html.escape(title).encode() not in response.body:
                return f"{title!r} not on the page"
            return None

        return self.request(kind, "GET", path, check=shows_title)


def inputs(page_html):
    """{name: value} of the page's <input> elements (the last of a repeated name)."""
    found = {}
    for tag in INPUT.findall(page_html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            found[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return found


def json_check(test):
    """A check that the body is JSON and `test(data)` holds."""

    def check(response):
        try:
            data = json.loads(response.body)
        except ValueError:
            return "not JSON"
        return None if test(data) else "unexpected JSON"

    return check


# ------ The three kinds of people ------


class Visitor(Client):
    """Someone browsing the public site: the home page, the directory, schools, practice."""

    def act(self):
        pages = self.plan["pages"]
        search = self.plan["search"]
        choice = self.rng.random()
        if choice < 0.12:
            self.page("home", "/", "Centres of Excellence network")
        elif choice < 0.25:
            self.page("directory", "/schools/", "Schools")
        elif choice < 0.32:
            region = self.rng.choice(search["regions"])
            phase = self.rng.choice(search["phases"])
            self.page("directory filtered", f"/schools/?region={region}&phase={phase}")
        elif choice < 0.55:
            path, title = self.rng.choice(pages["schools"])
            self.page("school", path, title)
        elif choice < 0.72:
            self.page("case study", self.rng.choice(pages["case_studies"]))
        elif choice < 0.82:
            self.page("research", self.rng.choice(pages["research"]))
        elif choice < 0.87:
            self.page("research index", "/research/", "Research")
        elif choice < 0.92:
            self.page("clusters", "/clusters/", "Clusters")
        else:
            self.page("cluster", self.rng.choice(pages["clusters"]))


class Searcher(Client):
    """Someone looking for practice: the search page with filters, the API, suggestions."""

    think = (5.0, 15.0)  # reading the results

    def act(self):
        search = self.plan["search"]
        word = self.rng.choice(search["words"])
        tag = self.rng.choice(search["tags"])
        choice = self.rng.random()
        if choice < 0.3:
            self.page("search page", "/search/?" + urllib.parse.urlencode({"q": word}))
        elif choice < 0.45:
            query = {"q": word, "phase": self.rng.choice(search["phases"]), "kind": "case_study"}
            self.page("search page filtered", "/search/?" + urllib.parse.urlencode(query))
        elif choice < 0.65:
            # Every tag offered was taken from a published case study: it must find one.
            self.request(
                "api search tag",
                "GET",
                "/api/search/?" + urllib.parse.urlencode({"tag": tag}),
                check=json_check(lambda data: data["count"] >= 1),
            )
        elif choice < 0.8:
            query = {"q": word, "region": self.rng.choice(search["regions"]), "sort": "newest"}
            self.request(
                "api search filtered",
                "GET",
                "/api/search/?" + urllib.parse.urlencode(query),
                check=json_check(lambda data: "results" in data and "facets" in data),
            )
        elif choice < 0.88:
            query = {"near": self.rng.choice(search["urns"]), "radius_km": 100}
            self.request(
                "api search near",
                "GET",
                "/api/search/?" + urllib.parse.urlencode(query),
                check=json_check(lambda data: "results" in data),
            )
        else:
            prefix = word[: self.rng.randint(3, 5)]
            self.request(
                "api suggest",
                "GET",
                "/api/search/suggest?" + urllib.parse.urlencode({"q": prefix}),
                check=json_check(lambda data: data["query"] == prefix),
            )


class Editor(Client):
    """A school's editor: signs in, then saves drafts of the school's annual update in the
    Wagtail page editor, reading the form between saves; now and then looks at the school's
    page. Each save writes a marker of its own into a narrative."""

    think = (4.0, 12.0)  # writing the next paragraph

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.edit_path = f"/admin/pages/{editor['update_id']}/edit/"
        self.signed_in = False
        self.number = 0

    def act(self):
        if not self.signed_in:
            self.sign_in()
        elif self.rng.random() < 0.15:
            self.page("editor school page", self.editor["school_url"], self.editor["school"])
        else:
            self.save_draft()

    def sign_in(self):
        from_login = inputs(self.page("sign-in form", "/admin/login/").text)
        form = {
            "csrfmiddlewaretoken": from_login["csrfmiddlewaretoken"],
            "username": self.editor["username"],
            "password": self.plan["password"],
            "next": "",
        }
        self.request("sign in", "POST", "/admin/login/", expect=302, form=form)
        self.signed_in = "sessionid" in self.cookies

    def save_draft(self):
        from wagtail.test.utils.form_data import rich_text

        loaded = inputs(self.page("editor form", self.edit_path, "Annual update").text)
        self.number += 1
        marker = f"load-marker-{self.editor['username']}-{self.number}-{uuid.uuid4().hex[:8]}"
        form = dict(self.editor["form"])
        form[self.editor["marker_field"]] = rich_text(
            f"<p>Draft {self.number}: pupils lead assemblies ({marker}).</p>"
        )
        form["csrfmiddlewaretoken"] = loaded["csrfmiddlewaretoken"]
        for name in ("loaded_revision_id", "loaded_revision_created_at"):
            if name in loaded:
                form[name] = loaded[name]
        edit_url = self.origin + self.edit_path

        def back_to_the_editor(response):
            location = urllib.parse.urljoin(edit_url, response.headers.get("Location", ""))
            return None if location == edit_url else f"redirected to {location}"

        self.request(
            "save draft", "POST", self.edit_path, expect=302, form=form, check=back_to_the_editor
        )
        self.recorder.saved(self.editor["update_id"], marker)


def run_load(base_url, plan, seconds, visitors, searchers, seed=2026):
    """Run the clients for `seconds` (each finishes what it is doing); returns the
    Recorder and the wall time."""
    recorder = Recorder()
    started = time.monotonic()
    deadline = started + seconds
    clients = [
        Editor(base_url, plan, recorder, deadline, seed=f"{seed}-editor-{n}", editor=editor)
        for n, editor in enumerate(plan["editors"])
    ]
    clients += [
        Visitor(base_url, plan, recorder, deadline, seed=f"{seed}-visitor-{n}")
        for n in range(visitors)
    ]
    clients += [
        Searcher(base_url, plan, recorder, deadline, seed=f"{seed}-searcher-{n}")
        for n in range(searchers)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=seconds + 4 * REQUEST_TIMEOUT)
    stuck = [client for client in clients if client.is_alive()]
    if stuck:
        raise RuntimeError(f"{len(stuck)} clients did not finish")
    return recorder, time.monotonic() - started
