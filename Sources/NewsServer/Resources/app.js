// Dossier's search page: plain JavaScript over the JSON API. Article text is
// always put in with textContent; the only HTML inserted is the server's
// snippet and highlighted title, which are escaped there with <mark> added.
"use strict";
const $ = (id) => document.getElementById(id);
const FACETS = [["country", "Countries"], ["category", "Categories"], ["topic", "Topics"], ["year", "Years"]];
const FILTERS = ["country", "category", "topic", "source"];
const PAGE = 10;
const SHOWN = 5; // facet values shown before "more"
const expanded = new Set(); // facets whose every value is shown
let anchor = null; // the value of the bar a span of the timeline starts from
let drawing = 0; // which render the country chart being fetched belongs to

function state() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "", sort: p.get("sort") || "relevance", offset: Number(p.get("offset") || 0),
    article: p.get("article"), from: p.get("from") || "", to: p.get("to") || "",
    filters: Object.fromEntries(FILTERS.map((f) => [f, p.getAll(f)])),
  };
}

// The page's address for a state.
function urlOf(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.sort !== "relevance") p.set("sort", s.sort);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  for (const f of FILTERS) for (const v of s.filters[f]) p.append(f, v);
  if (s.article) p.set("article", s.article);
  return "/" + (p.toString() ? "?" + p.toString() : "");
}

