"""The directory's map at a network's size: 48 schools (the demo) and 2,000.

Its points come from their own URL as GeoJSON; schools close together are one numbered
marker, so no two markers overlap (WCAG 2.2 target size, which axe checks here); the list
stays the way to every school. The tiles are unreachable in tests, and need not be reached.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    BROWSER_DB,
    WCAG22_TARGET_SIZE,
    assert_no_axe_violations,
    url,
)

pytestmark = [pytest.mark.browser, BROWSER_DB]

MARKERS = "#school-map .leaflet-marker-icon"


def seed_schools(count):
    from django.conf import settings
    from django.core.cache import caches

    from cms.demo import DemoContext, run_seeders

    run_seeders(DemoContext(seed=2026, options={"schools": count}), ["cms.demo.network.seed"])
    # The demo seeder adds schools in bulk, without the signals that drop stored pages.
    caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")].clear()


def marker_boxes(page):
    return page.eval_on_selector_all(
        MARKERS,
        """els => els.map(el => { const r = el.getBoundingClientRect();
            return {x: r.left, y: r.top, w: r.width, h: r.height,
                    label: el.getAttribute('aria-label') || el.getAttribute('alt')}; })""",
    )


def overlapping(boxes):
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ):
                pairs.append((a["label"], b["label"]))
    return pairs


def open_directory(page):
    points = []
    page.on(
        "response", lambda response: "/schools/map/" in response.url and points.append(response)
    )
    response = page.goto(url(page, "/schools/"))
    expect(page.locator("[data-school-map]")).to_be_visible()
    expect(page.locator(MARKERS).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert len(points) == 1 and points[0].status == 200
    return response, points[0]


def check_map(page, schools):
    boxes = marker_boxes(page)
    assert boxes
    assert overlapping(boxes) == []
    assert all(box["w"] >= 24 and box["h"] >= 24 for box in boxes)
    # Every school is counted once on the map: pins plus the numbers on the groups.
    total = page.evaluate(
        """() => [...document.querySelectorAll('#school-map .leaflet-marker-icon')]
            .reduce((n, el) => n + (el.classList.contains('school-map__group')
                ? Number(el.textContent) : 1), 0)"""
    )
    shown = int(page.locator("[data-school-map]").get_attribute("data-schools"))
    assert shown == schools
    assert total <= schools  # markers outside the view are not drawn
    assert_no_axe_violations(page, options=WCAG22_TARGET_SIZE)


def test_the_map_groups_schools_at_48_and_at_2000_and_the_list_reaches_every_one(page, new_tab):
    seed_schools(48)
    response, points = open_directory(page)
    check_map(page, 48)
    assert len(points.json()["features"]) == 48
    html_48 = len(response.body())

    # A group is a button: from the keyboard it zooms in to its schools.
    group = page.locator("#school-map .school-map__group").first
    label = group.get_attribute("aria-label")
    assert label.endswith("close together: zoom in")
    zoom_before = int(page.locator("[data-school-map]").get_attribute("data-zoom"))
    group.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-school-map]').dataset.zoom) > {zoom_before}"
    )
    assert overlapping(marker_boxes(page)) == []
    # A school's own pin opens a link to its page.
    pin = page.locator("#school-map img.leaflet-marker-icon").first
    name = pin.get_attribute("alt")
    pin.focus()
    page.keyboard.press("Enter")
    expect(
        page.locator("#school-map .leaflet-popup").get_by_role("link", name=name)
    ).to_be_visible()

    seed_schools(2000)
    page = new_tab()  # a browser keeps the points it fetched for five minutes
    response, points = open_directory(page)
    check_map(page, 2000)
    html_2000 = len(response.body())
    geojson = len(points.body())
    print(f"\ndirectory page: {html_48} bytes at 48 schools, {html_2000} bytes at 2,000 schools")
    print(f"map points (GeoJSON): {geojson} bytes at 2,000 schools")
    # The page no longer grows with the network: the points are fetched on their own.
    assert html_2000 < html_48 + 2_000
    assert html_2000 < 60_000

    # The list pages through every school, map or no map.
    expect(page.get_by_role("heading", name="2000 schools")).to_be_visible()
    expect(page.locator(".school-list h3 a")).to_have_count(24)
    expect(page.get_by_text("Page 1 of 84")).to_be_visible()
