#!/usr/bin/env python3
"""Drives Dossier's web page in headless Chromium (Debian's chromium and
chromedriver, through Selenium), at a desktop width (1280 px) and a phone's
(390 px):

- searching, a country facet, the state in the URL, a two-word phrase and a
  multi-word query as typed (the same hits as `dossier search` with the same
  words), a malformed query shown as an error (role="alert"), an empty result
  that says what to try;
- facets: the top values and a "more" control, aria-pressed on the toggles;
- the timeline: a bar per month with empty months empty, year labels on its
  axis, a bar and a shift-selected span filtering by date;
- Countries over time: a line per series of GET /api/timeline, a labelled
  point per month with articles, followed by mouse and by keyboard to the
  search for its country and month, with as many results as the point says;
- the pager's words (Newer/Older only when sorted by date);
- the article view: paragraphs reflowed, categories, topics and the source link,
  similar articles; an article holding <img src=x onerror=…> shows it as text
  and runs nothing;
- accessibility: one h1, labelled controls, a visible focus ring, and axe-core
  (4.4, from axe-core-python) finding no serious or critical violation;
- watches: the current search saved as a watch through the page (with the
  write token), two matching articles posted through the API, the watch's
  count going from 0 to 2 new, its search newest in the index first, and
  "Seen" taking the count back to 0;
- at 390 px: no sideways scrolling, the Search button on screen, the first
  result above the filters.

Saves a screenshot at each width into OUT_DIR (page.png, page-phone.png).

Usage: page-test.py BASE_URL OUT_DIR DOSSIER INDEX TOKEN
Exit status 0 when every check passes; each failure is printed.
"""
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from axe_core_python.base import AXE_SCRIPT
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, out, dossier, index, token = sys.argv[1:6]
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# The page re-renders its lists as answers arrive: an element found a moment
# ago may be gone, which only means "look again".
wait = WebDriverWait(driver, 10, ignored_exceptions=[StaleElementReferenceException])


def result_ids():
    """The ids of the listed results, read in one step (the list may be re-rendered at any moment)."""
    return driver.execute_script("return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)")


def load(path):
    """Opens base+path and waits until the page has answered."""
    driver.get(base + path)
    wait.until(lambda d: d.find_elements(By.ID, "total") or d.find_element(By.ID, "alert").text
               or d.find_element(By.ID, "article").is_displayed())


def search(text):
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#search button").click()
    wanted = urllib.parse.urlencode({"q": text})
    wait.until(lambda d: wanted in d.current_url or urllib.parse.quote(text) in d.current_url)
    wait.until(lambda d: d.find_element(By.ID, "status").text != "Searching…")


def cli_ids(words):
    result = subprocess.run([dossier, "search", words, "--index", index, "--json", "--limit", "10"],
                            capture_output=True, text=True)
    return [hit["id"] for hit in json.loads(result.stdout)["hits"]]


def axe(label):
    driver.execute_script(AXE_SCRIPT)
    report = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done({violations: r.violations, passes: r.passes.length}));")
    check(report["passes"] > 10, f"axe-core ran, {label} ({report['passes']} rules passed)")
    bad = [f"{v['id']} ({v['impact']}): {v['help']}" for v in report["violations"] if v["impact"] in ("serious", "critical")]
    check(not bad, f"axe-core, {label}: no serious or critical violation {bad}")


