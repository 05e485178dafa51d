// Dossier's search page: plain JavaScript over the JSON API. Article text is
// always put in with textContent; the only HTML inserted is the server's
// snippet and highlighted title, which are escaped there with <mark> added.
"use strict";
const $ = (id) => document.getElementById(id);
const FACETS = [["country", "Countries"], ["category", "Categories"], ["topic", "Topics"], ["year", "Years"]];
const FILTERS = ["country", "category", "topic", "source"];
const PAGE = 10;

function state() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "", sort: p.get("sort") || "relevance", offset: Number(p.get("offset") || 0),
    article: p.get("article"), from: p.get("from") || "", to: p.get("to") || "",
    filters: Object.fromEntries(FILTERS.map((f) => [f, p.getAll(f)])),
  };
}

function go(s, replace) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.sort !== "relevance") p.set("sort", s.sort);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  for (const f of FILTERS) for (const v of s.filters[f]) p.append(f, v);
  if (s.article) p.set("article", s.article);
  const url = "/" + (p.toString() ? "?" + p.toString() : "");
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

async function render() {
  const s = state();
  $("q").value = s.q;
  $("sort").value = s.sort;
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
    $("status").textContent = error.message;
    $("results").replaceChildren();
    return;
  }
  showStatus(r, s);
  showResults(r, s);
  showFacets(r, s);
  showHistogram(r);
  showPager(r, s);
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
    const list = el("ul", { "data-facet": name });
    for (const v of values.slice(0, 12)) {
      let on;
      let toggle;
      if (name === "year") {
        on = s.from === v.value && s.to === v.value;
        toggle = () => go({ ...s, from: on ? "" : v.value, to: on ? "" : v.value, offset: 0 });
      } else {
        const chosen = s.filters[name];
        const key = v.value;
        on = chosen.some((c) => c.toLowerCase() === key.toLowerCase());
        toggle = () => {
          const next = on ? chosen.filter((c) => c.toLowerCase() !== key.toLowerCase()) : [...chosen, key];
          go({ ...s, filters: { ...s.filters, [name]: next }, offset: 0 });
        };
      }
      const button = el("button", { type: "button", class: on ? "on" : "", "data-value": v.value, onclick: toggle },
        el("span", { text: v.label || v.value }), el("span", { class: "count", text: String(v.count) }));
      list.append(el("li", {}, button));
    }
    aside.append(el("h3", { text: label }), list);
  }
}

function showHistogram(r) {
  const box = $("histogram");
  box.replaceChildren();
  const months = (r.facets && r.facets.month) || [];
  if (months.length < 2) return;
  const max = Math.max(...months.map((m) => m.count));
  for (const m of months.slice(-48)) {
    const bar = el("div", { title: `${m.value}: ${m.count}` });
    bar.style.height = `${Math.max(2, (100 * m.count) / max)}%`; // CSSOM, allowed by the page's CSP
    box.append(bar);
  }
}

function showPager(r, s) {
  const nav = $("pager");
  nav.replaceChildren();
  if (s.offset > 0) nav.append(el("button", { type: "button", text: "← Newer results", onclick: () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }) }));
  if (r.total > 0) nav.append(el("span", { text: `${s.offset + 1}–${s.offset + r.hits.length} of ${r.total.toLocaleString("en-US")}${r.totalIsExact ? "" : "+"}` }));
  if (s.offset + PAGE < r.total) nav.append(el("button", { type: "button", text: "More results →", onclick: () => go({ ...s, offset: s.offset + PAGE }) }));
}

async function showArticle(id) {
  const box = $("article");
  $("results").hidden = true;
  $("facets").replaceChildren();
  $("histogram").replaceChildren();
  $("pager").replaceChildren();
  box.hidden = false;
  box.replaceChildren();
  try {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    $("status").textContent = "";
    const back = el("a", { href: "#", text: "← Back to results", onclick: (e) => { e.preventDefault(); history.back(); } });
    const meta = [a.date || "undated", a.countries.join(", "), a.source].filter(Boolean).join(" · ");
    box.append(back, el("h1", { text: a.title }), el("div", { class: "meta", text: meta }), el("div", { class: "body", text: a.body }));
  } catch (error) {
    $("status").textContent = error.message;
  }
}

$("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const s = state();
  go({ ...s, q: $("q").value, sort: $("sort").value, offset: 0, article: null });
});
$("sort").addEventListener("change", () => { const s = state(); go({ ...s, sort: $("sort").value, offset: 0 }); });
window.addEventListener("popstate", render);
render();
