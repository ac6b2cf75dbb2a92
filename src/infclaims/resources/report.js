// Filters, matrix clicks and the record panel of the infclaims report. Data is read from the JSON island;
// every value is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var tid = function (id) { return $('[data-testid="' + id + '"]'); };

  var state = { speaker: "", type: "", doc: "", from: "", to: "", q: "" };
  var rows = $$('tr[data-testid="statement-row"]');
  var controls = {
    speaker: tid("filter-speaker"),
    doc: tid("filter-article"),
    from: tid("filter-date-from"),
    to: tid("filter-date-to"),
    q: tid("filter-search")
  };

  function matches(tr) {
    var d = tr.dataset;
    if (state.speaker && d.speaker !== state.speaker) return false;
    if (state.type && d.type !== state.type) return false;
    if (state.doc && d.doc !== state.doc) return false;
    if (state.from && (!d.date || d.date < state.from)) return false;
    if (state.to && (!d.date || d.date > state.to)) return false;
    if (state.q && d.search.indexOf(state.q.toLowerCase()) < 0) return false;
    return true;
  }

  function apply() {
    var visible = {};
    var n = 0;
    rows.forEach(function (tr) {
      var ok = matches(tr);
      tr.hidden = !ok;
      if (ok) { visible[tr.dataset.row] = true; n += 1; }
    });
    tid("row-count").textContent = String(n);
    $$("mark.m, circle.pt").forEach(function (el) {
      el.classList.toggle("dim", !visible[el.dataset.row]);
    });
    $$('[data-testid="filter-type"]').forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.type === state.type));
    });
    controls.speaker.value = state.speaker;
    controls.doc.value = state.doc;
  }

  function set(changes, scroll) {
    Object.keys(changes).forEach(function (k) { state[k] = changes[k]; });
    apply();
    if (scroll) document.getElementById("statements").scrollIntoView({ block: "start" });
  }

  controls.speaker.addEventListener("change", function () { set({ speaker: this.value }); });
  controls.doc.addEventListener("change", function () { set({ doc: this.value }); });
  controls.from.addEventListener("change", function () { set({ from: this.value }); });
  controls.to.addEventListener("change", function () { set({ to: this.value }); });
  controls.q.addEventListener("input", function () { set({ q: this.value.trim() }); });
  tid("filter-clear").addEventListener("click", function () {
    controls.from.value = controls.to.value = controls.q.value = "";
    set({ speaker: "", type: "", doc: "", from: "", to: "", q: "" });
  });
  $$('[data-testid="filter-type"]').forEach(function (b) {
    b.addEventListener("click", function () { set({ type: state.type === b.dataset.type ? "" : b.dataset.type }); });
  });
  $$('[data-testid="matrix-cell"]').forEach(function (b) {
    b.addEventListener("click", function () { set({ speaker: b.dataset.speaker, type: b.dataset.type }, true); });
  });
  $$('[data-testid="matrix-speaker"]').forEach(function (b) {
    b.addEventListener("click", function () { set({ speaker: b.dataset.speaker, type: "" }, true); });
  });
  $$('[data-testid="matrix-type"]').forEach(function (b) {
    b.addEventListener("click", function () { set({ speaker: "", type: b.dataset.type }, true); });
  });
  $$('[data-action="filter-doc"]').forEach(function (b) {
    b.addEventListener("click", function () { set({ doc: b.dataset.doc }, true); });
  });

  // ------------------------------------------------------------------ the record panel
  var panel = tid("detail");
  var current = null;

  function flatten(prefix, value, out) {
    if (value === null || value === undefined || value === "") return;
    if (Array.isArray(value)) {
      if (!value.length) return;
      if (value.every(function (v) { return typeof v !== "object" || v === null; })) {
        out.push([prefix, value.join(", ")]);
        return;
      }
      value.forEach(function (v, i) { flatten(prefix + "[" + i + "]", v, out); });
      return;
    }
    if (typeof value === "object") {
      Object.keys(value).forEach(function (k) { flatten(prefix ? prefix + "." + k : k, value[k], out); });
      return;
    }
    out.push([prefix, String(value)]);
  }

  function highlight(row, on) {
    $$('[data-row="' + row + '"]').forEach(function (el) {
      if (el.tagName === "TR") el.classList.toggle("selected", on);
      else el.classList.toggle("active", on);
    });
  }

  function show(row) {
    if (current !== null) highlight(current, false);
    current = row;
    highlight(row, true);
    var rec = data.records[row];
    var st = data.statements[row];
    tid("detail-title").textContent = "#" + (row + 1) + " " + st.type + " · " + st.speaker_label;
    var dl = tid("detail-fields");
    dl.textContent = "";
    var first = ["content", "speaker", "cue", "claim", "kind", "said_on", "said_on_text", "published", "outlet"];
    var keys = first.concat(Object.keys(rec).filter(function (k) { return first.indexOf(k) < 0; }));
    var pairs = [];
    keys.forEach(function (k) { flatten(k, rec[k], pairs); });
    pairs.forEach(function (p) {
      var dt = document.createElement("dt");
      dt.textContent = p[0];
      var dd = document.createElement("dd");
      dd.textContent = p[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    panel.hidden = false;
  }

  function flash(el) {
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }

  tid("detail-close").addEventListener("click", function () {
    if (current !== null) highlight(current, false);
    current = null;
    panel.hidden = true;
  });
  $('[data-action="goto-text"]', panel).addEventListener("click", function () {
    if (current !== null) flash(document.getElementById("h-" + current));
  });
  $('[data-action="goto-row"]', panel).addEventListener("click", function () {
    if (current === null) return;
    var tr = $('tr[data-testid="statement-row"][data-row="' + current + '"]');
    if (tr && tr.hidden) set({ speaker: "", type: "", doc: "", from: "", to: "", q: "" });
    flash(tr);
  });

  // the innermost highlight under the pointer wins; ties between nested marks go to the smallest
  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) return;
    var hit = target.closest("mark.m, circle.pt, tr[data-testid=\"statement-row\"]");
    if (hit) show(Number(hit.getAttribute("data-row")));
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !panel.hidden) tid("detail-close").click();
  });

  apply();
})();
