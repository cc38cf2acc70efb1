"""`briefing serve` in a real browser: Debian's chromium driven by chromedriver through Selenium.

The page is opened on a copy of the sample; the test reads the pages' text layer,
edits a figure, breaks and fixes the file, switches language and presses Build.
Skipped, with the reason, where Selenium, chromium or chromedriver is missing.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from serve_helpers import AS_OF_LINE, FIGURE, FIGURE_LINE, copy_sample, save, start, without_gaps

pytestmark = pytest.mark.timeout(240)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed (pip install selenium)")
if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
    pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402 (after the skip above)
from selenium.webdriver.common.by import By  # noqa: E402 (after the skip above)
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402 (after the skip above)


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="briefing-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1440,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sample = copy_sample(tmp_path)
    server = start(sample)
    yield server, sample
    server.close()


def shown_text(driver) -> str:
    """Return the text layer of every page the browser shows."""
    return without_gaps(driver.execute_script(
        "return [...document.querySelectorAll('#pages .page .text')].map(t => t.textContent).join('\\n')"))


def wait(driver, test, what: str, timeout: float = 90):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: test(d), message=what)


def all_loaded(driver) -> bool:
    return driver.execute_script(
        "const box = document.getElementById('pages'); const pages = [...box.children];"
        "return pages.length > 0 && pages.every(p => p.dataset.version === box.dataset.version);")


def test_an_editor_edits_breaks_fixes_switches_and_builds(browser, served):
    server, sample = served
    browser.get(server.url)
    wait(browser, lambda d: all_loaded(d) and "46.3亿元" in shown_text(d), "the pages with 46.3亿元")
    pages = browser.find_elements(By.CSS_SELECTOR, "#pages .page img")
    assert len(pages) > 5 and all(browser.execute_script("return arguments[0].naturalWidth", p) > 500 for p in pages)
    assert browser.find_element(By.ID, "title").text == "杭州钱塘新区"
    warnings = browser.find_elements(By.CSS_SELECTOR, "#problems .problem.warning .where")
    assert f"data/qiantang.yaml:{AS_OF_LINE}:8" in [w.text for w in warnings]  # the content's date, as `check` says

    viewer = browser.find_element(By.ID, "viewer")
    browser.execute_script("arguments[0].scrollTop = 1500", viewer)
    text = sample.read_text(encoding="utf-8")
    save(sample, text.replace(FIGURE, "    value: 4650000000\n"))
    wait(browser, lambda d: "46.5亿元" in shown_text(d) and all_loaded(d), "the new figure on the page")
    assert "46.3亿元" not in shown_text(browser)
    assert browser.execute_script("return arguments[0].scrollTop", viewer) == 1500  # the reader stays put

    save(sample, text.replace(FIGURE, "    value: 46.3亿\n"))
    where = f"data/qiantang.yaml:{FIGURE_LINE}:12"
    wait(browser, lambda d: where in [e.text for e in d.find_elements(By.CSS_SELECTOR, "#problems .error .where")],
         "the problem with its line")
    problem = browser.find_element(By.CSS_SELECTOR, "#problems .problem.error")
    assert "value: 46.3亿" in problem.find_element(By.CSS_SELECTOR, ".row.hit").text
    assert "stale" in browser.find_element(By.ID, "pages").get_attribute("class")  # greyed, still there
    assert "46.5亿元" in shown_text(browser)

    save(sample, text.replace(FIGURE, "    value: 4660000000\n"))
    wait(browser, lambda d: "46.6亿元" in shown_text(d) and "stale" not in
         d.find_element(By.ID, "pages").get_attribute("class"), "the pages back after the fix")
    assert not browser.find_elements(By.CSS_SELECTOR, "#problems .problem.error")

    browser.find_element(By.CSS_SELECTOR, "#langs button[data-lang='en']").click()
    wait(browser, lambda d: "Hangzhou Qiantang New Area" in shown_text(d) and all_loaded(d), "the English pages")
    assert "lang=en" in browser.current_url

    browser.find_element(By.ID, "build").click()
    wait(browser, lambda d: "ok" in d.find_element(By.ID, "built").get_attribute("class"), "the built files")
    listed = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#built .built-path")]
    assert listed == ["output/qiantang-zh.pdf", "output/qiantang-zh.docx", "output/qiantang-en.pdf",
                      "output/qiantang-en.docx"]
    assert all((sample.parent.parent / name).is_file() for name in listed)
