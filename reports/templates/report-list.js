  // report-list.js — the case list: filters, sorting, paging; only the visible page is in the DOM.
  function byDefault(a, b) {  // open cases first, then household, then rule
    return a.openRank - b.openRank || collator.compare(a.household_id, b.household_id) ||
      collator.compare(a.rule_id, b.rule_id);
  }
  cases.forEach(function (c) {
    var s = stateInfo(c.state);
    c.openRank = s.is_open ? 0 : 1; c.state_rank = s.rank;
  });
  // What a search matches in a case (its members are the names in its evidence), made at the first search.
  function searchText(c) {
    if (c.search === undefined) {
      c.search = [c.household_id, c.region_shown, c.category, c.rule_id, c.rule_name_zh, c.rule_name_en,
        stateInfo(c.state).label, c.state, lab(L.status, c.status), c.value, c.threshold, c.evidence, c.members]
        .join(" ").toLowerCase();
    }
    return c.search;
  }
  cases.sort(byDefault).forEach(function (c, i) { c.order = i; });

  var view = { rule: "", state: "", status: "", region: "", category: "", q: "", sort: "", dir: 1, page: 0 };

  function option(id, value, text) { var o = el("option", "", [text]); o.value = value; $(id).appendChild(o); }
  function fillSelect(id, key, text) {
    var seen = new Map();
    cases.forEach(function (c) { if (!seen.has(c[key])) seen.set(c[key], text(c)); });
    Array.from(seen.keys()).sort().forEach(function (v) { option(id, v, seen.get(v) || "（空）"); });
  }
  function fillStates() {
    var counts = new Map();
    cases.forEach(function (c) { counts.set(c.state, (counts.get(c.state) || 0) + 1); });
    option("f-state", OPEN_ONLY, "仅未结 open only (" + cases.filter(function (c) { return !c.openRank; }).length + ")");
    var ids = data.states.map(function (s) { return s.id; });
    ids.forEach(function (id) {
      var s = stateInfo(id);
      option("f-state", id, (s.label !== id ? s.label + " " : "") + id + " (" + (counts.get(id) || 0) + ")");
    });
  }
  fillSelect("f-rule", "rule_id", function (c) { return c.rule_name_zh + " " + c.rule_id; });
  fillStates();
  fillSelect("f-status", "status", function (c) { return lab(L.status, c.status) + " " + c.status; });
  fillSelect("f-region", "region_code", function (c) { return c.region_shown; });
  fillSelect("f-category", "category", function (c) { return c.category; });

  function compare(a, b) {
    var x = a[view.sort], y = b[view.sort], nx = num(x), ny = num(y);
    var r = nx !== null && ny !== null ? nx - ny : collator.compare(String(x), String(y));
    return r * view.dir || a.order - b.order;
  }
  function selected() {
    var q = view.q.trim().toLowerCase();
    var list = cases.filter(function (c) {
      return (!view.rule || c.rule_id === view.rule) && (!view.status || c.status === view.status) &&
        (!view.state || (view.state === OPEN_ONLY ? !c.openRank : c.state === view.state)) &&
        (!view.region || c.region_code === view.region) && (!view.category || c.category === view.category) &&
        (!q || searchText(c).indexOf(q) >= 0);
    });
    return view.sort ? list.sort(compare) : list;  // `cases` is already in the default order
  }

  function caseRow(c) {
    var ruleCell = el("td", "", [c.rule_name_zh + " ", el("code", "", [c.rule_id])]);
    var tr = el("tr", "", [el("td", "", [c.household_id]), el("td", "", [c.region_shown]), el("td", "", [c.category]),
      ruleCell, el("td", "", [stateBadge(c.state)]), el("td", "", [badge(c.status)]), el("td", "n", [c.value]),
      el("td", "n", [c.threshold]), el("td", "", [c.members])]);
    tr.tabIndex = 0;
    tr.dataset.household = c.household_id;
    tr.dataset.rule = c.rule_id;
    tr.dataset.state = c.state;
    return tr;
  }

  function render() {
    var list = selected(), pages = Math.max(1, Math.ceil(list.length / PAGE));
    view.page = Math.min(view.page, pages - 1);
    var body = $("case-rows"), frag = document.createDocumentFragment();
    list.slice(view.page * PAGE, (view.page + 1) * PAGE).forEach(function (c) { frag.appendChild(caseRow(c)); });
    body.replaceChildren(frag);
    var households = new Set(list.map(household)).size;
    var count = $("case-count");
    count.dataset.shown = String(list.length);
    count.textContent = "显示 " + list.length + " / 共 " + cases.length + " 条标记（" + households + " 户）";
    renderPager(pages);
    document.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.classList.toggle("asc", th.dataset.sort === view.sort && view.dir === 1);
      th.classList.toggle("desc", th.dataset.sort === view.sort && view.dir === -1);
    });
  }
  function renderPager(pages) {
    function go(label, page, disabled) {
      var b = el("button", "", [label]); b.type = "button"; b.disabled = disabled;
      b.addEventListener("click", function () { view.page = page; render(); });
      return b;
    }
    $("pager").replaceChildren(go("« 首页", 0, view.page === 0), go("‹ 上一页", view.page - 1, view.page === 0),
      el("span", "", ["第 " + (view.page + 1) + " / " + pages + " 页"]),
      go("下一页 ›", view.page + 1, view.page >= pages - 1), go("末页 »", pages - 1, view.page >= pages - 1));
  }

  [["f-rule", "rule"], ["f-state", "state"], ["f-status", "status"], ["f-region", "region"],
    ["f-category", "category"]].forEach(function (p) {
    $(p[0]).addEventListener("change", function (ev) { view[p[1]] = ev.target.value; view.page = 0; render(); });
  });
  $("f-search").addEventListener("input", function (ev) { view.q = ev.target.value; view.page = 0; render(); });
  $("f-reset").addEventListener("click", function () {
    $("filters").reset();
    Object.assign(view, { rule: "", state: "", status: "", region: "", category: "", q: "", sort: "", dir: 1, page: 0 });
    render();
  });
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      view.dir = view.sort === th.dataset.sort ? -view.dir : 1; view.sort = th.dataset.sort; render();
    });
  });
  function rowEvent(ev) {
    var tr = ev.target.closest("tr[data-household]");
    if (tr && (ev.type === "click" || ev.key === "Enter")) location.hash = "case=" + encodeURIComponent(tr.dataset.household);
  }
  $("case-rows").addEventListener("click", rowEvent);
  $("case-rows").addEventListener("keydown", rowEvent);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") closeCase(); });
  function fromHash() {
    var m = /^#case=(.*)$/.exec(location.hash);
    try { if (m) openCase(decodeURIComponent(m[1])); } catch (e) { /* malformed link: ignore */ }
  }
  window.addEventListener("hashchange", fromHash);
  render();
  fromHash();
  // The case list is drawn and answers clicks: benchmarks/report_stage.py reads this mark.
  if (window.performance && performance.mark) performance.mark("hecha:cases-ready");