function go(s, replace) {
  const url = urlOf(s);
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  render();
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

function showError(message) {
  $("alert").textContent = message;
}

async function render() {
  const s = state();
  $("q").value = s.q;
  $("sort").value = s.sort;
  showError("");
  if (s.article) return showArticle(s.article);
  $("article").hidden = true;
  $("results").hidden = false;
  const p = new URLSearchParams({ q: s.q, sort: s.sort, offset: String(s.offset), limit: String(PAGE), facets: "true" });
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  for (const f of FILTERS) for (const v of s.filters[f]) p.append(f, v);
  $("status").textContent = "Searching…";
  let r;
  try {
    r = await api("/api/search?" + p.toString());
  } catch (error) {
    $("status").textContent = "";
    showError(error.message);
    for (const id of ["results", "pager", "facets"]) $(id).replaceChildren();
    $("timeline").hidden = true;
    $("countries").hidden = true;
    drawing++;
    return;
  }
  showWatches();
  showStatus(r, s);
  showResults(r, s);
  showFacets(r, s);
  showTimeline(r, s);
  showPager(r, s);
  showCountries(r, s);
}

function filtered(s) {
  return s.from || s.to || FILTERS.some((f) => s.filters[f].length);
}

function showStatus(r, s) {
  const status = $("status");
  status.replaceChildren();
  if (r.notice) status.append(el("div", { text: r.notice }));
  if (r.suggestion && !r.correctedQuery) {
    const link = el("a", { href: "#", text: r.suggestion, onclick: (e) => { e.preventDefault(); go({ ...s, q: r.suggestion, offset: 0 }); } });
    status.append(el("div", {}, "Did you mean ", link, "?"));
  }
  // An exact count ("1,276 articles"), or past 10,000 a lower bound ("10,000+ articles").
  const count = r.total.toLocaleString("en-US") + (r.totalIsExact ? "" : "+");
  status.append(el("div", { id: "total", text: `${count} article${r.total === 1 && r.totalIsExact ? "" : "s"}` }));
  if (r.total === 0) {
    const tips = el("div", { id: "empty" }, "Nothing matches. Try fewer or other words, OR between alternatives, or a wildcard (sanction*)");
    if (filtered(s)) {
      tips.append(", or ", el("button", {
        type: "button", class: "link", text: "remove the filters",
        onclick: () => go({ ...s, from: "", to: "", filters: Object.fromEntries(FILTERS.map((f) => [f, []])), offset: 0 }),
      }));
    }
    tips.append(".");
    status.append(tips);
  }
}

function showResults(r, s) {
  const list = $("results");
  list.replaceChildren();
  for (const hit of r.hits) {
    const title = el("a", { href: "?article=" + encodeURIComponent(hit.id) });
    title.innerHTML = hit.titleHighlighted; // escaped by the server; only <mark> is markup
    title.addEventListener("click", (e) => { e.preventDefault(); go({ ...s, article: hit.id }); });
    const meta = [hit.date || "undated", hit.countries.join(", ")].filter(Boolean).join(" · ");
    const snippet = el("p", { class: "snippet" });
    snippet.innerHTML = hit.snippet; // escaped by the server; only <mark> is markup
    const item = el("li", { "data-id": hit.id }, el("h2", {}, title), el("div", { class: "meta", text: meta }), snippet);
    if (hit.collapsed > 0) item.querySelector(".meta").append(` · +${hit.collapsed} near-identical`);
    list.append(item);
  }
}

function showFacets(r, s) {
  const aside = $("facets");
  aside.replaceChildren();
  if (!r.facets) return;
  for (const [name, label] of FACETS) {
    const values = r.facets[name] || [];
    if (!values.length) continue;
    const list = el("ul", { "data-facet": name, id: "facet-" + name });
    const chosen = (v) => name === "year" ? s.from === v.value && s.to === v.value
      : s.filters[name].some((c) => c.toLowerCase() === v.value.toLowerCase());
    // The chosen values always show, then the most frequent.
    const open = expanded.has(name);
    const shown = open ? values : values.filter((v, i) => i < SHOWN || chosen(v));
    for (const v of shown) {
      const on = chosen(v);
      let toggle;
      if (name === "year") {
        toggle = () => go({ ...s, from: on ? "" : v.value, to: on ? "" : v.value, offset: 0 });
      } else {
        const current = s.filters[name];
        toggle = () => {
          const next = on ? current.filter((c) => c.toLowerCase() !== v.value.toLowerCase()) : [...current, v.value];
          go({ ...s, filters: { ...s.filters, [name]: next }, offset: 0 });
        };
      }
      const button = el("button", { type: "button", "aria-pressed": String(on), "data-value": v.value, onclick: toggle },
        el("span", { text: v.label || v.value }), el("span", { class: "count", text: String(v.count) }));
      list.append(el("li", {}, button));
    }
    aside.append(el("h2", { text: label }), list);
    if (values.length > SHOWN) {
      const more = el("button", {
        type: "button", class: "more", "aria-expanded": String(open), "aria-controls": "facet-" + name,
        text: open ? "Show fewer" : `Show ${values.length - shown.length} more`,
        onclick: () => { if (open) expanded.delete(name); else expanded.add(name); showFacets(r, s); },
      });
      aside.append(more);
    }
  }
}

// The timeline: a bar per month from the first to the last with articles
// (empty months as empty bars), or per year past ten years; an axis labels
// the years. A bar filters by its month or year; shift and a second bar (or a
// drag from one bar to another) by the span between them.
function showTimeline(r, s) {
  const figure = $("timeline");
  const box = $("histogram");
  const axis = $("axis");
  box.replaceChildren();
  axis.replaceChildren();
  const months = (r.facets && r.facets.month) || [];
  if (!months.length) { figure.hidden = true; return; }
  const counts = new Map(months.map((m) => [m.value, m.count]));
  const first = months[0].value, last = months[months.length - 1].value;
  const [y0, m0] = first.split("-").map(Number), [y1, m1] = last.split("-").map(Number);
  const span = (y1 - y0) * 12 + (m1 - m0) + 1;
  const byYear = span > 120;
  const buckets = [];
  if (byYear) {
    for (let y = y0; y <= y1; y++) {
      let n = 0;
      for (let m = 1; m <= 12; m++) n += counts.get(`${y}-${String(m).padStart(2, "0")}`) || 0;
      buckets.push({ value: String(y), count: n, year: y });
    }
  } else {
    for (let i = 0; i < span; i++) {
      const y = y0 + Math.floor((m0 - 1 + i) / 12), m = ((m0 - 1 + i) % 12) + 1;
      const value = `${y}-${String(m).padStart(2, "0")}`;
      buckets.push({ value, count: counts.get(value) || 0, year: y, month: m });
    }
  }
  $("timeline-caption").textContent = byYear ? "Articles per year" : "Articles per month";
  if (s.from || s.to) {
    $("timeline-caption").append(el("button", {
      type: "button", class: "link", text: "all dates", onclick: () => go({ ...s, from: "", to: "", offset: 0 }),
    }));
  }
  figure.hidden = false;
  const max = Math.max(...buckets.map((b) => b.count));
  // Compared on the shorter of the two forms: 2022-03 is inside from=2022, and 2022 inside from=2022-03.
  const cut = (a, b) => [a.slice(0, Math.min(a.length, b.length)), b.slice(0, Math.min(a.length, b.length))];
  const inside = (b) => (!s.from || cut(b.value, s.from)[0] >= cut(b.value, s.from)[1])
    && (!s.to || cut(b.value, s.to)[0] <= cut(b.value, s.to)[1]);
  const choose = (a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    anchor = null;
    go({ ...s, from: lo, to: hi, offset: 0 });
  };
  let dragStart = null, dragged = false;
  buckets.forEach((b, i) => {
    const bar = el("button", {
      type: "button", "data-value": b.value, "aria-label": `${b.value}: ${b.count} article${b.count === 1 ? "" : "s"}`,
      class: (b.count ? "" : "empty") + ((s.from || s.to) && inside(b) ? " on" : ""), title: `${b.value}: ${b.count}`,
    });
    bar.style.height = `${b.count ? Math.max(3, (100 * b.count) / max) : 100}%`; // CSSOM, allowed by the page's CSP
    bar.addEventListener("pointerdown", () => { dragStart = b.value; dragged = false; });
    bar.addEventListener("pointerup", () => {
      if (dragStart && dragStart !== b.value) { dragged = true; choose(dragStart, b.value); }
      dragStart = null;
    });
    bar.addEventListener("click", (e) => {
      if (dragged) { dragged = false; return; } // a drag, chosen on pointerup
      if (e.shiftKey && anchor && anchor !== b.value) return choose(anchor, b.value);
      anchor = b.value;
      go({ ...s, from: b.value, to: b.value, offset: 0 });
    });
    box.append(bar);
    // Year labels: every year (every fifth past 30), at its first bar.
    const step = byYear && buckets.length > 30 ? 5 : 1;
    if ((byYear || b.month === 1 || i === 0) && b.year % step === 0) {
      const label = el("span", { text: !byYear && i === 0 && b.month !== 1 ? b.value : String(b.year) });
      label.style.left = `${(100 * i) / buckets.length}%`;
      axis.append(label);
    }
  });
}

// "Countries over time": a line per top country of the search (or per
// country filtered by), from GET /api/timeline, drawn as plain SVG: a month a
// point (a year past ten years, as the bar chart). Each point with articles is
// a link to the search for that country and month.
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#8a3b12", "#1d5fd6", "#2e7d32", "#7b1fa2", "#c62828", "#00838f", "#6d4c41", "#ad1457"];

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else e.setAttribute(k, String(v));
  }
  for (const c of children) e.append(c);
  return e;
}

