"""Hover previews in a real browser: headless Chromium reads the built pages from disk."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,900",
]
VENDOR = "A vendor is a person or company that sells goods or services to another business."
WAIT = 10  # seconds: an upper bound for a slow CI machine, not a timing assertion

_missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        bool(_missing),
        reason=f"needs Debian's chromium and chromium-driver; missing {', '.join(_missing)}",
    ),
]

webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with tempfile.TemporaryDirectory(prefix="bizterms-chromium-") as profile:
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
        try:
            yield driver
        finally:
            driver.quit()


def open_page(browser: WebDriver, app: SphinxTestApp, page: str) -> None:
    browser.get((Path(app.outdir) / page).as_uri())
    # The script is deferred: it has run once it has moved the titles aside.
    wait_for(browser, lambda: bool(browser.find_elements(By.CSS_SELECTOR, "[data-bizterm-title]")))


def wait_for(browser: WebDriver, condition: Callable[[], bool], what: str = "") -> None:
    try:
        WebDriverWait(browser, WAIT).until(lambda _driver: condition())
    except TimeoutException:
        pytest.fail(f"waited {WAIT}s in vain for {what or condition}")


def citation(browser: WebDriver, slug: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f"a[aria-describedby='bizterm--tip--{slug}']")


def preview(browser: WebDriver, slug: str) -> WebElement:
    return browser.find_element(By.ID, f"bizterm--tip--{slug}")


def in_viewport(browser: WebDriver, element: WebElement) -> bool:
    return bool(
        browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.height > 0 && r.top >= 0 && r.left >= 0"
            " && r.bottom <= window.innerHeight && r.right <= window.innerWidth;",
            element,
        )
    )


def move_away(browser: WebDriver) -> None:
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()


@pytest.mark.sphinx("html", testroot="browser")
def test_hover_shows_the_definition(app: SphinxTestApp, browser: WebDriver) -> None:
    app.build()
    open_page(browser, app, "index.html")
    cite, tip = citation(browser, "vendor"), preview(browser, "vendor")
    assert not tip.is_displayed()
    # With the script running, its preview replaces the browser's own tooltip.
    assert cite.get_dom_attribute("title") is None
    assert cite.get_dom_attribute("data-bizterm-title") == VENDOR

    ActionChains(browser).move_to_element(cite).perform()
    wait_for(browser, tip.is_displayed, "the preview of 'vendor' to show on hover")
    assert tip.get_attribute("role") == "tooltip"
    assert VENDOR in tip.text
    assert "Keywords: Business, Purchasing" in tip.text
    assert in_viewport(browser, tip)
    # Under the term, not over it.
    assert tip.rect["y"] >= cite.rect["y"] + cite.rect["height"]

    move_away(browser)
    wait_for(browser, lambda: not tip.is_displayed(), "the preview to hide when the pointer leaves")
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []


@pytest.mark.sphinx("html", testroot="browser")
def test_keyboard_focus_shows_and_escape_hides(app: SphinxTestApp, browser: WebDriver) -> None:
    app.build()
    open_page(browser, app, "index.html")
    cite, tip = citation(browser, "vendor"), preview(browser, "vendor")
    keys = ActionChains(browser)
    for _ in range(100):
        if browser.switch_to.active_element == cite:
            break
        keys.send_keys(Keys.TAB).perform()
    else:
        pytest.fail("the citation of 'vendor' never got the keyboard focus")
    wait_for(browser, tip.is_displayed, "the preview to show on keyboard focus")
    assert VENDOR in tip.text

    keys.send_keys(Keys.ESCAPE).perform()
    wait_for(browser, lambda: not tip.is_displayed(), "Escape to hide the preview")
    assert browser.switch_to.active_element == cite

    # The next term's preview shows on the next Tab; only one is ever open.
    keys.send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    following = preview(browser, focused.get_attribute("aria-describedby").removeprefix("bizterm--tip--"))
    wait_for(browser, following.is_displayed, "the next citation's preview to show")
    assert not tip.is_displayed()


@pytest.mark.sphinx("html", testroot="browser")
def test_following_a_citation_lands_on_the_glossary_entry(app: SphinxTestApp, browser: WebDriver) -> None:
    app.build()
    open_page(browser, app, "index.html")
    citation(browser, "vendor").click()
    wait_for(browser, lambda: browser.current_url.endswith("/glossary.html#bizterm-vendor"))
    entry = browser.find_element(By.ID, "bizterm-vendor")
    assert entry.text.startswith("Vendor")
    wait_for(browser, lambda: in_viewport(browser, entry), "the glossary entry to be in view")


@pytest.mark.sphinx("html", testroot="browser")
def test_preview_link_works_from_a_page_in_a_folder(app: SphinxTestApp, browser: WebDriver) -> None:
    app.build()
    open_page(browser, app, "sub/page.html")
    cite, tip = citation(browser, "data-breach"), preview(browser, "data-breach")
    ActionChains(browser).move_to_element(cite).perform()
    wait_for(browser, tip.is_displayed, "the preview of 'data breach' to show on hover")
    # The pointer may travel from the term into its preview, to follow the link there.
    link = tip.find_element(By.TAG_NAME, "a")
    assert link.text == "Data Breach"
    ActionChains(browser).move_to_element(link).perform()
    assert tip.is_displayed()
    link.click()
    wait_for(browser, lambda: browser.current_url.endswith("/glossary.html#bizterm-data-breach"))
    assert "/sub/" not in browser.current_url
    entry = browser.find_element(By.ID, "bizterm-data-breach")
    wait_for(browser, lambda: in_viewport(browser, entry), "the glossary entry to be in view")


@pytest.mark.sphinx("html", testroot="browser")
def test_preview_follows_a_dark_page(app: SphinxTestApp, browser: WebDriver) -> None:
    app.build()
    open_page(browser, app, "index.html")
    browser.execute_script("document.body.style.background = '#15181c'")
    cite, tip = citation(browser, "key-performance-indicator"), preview(browser, "key-performance-indicator")
    ActionChains(browser).move_to_element(cite).perform()
    wait_for(browser, tip.is_displayed, "the preview of 'KPI' to show on hover")
    assert "bizterm-preview-dark" in (tip.get_attribute("class") or "").split()
    background = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", tip)
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", background)[:3])
    assert red + green + blue < 3 * 100, background


@pytest.mark.sphinx("html", testroot="hostile-ids")
def test_slugs_made_like_its_own_ids_cannot_take_a_preview_or_a_letter(
    app: SphinxTestApp, browser: WebDriver
) -> None:
    # The corpus has terms with the slugs tip-vendor, cite-index-0, glossary-index-0-v …
    app.build()
    open_page(browser, app, "index.html")
    cite, tip = citation(browser, "vendor"), preview(browser, "vendor")
    browser.execute_script("arguments[0].focus()", cite)
    wait_for(browser, tip.is_displayed, "the preview of 'vendor' to show on focus")
    assert "The real vendor sells goods." in tip.text
    assert "ATTACKER" not in tip.text
    shown = [e for e in browser.find_elements(By.CSS_SELECTOR, ".bizterm-preview") if e.is_displayed()]
    assert shown == [tip]
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_for(browser, lambda: not tip.is_displayed(), "Escape to hide the preview")

    jump = browser.find_element(By.CSS_SELECTOR, ".bizterm-jumpline").find_element(By.LINK_TEXT, "V")
    jump.click()
    wait_for(browser, lambda: browser.execute_script("return document.querySelector(':target')") is not None)
    target = browser.execute_script("return document.querySelector(':target')")
    assert "bizterm-letter" in (target.get_attribute("class") or "").split()
    assert target.text == "V"
