/* Pagefind search: the box in the header and the search page (search/).
 *
 * - The bundle (one per language, at its root) is found from base_url (resolved once, at first load),
 *   so the site works under a sub-path such as https://org.github.io/repo/.
 * - Material's instant navigation swaps pages without reloading: set-up runs on
 *   every document$ emission and is idempotent.
 * - Khmer and Lao queries are cut into words with Intl.Segmenter, as the index was
 *   cut with ICU at build time (src/twg/outputs/search.py joined the words with "~", which
 *   is removed again here so readers see the original text).
 */
(() => {
  "use strict";
  const JOIN = "~"; // WORD_JOINER in src/twg/outputs/search.py
  const SCRIPT = "\\u1780-\\u17FF\\u19E0-\\u19FF\\u0E80-\\u0EFF";
  const RUN = new RegExp(`[${SCRIPT}]+`, "gu");
  // A joiner between two Khmer/Lao letters, possibly across Pagefind's <mark> tags.
  const JOINED = new RegExp(`(?<=[${SCRIPT}](?:</?mark>)*)${JOIN}(?=(?:</?mark>)*[${SCRIPT}])`, "gu");
  const FACETS = ["kind", "group", "year", "round", "status"];
  const FACET_LABELS = { kind: "Kind of record", group: "Group", year: "Year", round: "GDCC round", status: "Activity status" };
  // Resolved once, on the first page loaded: instant navigation keeps this script running.
  const config = JSON.parse(document.getElementById("__config").textContent);
  const siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href); // this language's root
  const bundle = new URL("pagefind/", siteRoot); // its own index; page URLs in it start at siteRoot
  const instances = {};

  function pagefind() {
    const lang = (document.documentElement.lang || "en").toLowerCase();
    if (!instances[lang]) {
      // One instance per <html lang>: Pagefind picks that language's index when the instance is made.
      instances[lang] = import(new URL("pagefind.js", bundle).href).then((pf) =>
        pf.createInstance({ basePath: bundle.pathname, baseUrl: siteRoot.pathname }),
      );
    }
    return instances[lang];
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

  async function runSearch(query, filters) {
    const pf = await pagefind();
    const term = query && query.trim() ? segmentQuery(query.trim()) : null;
    const any = {};
    for (const [key, values] of Object.entries(filters || {})) if (values.length) any[key] = { any: values };
    return pf.search(term, { filters: any, sort: term ? undefined : { date: "desc" } });
  }

  function resultHtml(data, maxSubs) {
    const meta = [data.meta.draft, data.meta.group, data.meta.kind, data.meta.date].filter(Boolean).map(unjoin).map(escapeHtml).join(" · ");
    // The first sub-result is often the page's own title: not worth a second line.
    const subs = (data.sub_results || []).filter((s) => s.url !== data.url && s.title !== data.meta.title).slice(0, maxSubs);
    return `<li class="twg-result">
<a class="twg-result__title" href="${escapeHtml(data.url)}">${escapeHtml(unjoin(data.meta.title) || data.url)}</a>
${meta ? `<div class="twg-result__meta">${meta}</div>` : ""}
<p class="twg-result__excerpt">${unjoin(data.excerpt)}</p>
${subs.length ? `<ul class="twg-result__subs">${subs.map((s) => `<li><a href="${escapeHtml(deepLink(data, s))}">${escapeHtml(unjoin(s.title))}</a><p class="twg-result__excerpt">${unjoin(s.excerpt)}</p></li>`).join("")}</ul>` : ""}
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
        const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
        if (id !== latest) return;
        const more = new URL("search/", siteRoot);
        more.searchParams.set("q", query);
        panel.innerHTML = data.length
          ? `<ol class="twg-results">${data.map((d) => resultHtml(d, 2)).join("")}</ol><a class="twg-search__all" href="${escapeHtml(more.href)}">All ${search.results.length} results, with filters →</a>`
          : `<p class="twg-search__none">No results for “${escapeHtml(query)}”.</p>`;
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
      `<fieldset class="twg-facet"><legend>${FACET_LABELS[key]}</legend>${Object.entries(all[key])
        .sort(([a], [b]) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b)))
        .map(([value]) => `<label><input type="checkbox" name="${key}" value="${escapeHtml(value)}"${filters[key].includes(value) ? " checked" : ""}> ${escapeHtml(unjoin(value))} <span class="twg-facet__count" data-count></span></label>`)
        .join("")}</fieldset>`).join("");
    let shown = 0;
    let results = [];
    let latest = 0;
    async function showMore() {
      const next = await Promise.all(results.slice(shown, shown + 20).map((r) => r.data()));
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
      summary.textContent = query || Object.values(filters).some((v) => v.length)
        ? `${results.length} result${results.length === 1 ? "" : "s"}${query ? ` for “${query}”` : ""}`
        : "Type a word, or choose filters.";
      // Values of one facet are alternatives (any of): count a facet's values as if it were unset.
      const counts = { ...search.filters };
      for (const key of FACETS) {
        if (filters[key].length) counts[key] = (await runSearch(query, { ...filters, [key]: [] })).filters[key];
      }
      if (id !== latest) return;
      for (const box of facetsBox.querySelectorAll("input")) {
        const n = (counts[box.name] || {})[box.value];
        box.parentElement.querySelector("[data-count]").textContent = n === undefined ? "" : `(${n})`;
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