async function showCountries(r, s) {
  const figure = $("countries");
  const months = (r.facets && r.facets.month) || [];
  const token = ++drawing;
  if (!months.length) { figure.hidden = true; return; }
  const [y0, m0] = months[0].value.split("-").map(Number);
  const [y1, m1] = months[months.length - 1].value.split("-").map(Number);
  const interval = (y1 - y0) * 12 + (m1 - m0) + 1 > 120 ? "year" : "month";
  const p = new URLSearchParams({ q: s.q, by: "country", interval });
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  for (const f of FILTERS) for (const v of s.filters[f]) p.append(f, v);
  let t;
  try {
    t = await api("/api/timeline?" + p.toString());
  } catch (error) {
    if (token === drawing) figure.hidden = true;
    return;
  }
  if (token !== drawing) return; // a newer search is on the page
  drawCountries(t, s);
}

function drawCountries(t, s) {
  const figure = $("countries");
  const chart = $("country-chart");
  const legend = $("country-legend");
  chart.replaceChildren();
  legend.replaceChildren();
  if (!t.series.length || !t.buckets.length) { figure.hidden = true; return; }
  $("countries-caption").textContent = `Countries over time (articles per ${t.interval})`;
  // As wide as the results, so that a unit of the drawing is about a pixel
  // of the screen (text and points keep their size on a phone).
  const width = Math.max(280, Math.min(1200, $("content").clientWidth || 720));
  const height = 160, left = 30, right = 8, top = 10, bottom = 22, inset = 8;
  const plotW = width - left - right - 2 * inset, plotH = height - top - bottom;
  const n = t.buckets.length;
  const max = Math.max(1, ...t.series.flatMap((line) => line.counts));
  const x = (i) => left + inset + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (count) => top + plotH - (count * plotH) / max;
  const image = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "group", "aria-labelledby": "countries-caption" });
  // The axes: 0 and the largest count; the first and last buckets, and each January.
  const axes = svg("g", { "aria-hidden": "true" });
  for (const value of [0, max]) {
    axes.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(value), y2: y(value) }));
    axes.append(svg("text", { x: left - 4, y: y(value) + 4, "text-anchor": "end", text: String(value) }));
  }
  // The first label starts at its point and the last ends at its own, so
  // that neither is cut off at the edges.
  let lastLabel = -Infinity;
  t.buckets.forEach((bucket, i) => {
    const january = t.interval === "month" && bucket.endsWith("-01");
    const edge = i === 0 || i === n - 1;
    if ((edge || january || t.interval === "year") && x(i) - lastLabel > 70 && (i === n - 1 || x(n - 1) - x(i) > 70)) {
      const label = t.interval === "month" && !edge && january ? bucket.slice(0, 4) : bucket;
      const anchor = n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle";
      axes.append(svg("text", { x: x(i), y: height - 6, "text-anchor": anchor, text: label }));
      lastLabel = x(i);
    }
  });
  image.append(axes);
  t.series.forEach((line, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const name = line.label || line.value;
    const group = svg("g", { "data-series": line.value, role: "group", "aria-label": name });
    group.append(svg("polyline", {
      "data-series": line.value, stroke: colour, "aria-hidden": "true",
      points: line.counts.map((count, i) => `${x(i).toFixed(1)},${y(count).toFixed(1)}`).join(" "),
    }));
    line.counts.forEach((count, i) => {
      if (!count) return; // nothing to follow
      const span = t.spans[i];
      const next = { ...s, filters: { ...s.filters, country: [line.value] }, from: span.from, to: span.to, offset: 0, article: null };
      const words = `${name}, ${t.buckets[i]}: ${count} article${count === 1 ? "" : "s"}`;
      const link = svg("a", {
        href: urlOf(next), "aria-label": words, "data-series": line.value, "data-bucket": t.buckets[i], "data-count": count,
      }, svg("title", { text: words }), svg("circle", { cx: x(i).toFixed(1), cy: y(count).toFixed(1), r: 4, fill: colour }));
      link.addEventListener("click", (e) => { e.preventDefault(); go(next); });
      group.append(link);
    });
    image.append(group);
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = colour; // CSSOM, allowed by the page's CSP
    legend.append(el("li", { "data-series": line.value }, swatch, `${name} (${line.total.toLocaleString("en-US")})`));
  });
  chart.append(image);
  figure.hidden = false;
}

