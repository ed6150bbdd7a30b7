/* Pagefind search: the box in the header and the search page (search/).
 *
 * - The bundle (one per language, at its root) is found from base_url (resolved once, at first load),
 *   so the site works under a sub-path such as https://org.github.io/repo/.
 * - Material's instant navigation swaps pages without reloading: set-up runs on
 *   every document$ emission and is idempotent.
 * - Khmer and Lao queries are cut into words with Intl.Segmenter, as the index was
 *   cut with ICU at build time (src/twg/outputs/search.py joined the words with "~", which
 *   is removed again here so readers see the original text).
 * - Every word shown comes from this language's assets/twg-ui.js (window.twgUI, written by
 *   twg.render.ui): facet names, filter values (codes in the index, labels here), result counts.
 * - A query in another site language's script (Khmer typed on an English page) is also looked
 *   up in that language's bundle, and its results are marked with their language.
 */
(() => {
  "use strict";
  const JOIN = "~"; // WORD_JOINER in src/twg/outputs/search.py
  const SCRIPT = "\\u1780-\\u17FF\\u19E0-\\u19FF\\u0E80-\\u0EFF";
  const RUN = new RegExp(`[${SCRIPT}]+`, "gu");
  // A joiner between two Khmer/Lao letters, possibly across Pagefind's <mark> tags.
  const JOINED = new RegExp(`(?<=[${SCRIPT}](?:</?mark>)*)${JOIN}(?=(?:</?mark>)*[${SCRIPT}])`, "gu");
  const FACETS = ["kind", "group", "year", "round", "status"];
  // Scripts written by one site language only: a query in one of them is that language's too.
  const SCRIPTS = { km: /[\u1780-\u17FF\u19E0-\u19FF]/u, lo: /[\u0E80-\u0EFF]/u };
  // Resolved once, on the first page loaded: instant navigation keeps this script running
  // (links into another language's pages reload the page: see resultHtml).
  const config = JSON.parse(document.getElementById("__config").textContent);
  const UI = window.twgUI || {};
  const LANG = UI.lang || (document.documentElement.lang || "en").toLowerCase();
  const BUNDLES = UI.bundles || { [LANG]: "" };
  const siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href); // this language's root
  const homeRoot = new URL("../".repeat(((BUNDLES[LANG] || "").match(/\//g) || []).length) || "./", siteRoot); // the site's root
  const instances = {};
  const word = (text, vars) => String(text).replace(/%\((\w+)\)s/g, (_, k) => (vars && k in vars ? vars[k] : ""));
  const num = (n) => String(n).replace(/\d/g, (d) => (UI.digits || "0123456789")[d]);
  const t = (key, fallback, vars) => word(UI[key] || fallback, vars);

  function rootOf(lang) {
    return lang === LANG ? siteRoot : new URL(BUNDLES[lang], homeRoot);
  }

  function pagefind(lang = LANG) {
    if (!instances[lang]) {
      // One instance per language bundle; page URLs in a bundle start at that language's root.
      const root = rootOf(lang);
      const bundle = new URL("pagefind/", root);
      instances[lang] = import(new URL("pagefind.js", bundle).href).then((pf) =>
        pf.createInstance({ basePath: bundle.pathname, baseUrl: root.pathname }),
      );
    }
    return instances[lang];
  }

  /* Other site languages whose script the query is written in. */
  function otherLanguages(query) {
    return Object.keys(BUNDLES).filter((lang) => lang !== LANG && SCRIPTS[lang] && SCRIPTS[lang].test(query));
  }

  const facetName = (key) => (UI.facets && UI.facets[key]) || key;
  function valueLabel(key, value) {
    const labels = (UI.values || {})[key] || {};
    if (labels[value]) return labels[value];
    return key === "year" ? num(value) : unjoin(value);
  }

  function segmentQuery(query) {
    if (!("Segmenter" in Intl)) return query;
    return query.replace(RUN, (run) => {
      const lang = /[\u0E80-\u0EFF]/u.test(run) ? "lo" : "km";
      return [...new Intl.Segmenter(lang, { granularity: "word" }).segment(run)].map((s) => s.segment).join(" ");
    });
  }

  const unjoin = (text) => (text || "").replace(JOINED, "");
  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  /* Pagefind makes sub-results from headings; a long section (an action-plan
   * table, a meeting history) also has rows with ids: link to the last id'd
   * element before the first match, so the reader lands on the activity itself. */
  function deepLink(result, sub) {
    const first = (sub.locations || [])[0];
    if (first === undefined) return sub.url;
    const base = sub.url.split("#")[0];
    const heading = (sub.anchor && sub.anchor.location) || -1;
    let best = null;
    for (const a of result.anchors || []) {
      if (a.location <= first && a.location >= heading && !/^h\d$/i.test(a.element) && (!best || a.location >= best.location)) best = a;
    }
    return best ? `${base}#${best.id}` : sub.url;
  }

  async function searchBundle(lang, term, filters) {
    const pf = await pagefind(lang);
    const any = {};
    for (const [key, values] of Object.entries(filters || {})) if (values.length) any[key] = { any: values };
    const search = await pf.search(term, { filters: any, sort: term ? undefined : { date: "desc" } });
    for (const r of search.results) r.lang = lang;
    return search;
  }

  /* This page's bundle, plus the bundles of languages whose script the query is in; results
   * of several bundles in order of Pagefind's score. Filters and counts are this bundle's. */
  async function runSearch(query, filters) {
    const term = query && query.trim() ? segmentQuery(query.trim()) : null;
    const own = await searchBundle(LANG, term, filters);
    const others = term ? otherLanguages(term) : [];
    if (!others.length) return own;
    const more = await Promise.all(others.map((lang) => searchBundle(lang, term, filters).catch(() => ({ results: [] }))));
    const results = [own, ...more].flatMap((s) => s.results).sort((a, b) => (b.score || 0) - (a.score || 0));
    // Facet counts over every bundle searched (filter values are codes, the same in each).
    const counts = {};
    for (const s of [own, ...more]) {
      for (const [key, values] of Object.entries(s.filters || {})) {
        counts[key] = counts[key] || {};
        for (const [value, n] of Object.entries(values)) counts[key][value] = (counts[key][value] || 0) + n;
      }
    }
    return { ...own, results, filters: counts };
  }

  async function resultData(result) {
    const data = await result.data();
    data.lang = result.lang;
    return data;
  }

  function resultHtml(data, maxSubs) {
    const foreign = data.lang && data.lang !== LANG;
    const parts = [data.meta.draft, data.meta.group, data.meta.kind && valueLabel("kind", data.meta.kind), data.meta.date].filter(Boolean).map(unjoin).map(escapeHtml);
    if (foreign) parts.push(`<span lang="${escapeHtml(LANG)}">${escapeHtml(t("inLanguage", "In %(language)s", { language: (UI.languages || {})[data.lang] || data.lang }))}</span>`);
    const meta = parts.join(" · ");
    // A page of another language reloads (target=_self keeps Material's instant navigation out),
    // so that page's own words and search come with it.
    const attrs = foreign ? ` lang="${escapeHtml(data.lang)}" hreflang="${escapeHtml(data.lang)}" target="_self"` : "";
    // The first sub-result is often the page's own title: not worth a second line.
    const subs = (data.sub_results || []).filter((s) => s.url !== data.url && s.title !== data.meta.title).slice(0, maxSubs);
    return `<li class="twg-result">
<a class="twg-result__title" href="${escapeHtml(data.url)}"${attrs}>${escapeHtml(unjoin(data.meta.title) || data.url)}</a>
${meta ? `<div class="twg-result__meta">${meta}</div>` : ""}
<p class="twg-result__excerpt">${unjoin(data.excerpt)}</p>
${subs.length ? `<ul class="twg-result__subs">${subs.map((s) => `<li><a href="${escapeHtml(deepLink(data, s))}"${attrs}>${escapeHtml(unjoin(s.title))}</a><p class="twg-result__excerpt">${unjoin(s.excerpt)}</p></li>`).join("")}</ul>` : ""}
</li>`;
  }

  /* --- the box in the header -------------------------------------------------- */
  function setUpHeader() {
    const form = document.querySelector("form[data-twg-search]");
    const bar = document.querySelector(".md-header__inner");
    if (!form || !bar) return;
    if (form.parentElement !== bar) bar.insertBefore(form, bar.querySelector(".md-header__source"));
    form.hidden = false;
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.action = new URL("search/", siteRoot).href;
    const input = form.querySelector("input");
    const panel = form.querySelector(".twg-search__results");
    let latest = 0;
    let timer;
    input.addEventListener("focus", () => pagefind().then((pf) => pf.preload && pf.preload("")).catch(() => {}));
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = input.value.trim();
        const id = ++latest;
        if (!query) { panel.hidden = true; panel.innerHTML = ""; return; }
        const search = await runSearch(query, {});
        const data = await Promise.all(search.results.slice(0, 5).map(resultData));
        if (id !== latest) return;
        const more = new URL("search/", siteRoot);
        more.searchParams.set("q", query);
        panel.innerHTML = data.length
          ? `<ol class="twg-results">${data.map((d) => resultHtml(d, 2)).join("")}</ol><a class="twg-search__all" href="${escapeHtml(more.href)}">${escapeHtml(t("all", "All %(count)s results, with filters →", { count: num(search.results.length) }))}</a>`
          : `<p class="twg-search__none">${escapeHtml(t("none", "No results for “%(query)s”.", { query }))}</p>`;
        panel.hidden = false;
      }, 150);
    });
    input.addEventListener("keydown", (e) => { if (e.key === "Escape") { panel.hidden = true; input.blur(); } });
    document.addEventListener("click", (e) => {
      if (!form.contains(e.target)) panel.hidden = true;
      else if (e.target.closest("a")) { panel.hidden = true; input.value = ""; }
    });
  }

  /* --- the search page: query and facets, kept in the URL ------------------------ */
  function readLocation() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const key of FACETS) filters[key] = params.getAll(key);
    return { query: params.get("q") || "", filters };
  }

  function writeLocation(query, filters) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const key of FACETS) for (const v of filters[key] || []) params.append(key, v);
    const search = params.toString();
    history.replaceState(history.state, "", `${location.pathname}${search ? `?${search}` : ""}`);
  }

  async function setUpPage() {
    const page = document.getElementById("twg-search-page");
    if (!page || page.dataset.ready) return;
    page.dataset.ready = "1";
    const input = page.querySelector("input[type=search]");
    const facetsBox = page.querySelector(".twg-facets");
    // Filters start open beside the results; folded above them on phones.
    page.querySelector(".twg-facets-box").open = matchMedia("(min-width: 45em)").matches || FACETS.some((k) => new URLSearchParams(location.search).has(k));
    const summary = page.querySelector(".twg-search-page__summary");
    const list = page.querySelector(".twg-results");
    const moreButton = page.querySelector(".twg-search-page__more");
    let { query, filters } = readLocation();
    input.value = query;
    const pf = await pagefind();
    const all = await pf.filters();
    facetsBox.innerHTML = FACETS.filter((key) => all[key] && Object.keys(all[key]).length).map((key) =>
      `<fieldset class="twg-facet"><legend>${escapeHtml(facetName(key))}</legend>${Object.entries(all[key])
        .sort(([a], [b]) => (key === "year" ? b.localeCompare(a) : valueLabel(key, a).localeCompare(valueLabel(key, b), LANG)))
        .map(([value]) => `<label><input type="checkbox" name="${key}" value="${escapeHtml(value)}"${filters[key].includes(value) ? " checked" : ""}> ${escapeHtml(valueLabel(key, value))} <span class="twg-facet__count" data-count></span></label>`)
        .join("")}</fieldset>`).join("");
    let shown = 0;
    let results = [];
    let latest = 0;
    async function showMore() {
      const next = await Promise.all(results.slice(shown, shown + 20).map(resultData));
      list.insertAdjacentHTML("beforeend", next.map((d) => resultHtml(d, 3)).join(""));
      shown += next.length;
      moreButton.hidden = shown >= results.length;
    }
    async function update() {
      writeLocation(query, filters);
      const id = ++latest;
      const search = await runSearch(query, filters);
      if (id !== latest) return;
      results = search.results;
      shown = 0;
      list.innerHTML = "";
      const n = results.length;
      summary.textContent = query || Object.values(filters).some((v) => v.length)
        ? query
          ? t(n === 1 ? "resultOneFor" : "resultsFor", n === 1 ? "1 result for “%(query)s”" : "%(count)s results for “%(query)s”", { count: num(n), query })
          : t(n === 1 ? "resultOne" : "results", n === 1 ? "1 result" : "%(count)s results", { count: num(n) })
        : t("prompt", "Type a word, or choose filters.");
      // Values of one facet are alternatives (any of): count a facet's values as if it were unset.
      const counts = { ...search.filters };
      for (const key of FACETS) {
        if (filters[key].length) counts[key] = (await runSearch(query, { ...filters, [key]: [] })).filters[key];
      }
      if (id !== latest) return;
      for (const box of facetsBox.querySelectorAll("input")) {
        const n = (counts[box.name] || {})[box.value];
        box.parentElement.querySelector("[data-count]").textContent = n === undefined ? "" : `(${num(n)})`;
      }
      if (query || Object.values(filters).some((v) => v.length)) await showMore();
      else moreButton.hidden = true;
    }
    let timer;
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { query = input.value.trim(); update(); }, 200); });
    page.querySelector("form").addEventListener("submit", (e) => { e.preventDefault(); query = input.value.trim(); update(); });
    facetsBox.addEventListener("change", () => {
      for (const key of FACETS) filters[key] = [...facetsBox.querySelectorAll(`input[name="${key}"]:checked`)].map((b) => b.value);
      update();
    });
    moreButton.addEventListener("click", showMore);
    await update();
    page.dataset.loaded = "1";
  }

  /* A deep link into a closed <details> (a past report) opens it. */
  function openTarget() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const details = target && target.closest("details");
    if (details && !details.open) { details.open = true; target.scrollIntoView(); }
  }

  function setUp() {
    setUpHeader();
    setUpPage().catch((e) => console.error("search page", e));
    openTarget();
  }
  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else setUp();
  window.addEventListener("hashchange", openTarget);
})();
