/* Filters for static tables (the register of agreed actions): a box marked
 * data-twg-filter="<table id>" holds <select data-key="…"> elements; a row is shown when,
 * for every select with a value, its data-<key> attribute equals that value. The choice is
 * kept in the address (?group=ph&state=open), so a filtered view can be shared or linked.
 * Without JavaScript the box stays hidden and the whole table is shown.
 * Runs again on each of Material's instant page loads (document$); set-up is idempotent.
 */
(() => {
  "use strict";

  function setUp(box) {
    if (box.dataset.ready) return;
    const table = document.getElementById(box.dataset.twgFilter);
    if (!table || !table.tBodies.length) return;
    box.dataset.ready = "1";
    const selects = [...box.querySelectorAll("select[data-key]")];
    const count = box.querySelector("[data-twg-filter-count]");
    const digits = box.dataset.digits || "0123456789";
    const local = (n) => String(n).replace(/[0-9]/g, (d) => digits[Number(d)]);
    const params = new URLSearchParams(location.search);
    for (const s of selects) {
      const wanted = params.get(s.dataset.key);
      if (wanted !== null && [...s.options].some((o) => o.value === wanted)) s.value = wanted;
    }
    function apply() {
      let shown = 0;
      for (const row of table.tBodies[0].rows) {
        const ok = selects.every((s) => !s.value || row.dataset[s.dataset.key] === s.value);
        row.hidden = !ok;
        if (ok) shown += 1;
      }
      if (count) count.textContent = count.dataset.twgFilterCount.replace("{n}", local(shown));
      const q = new URLSearchParams(location.search);
      for (const s of selects) {
        if (s.value) q.set(s.dataset.key, s.value);
        else q.delete(s.dataset.key);
      }
      const query = q.toString();
      history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : "") + location.hash);
    }
    for (const s of selects) s.addEventListener("change", apply);
    box.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("[data-twg-filter]").forEach(setUp);
  }
  if (typeof document$ !== "undefined") document$.subscribe(init); // eslint-disable-line no-undef
  else document.addEventListener("DOMContentLoaded", init);
})();