try:
    # Search, facet, URL state.
    load("/")
    check(driver.title == "Dossier", "the page loads")
    check(len(driver.find_elements(By.TAG_NAME, "h1")) == 1, "one h1")
    search("coup")
    expected = cli_ids("coup")
    check(result_ids() == expected, f"'coup' gives the same hits in the same order as dossier search ({result_ids()} / {expected})")
    marks = driver.find_elements(By.CSS_SELECTOR, "#results mark")
    check(any(m.text.lower().startswith("coup") for m in marks), "matches are highlighted with <mark>")
    # Facets: the top 5 and a "more" control.
    countries = driver.find_elements(By.CSS_SELECTOR, '#facets ul[data-facet="country"] li')
    more = driver.find_element(By.CSS_SELECTOR, '#facets button.more[aria-controls="facet-country"]')
    check(len(countries) == 5, f"five countries shown at first ({len(countries)})")
    check(more.get_attribute("aria-expanded") == "false" and "more" in more.text, f"a 'more' control ({more.text!r})")
    more.click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, '#facets ul[data-facet="country"] li')) > 5)
    check(driver.find_element(By.CSS_SELECTOR, '#facets button.more').get_attribute("aria-expanded") == "true",
          "the control says it is expanded")
    niger = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, '#facets ul[data-facet="country"] button[data-value="NE"]')))
    check(niger.get_attribute("aria-pressed") == "false", "a facet toggle has aria-pressed=false")
    niger.click()
    wait.until(lambda d: "country=NE" in d.current_url)
    wait.until(lambda d: result_ids() == ["ne1"])
    check(result_ids() == ["ne1"], f"the Niger facet filters to ne1 ({result_ids()})")
    check(driver.find_element(By.CSS_SELECTOR, '#facets button[data-value="NE"]').get_attribute("aria-pressed") == "true",
          "the chosen value has aria-pressed=true")
    load(driver.current_url.replace(base, ""))
    wait.until(lambda d: result_ids())
    check(result_ids() == ["ne1"], "a reloaded URL shows the same filtered results")
    # Several words and a phrase, as typed; the page sends spaces as "+".
    load("/")
    for words in ['country:"Burkina Faso" coup', "coup army government", "military council"]:
        search(words)
        expected = cli_ids(words)
        check(result_ids() == expected, f"{words!r}: the page's hits equal dossier search's ({result_ids()} / {expected})")
    # A malformed query is an error, in an alert; an empty result says what to try.
    search("coup AND")
    alert = driver.find_element(By.ID, "alert")
    check("invalid query" in alert.text and alert.get_attribute("role") == "alert",
          f"'coup AND' shows the error in role=alert ({alert.text!r})")
    load("/?q=zzzzqqq")
    empty = driver.find_element(By.ID, "empty").text
    check("Nothing matches" in empty and "fewer" in empty, f"an empty result says what to try ({empty!r})")
    load("/?q=zzzzqqq&country=ML")
    check(driver.find_elements(By.CSS_SELECTOR, "#empty button"), "with filters, it offers to remove them")
    load("/?from=2022-13")
    check("month" in driver.find_element(By.ID, "alert").text, "a bad date is shown as an error")
    # The timeline: from 2021-02 to 2024-03, a bar a month, empty months empty.
    load("/")
    bars = driver.find_elements(By.CSS_SELECTOR, "#histogram button")
    check(len(bars) == 38, f"a bar for each month from 2021-02 to 2024-03 ({len(bars)})")
    empty_bars = [b for b in bars if "empty" in b.get_attribute("class")]
    check(len(empty_bars) == 38 - 9, f"months without articles are empty bars ({len(empty_bars)})")
    labels = [s.text for s in driver.find_elements(By.CSS_SELECTOR, "#axis span")]
    check(labels == ["2021-02", "2022", "2023", "2024"], f"the axis labels the years ({labels})")
    driver.find_element(By.CSS_SELECTOR, '#histogram button[data-value="2022-06"]').click()
    wait.until(lambda d: "from=2022-06&to=2022-06" in d.current_url)
    wait.until(lambda d: result_ids() == ["ml1"])
    check(result_ids() == ["ml1"], f"a bar filters by its month ({result_ids()})")
    first = driver.find_element(By.CSS_SELECTOR, '#histogram button[data-value="2021-09"]')
    first.click()
    wait.until(lambda d: "from=2021-09&to=2021-09" in d.current_url)
    last = driver.find_element(By.CSS_SELECTOR, '#histogram button[data-value="2022-01"]')
    ActionChains(driver).key_down(Keys.SHIFT).click(last).key_up(Keys.SHIFT).perform()
    wait.until(lambda d: "from=2021-09&to=2022-01" in d.current_url)
    wait.until(lambda d: set(result_ids()) == {"gn1", "sd1", "bf1"})
    check(set(result_ids()) == {"gn1", "sd1", "bf1"}, f"shift and a second bar filter by the span ({result_ids()})")
    on = [b.get_attribute("data-value") for b in driver.find_elements(By.CSS_SELECTOR, "#histogram button.on")]
    check(on[0] == "2021-09" and on[-1] == "2022-01" and len(on) == 5, f"the span's bars are marked ({on})")
    # Countries over time: a line per series of GET /api/timeline, a point per
    # month with articles, each a link to the search for its country and month.
    load("/?q=coup")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#country-chart polyline"))
    query = urllib.parse.urlencode({"q": "coup", "by": "country", "interval": "month"})
    with urllib.request.urlopen(base + "/api/timeline?" + query) as response:
        timeline = json.loads(response.read())
    drawn = [line.get_attribute("data-series") for line in driver.find_elements(By.CSS_SELECTOR, "#country-chart polyline")]
    check(len(timeline["series"]) == 5 and drawn == [line["value"] for line in timeline["series"]],
          f"Countries over time draws a line per series of /api/timeline ({drawn})")
    legend = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#country-legend li")]
    check(len(legend) == 5 and legend[0].startswith(timeline["series"][0]["label"]), f"a legend names each line ({legend})")
    points = driver.find_elements(By.CSS_SELECTOR, "#country-chart a[data-count]")
    nonzero = sum(1 for line in timeline["series"] for count in line["counts"] if count)
    check(len(points) == nonzero, f"a point for each month with articles ({len(points)} / {nonzero})")
    point = driver.find_element(By.CSS_SELECTOR, '#country-chart a[data-series="ML"][data-bucket="2022-06"]')
    check(point.get_attribute("aria-label") == "Mali, 2022-06: 1 article", f"a point's label ({point.get_attribute('aria-label')!r})")
    count = int(point.get_attribute("data-count"))
    axe("desktop, countries over time")
    point.click()
    wait.until(lambda d: "country=ML" in d.current_url and "from=2022-06-01&to=2022-06-30" in d.current_url)
    wait.until(lambda d: result_ids() == ["ml1"])
    total = driver.find_element(By.ID, "total").text
    check(total == f"{count} article{'' if count == 1 else 's'}" and result_ids() == ["ml1"],
          f"following a point shows the search for its country and month, as many articles as the point says ({total!r}, {driver.current_url})")
    # By keyboard: a point takes the focus, and Enter follows it.
    load("/?q=coup")
    point = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '#country-chart a[data-series="GN"][data-bucket="2021-09"]'))
    driver.execute_script("arguments[0].focus()", point)
    check(driver.execute_script("return document.activeElement === arguments[0]", point), "a point takes the keyboard focus")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait.until(lambda d: "country=GN" in d.current_url and "from=2021-09-01&to=2021-09-30" in d.current_url)
    wait.until(lambda d: result_ids() == ["gn1"])
    check(result_ids() == ["gn1"], f"Enter on a point follows it ({result_ids()})")
    load("/?q=zzzzqqq")
    check(not driver.find_element(By.ID, "countries").is_displayed(), "nothing matches: no chart")
    # The pager's words: Newer and Older only when sorted by date.
    load("/?offset=5")
    pager = driver.find_element(By.ID, "pager").text
    check("Previous" in pager and "Newer" not in pager, f"sorted by relevance, the pager says Previous ({pager!r})")
    load("/?sort=date&offset=5")
    pager = driver.find_element(By.ID, "pager").text
    check("Newer" in pager, f"sorted by date, the pager says Newer ({pager!r})")
    # Focus is visible.
    load("/")
    driver.find_element(By.ID, "q").send_keys(Keys.TAB)
    outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    check(outline not in ("none", ""), f"the focused control has a visible outline ({outline})")
    unlabelled = driver.execute_script(
        "return [...document.querySelectorAll('input, select')].filter(e => !e.labels || !e.labels.length).length")
    check(unlabelled == 0, "every input and select has a label")
    axe("desktop, results")
    # The article view.
    load("/?article=ml1")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#article p"))
    paragraphs = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#article .body p")]
    check(len(paragraphs) == 2 and "transition would last" in paragraphs[0],
          f"hard-wrapped text is reflowed into two paragraphs ({paragraphs})")
    details = driver.find_element(By.CSS_SELECTOR, "#article dl").text
    check("Politics" in details and "wire" in details, f"categories and source are shown ({details!r})")
    link = driver.find_element(By.CSS_SELECTOR, '#article dl a[href="https://example.org/ml1"]')
    check(link.get_attribute("rel") == "noopener noreferrer", "the source link is shown, without a referrer")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#article .similar li"))
    similar = [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#article .similar li")]
    check(similar and "ml1" not in similar, f"similar articles are listed ({similar})")
    check(len(driver.find_elements(By.TAG_NAME, "h1")) == 1, "one h1 in the article view too")
    axe("desktop, article")
    # An article whose text holds markup shows it as text.
    load("/?q=voters")
    snippet = driver.find_element(By.CSS_SELECTOR, "#results .snippet")
    check("<img src=x onerror=" in snippet.text, "the snippet shows <img …> as text")
    check(not driver.find_elements(By.CSS_SELECTOR, "#results img"), "no <img> element was created in the results")
    driver.find_element(By.CSS_SELECTOR, "#results h2 a").click()
    wait.until(lambda d: d.find_element(By.ID, "article").is_displayed())
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#article p"))
    body = driver.find_element(By.ID, "article").text
    check("<img src=x onerror=" in body, "the article view shows <img …> as text")
    check(not driver.find_elements(By.CSS_SELECTOR, "#article img"), "no <img> element was created in the article")
    check(driver.execute_script("return window.dossierXSS === undefined"), "the onerror handler never ran")
    # Watches: save this search, post two matching articles, see the count change.
    load("/?q=referendum")
    driver.find_element(By.CSS_SELECTOR, "#watch-save summary").click()
    driver.find_element(By.ID, "watch-name").send_keys("referendums")
    driver.find_element(By.ID, "watch-token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "#watch-form button").click()
    wait.until(lambda d: d.find_element(By.ID, "watch-message").text)
    check(driver.find_element(By.ID, "watch-message").text.startswith("Saved"),
          f"the page saves the search as a watch ({driver.find_element(By.ID, 'watch-message').text!r})")

    def watch_count():
        found = driver.find_elements(By.CSS_SELECTOR, '#watch-list button[data-watch="referendums"] .count')
        return found[0].text if found else None

    wait.until(lambda d: watch_count() is not None)
    check(watch_count() == "0 new", f"a new watch has nothing new ({watch_count()!r})")
    posted = "\n".join(json.dumps(a) for a in [
        {"id": "rf1", "title": "Referendum in Chad", "body": "Voters in N'Djamena approved the referendum."},
        {"id": "rf2", "title": "Referendum called in Mali", "body": "The junta in Bamako set a referendum date."},
        {"id": "rf3", "title": "Floods in Niamey", "body": "Floods hit Niamey."},
    ])
    request = urllib.request.Request(base + "/api/articles", data=posted.encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        check(answer.status == 200, f"articles posted through the API ({answer.status})")
    search("referendum")
    wait.until(lambda d: watch_count() == "2 new")
    check(watch_count() == "2 new", f"the watch counts the two new matching articles ({watch_count()!r})")
    driver.find_element(By.CSS_SELECTOR, '#watch-list button[data-watch="referendums"]').click()
    wait.until(lambda d: "sort=arrived" in d.current_url)
    wait.until(lambda d: len(result_ids()) >= 2)
    check(set(result_ids()[:2]) == {"rf1", "rf2"}, f"the watch's search lists the new articles first ({result_ids()})")
    axe("desktop, watches")
    driver.find_element(By.CSS_SELECTOR, '#watch-list button.seen').click()
    wait.until(lambda d: watch_count() == "0 new")
    check(watch_count() == "0 new", f"'Seen' marks them seen ({watch_count()!r})")
    load("/?q=coup")
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(out, "page.png"))
    # A phone, 390 px wide.
    driver.set_window_size(390, 844)
    load("/?q=coup")
    time.sleep(0.3)
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], f"at 390 px nothing scrolls sideways ({width})")
    right = driver.execute_script("return document.querySelector('#search button').getBoundingClientRect().right")
    check(right <= width[1], f"the Search button is on screen ({right:.0f} <= {width[1]})")
    tops = driver.execute_script(
        "return [document.querySelector('#results li').getBoundingClientRect().top,"
        " document.querySelector('#facets').getBoundingClientRect().top]")
    check(tops[0] < tops[1], f"the first result comes before the filters ({tops})")
    axe("phone, results")
    driver.save_screenshot(os.path.join(out, "page-phone.png"))
    print("screenshots: " + os.path.join(out, "page.png") + ", " + os.path.join(out, "page-phone.png"))
finally:
    driver.quit()

sys.exit(1 if failures else 0)
