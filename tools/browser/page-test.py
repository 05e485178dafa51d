#!/usr/bin/env python3
"""Drives Dossier's web page in headless Chromium (Debian's chromium and
chromedriver, through Selenium): loads the page, searches, clicks a country
facet, reads the filtered results, searches a two-word phrase and a malformed
query as typed (the page sends spaces as +), opens an article, and checks that an
article whose text holds <img src=x onerror=…> shows it as text and runs
nothing. Saves a screenshot.

Usage: page-test.py BASE_URL SCREENSHOT.png
Exit status 0 when every check passes; each failure is printed.
"""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, screenshot = sys.argv[1], sys.argv[2]
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
wait = WebDriverWait(driver, 10)


def result_ids():
    return [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#results li")]


def wait_for_total(previous=None):
    wait.until(lambda d: d.find_element(By.ID, "total").text != (previous or ""))
    return driver.find_element(By.ID, "total").text


try:
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "total")))
    check(driver.title == "Dossier", "the page loads")
    # Search.
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("coup")
    before = driver.find_element(By.ID, "total").text
    driver.find_element(By.CSS_SELECTOR, "#search button").click()
    wait.until(lambda d: "q=coup" in d.current_url)
    total = wait_for_total(before)
    ids = result_ids()
    check(total.startswith("2 article"), f"searching 'coup' finds 2 articles ({total!r})")
    check(set(ids) == {"bf1", "ne1"}, f"the results are bf1 and ne1 ({ids})")
    marks = driver.find_elements(By.CSS_SELECTOR, "#results mark")
    check(any(m.text.lower().startswith("coup") for m in marks), "matches are highlighted with <mark>")
    # Click the Niger facet.
    niger = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, '#facets ul[data-facet="country"] button[data-value="NE"]')))
    niger.click()
    wait.until(lambda d: "country=NE" in d.current_url)
    total = wait_for_total(total)
    check(result_ids() == ["ne1"], f"the Niger facet filters to ne1 ({result_ids()})")
    check("on" in driver.find_element(By.CSS_SELECTOR, '#facets button[data-value="NE"]').get_attribute("class"),
          "the chosen facet value is marked")
    # The state is in the URL: reloading gives the same page.
    driver.get(driver.current_url)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    check(result_ids() == ["ne1"], "a reloaded URL shows the same filtered results")
    # What the page sends: URLSearchParams writes a space as "+", which the
    # service reads as a space (a phrase of two words, not "Burkina+Faso").
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "total")))
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys('country:"Burkina Faso" coup')
    driver.find_element(By.CSS_SELECTOR, "#search button").click()
    wait.until(lambda d: "Burkina+Faso" in d.current_url or "Burkina%20Faso" in d.current_url)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    check(result_ids() == ["bf1"], f"a two-word phrase typed in the page finds bf1 ({result_ids()}, {driver.current_url})")
    # A dangling operator is the page's own bad-query error, not results.
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("coup AND")
    driver.find_element(By.CSS_SELECTOR, "#search button").click()
    wait.until(lambda d: "invalid query" in d.find_element(By.ID, "status").text)
    check("invalid query" in driver.find_element(By.ID, "status").text,
          f"'coup AND' shows the bad-query error ({driver.find_element(By.ID, 'status').text!r})")
    # An article whose text holds markup shows it as text.
    driver.get(base + "/?q=voters")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    snippet = driver.find_element(By.CSS_SELECTOR, "#results .snippet")
    check("<img src=x onerror=" in snippet.text, "the snippet shows <img …> as text")
    check(not driver.find_elements(By.CSS_SELECTOR, "#results img"), "no <img> element was created in the results")
    driver.find_element(By.CSS_SELECTOR, "#results h2 a").click()
    wait.until(lambda d: d.find_element(By.ID, "article").is_displayed())
    body = driver.find_element(By.ID, "article").text
    check("<img src=x onerror=" in body, "the article view shows <img …> as text")
    check(not driver.find_elements(By.CSS_SELECTOR, "#article img"), "no <img> element was created in the article")
    check(driver.execute_script("return window.dossierXSS === undefined"), "the onerror handler never ran")
    driver.get(base + "/?q=coup")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results li"))
    time.sleep(0.3)
    driver.save_screenshot(screenshot)
    print("screenshot: " + screenshot)
finally:
    driver.quit()

sys.exit(1 if failures else 0)