function showPager(r, s) {
  const nav = $("pager");
  nav.replaceChildren();
  // "Newer" and "older" only when the order is by date.
  const [back, forward] = s.sort === "date" ? ["← Newer", "Older →"] : s.sort === "oldest" ? ["← Older", "Newer →"] : ["← Previous", "Next →"];
  if (s.offset > 0) nav.append(el("button", { type: "button", text: back, onclick: () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }) }));
  if (r.total > 0) nav.append(el("span", { text: `${s.offset + 1}–${s.offset + r.hits.length} of ${r.total.toLocaleString("en-US")}${r.totalIsExact ? "" : "+"}` }));
  if (s.offset + PAGE < r.total) nav.append(el("button", { type: "button", text: forward, onclick: () => go({ ...s, offset: s.offset + PAGE }) }));
}

// Source text is often hard-wrapped: lines of a paragraph are joined, and a
// blank line (or an indented line) starts a new paragraph.
function paragraphs(body) {
  const out = [];
  for (const block of body.split(/\n\s*\n/)) {
    let current = "";
    for (const line of block.split("\n")) {
      if (/^\s{2,}\S/.test(line) && current) { out.push(current); current = ""; }
      current = current ? current + " " + line.trim() : line.trim();
    }
    if (current) out.push(current);
  }
  return out;
}

async function showArticle(id) {
  const box = $("article");
  $("results").hidden = true;
  for (const part of ["facets", "pager"]) $(part).replaceChildren();
  $("timeline").hidden = true;
  $("countries").hidden = true;
  drawing++;
  box.hidden = false;
  box.replaceChildren();
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(id));
  } catch (error) {
    $("status").textContent = "";
    showError(error.message);
    return;
  }
  $("status").textContent = "";
  const back = el("a", { href: "#", text: "← Back to results", onclick: (e) => { e.preventDefault(); history.back(); } });
  const details = el("dl");
  const add = (term, value) => { if (value) details.append(el("dt", { text: term }), el("dd", {}, value)); };
  add("Date", a.date || "undated");
  add("Countries", a.countries.join(", "));
  add("Categories", a.categories.join(", "));
  add("Topics", a.topics.join(", "));
  add("Source", a.source);
  if (a.url && /^https?:\/\//i.test(a.url)) {
    add("Link", el("a", { href: a.url, rel: "noopener noreferrer", text: a.url }));
  }
  const text = el("div", { class: "body" }, ...paragraphs(a.body).map((p) => el("p", { text: p })));
  box.append(back, el("h2", { text: a.title }), details, text);
  try {
    const similar = await api(`/api/articles/${encodeURIComponent(id)}/similar?limit=5`);
    if (similar.hits.length) {
      const list = el("ul");
      for (const hit of similar.hits) {
        const link = el("a", { href: "?article=" + encodeURIComponent(hit.id), text: hit.title });
        link.addEventListener("click", (e) => { e.preventDefault(); go({ ...state(), article: hit.id }); });
        list.append(el("li", { "data-id": hit.id }, link, ` (${hit.date || "undated"})`));
      }
      box.append(el("section", { class: "similar", "aria-label": "Similar articles" }, el("h3", { text: "Similar articles" }), list));
    }
  } catch (error) {
    // The article is shown; similar ones are a bonus.
  }
}

// Watches: saved searches, each with how many articles arrived since it
// was last seen. Saving one and marking one seen are writes: they take the
// service's bearer token, typed once and kept for this tab only.
async function write(method, path, body) {
  const token = $("watch-token").value || sessionStorage.getItem("dossier-token") || "";
  const response = await fetch(path, {
    method, headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ? answer.error.message : response.statusText);
  if (token) sessionStorage.setItem("dossier-token", token);
  return answer;
}

function watchState(w) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, (w.filters && w.filters[f]) || []]));
  return { q: w.query, sort: "arrived", offset: 0, article: null, from: w.from || "", to: w.to || "", filters };
}

async function showWatches() {
  let answer;
  try {
    answer = await api("/api/watches");
  } catch (error) {
    return; // the list is a bonus; the search says what is wrong
  }
  const list = $("watch-list");
  list.replaceChildren();
  if (!answer.watches.length) list.append(el("li", { class: "empty", text: "None yet." }));
  for (const w of answer.watches) {
    const open = el("button", {
      type: "button", "data-watch": w.name, title: "Show its search, newest in the index first",
      onclick: () => go(watchState(w)),
    }, el("span", { text: w.name }), el("span", { class: w.new ? "count new" : "count", text: `${w.new} new` }));
    const item = el("li", {}, open);
    if (w.new) {
      item.append(el("button", {
        type: "button", class: "seen", "aria-label": `Mark ${w.name} as seen`, text: "Seen",
        onclick: async () => {
          try { await write("POST", `/api/watches/${encodeURIComponent(w.name)}/seen`); } catch (error) { showError(error.message); }
          showWatches();
        },
      }));
    }
    list.append(item);
  }
}

$("watch-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const s = state();
  const body = { name: $("watch-name").value, query: s.q };
  for (const f of FILTERS) if (s.filters[f].length) body[f] = s.filters[f];
  if (s.from) body.from = s.from;
  if (s.to) body.to = s.to;
  try {
    await write("POST", "/api/watches", body);
    $("watch-message").textContent = `Saved: ${body.name}. Articles that arrive from now on will be counted.`;
    $("watch-name").value = "";
  } catch (error) {
    $("watch-message").textContent = "Not saved: " + error.message;
  }
  showWatches();
});
setInterval(showWatches, 30000);

$("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const s = state();
  go({ ...s, q: $("q").value, sort: $("sort").value, offset: 0, article: null });
});
$("sort").addEventListener("change", () => { const s = state(); go({ ...s, sort: $("sort").value, offset: 0 }); });
window.addEventListener("popstate", render);
render();
