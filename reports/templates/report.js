(function () {
  "use strict";
  // Every value is inserted with textContent / createTextNode: never as HTML.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var L = data.labels, PAGE = 50, SEP = "\u0001";

  function rows(t) {
    return t.rows.map(function (r) {
      var o = {}; t.cols.forEach(function (c, i) { o[c] = r[i]; }); return o;
    });
  }
  function groupBy(list, keyOf) {
    var m = new Map();
    list.forEach(function (x) { var k = keyOf(x); if (!m.has(k)) m.set(k, []); m.get(k).push(x); });
    return m;
  }
  function el(tag, cls, kids) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    (kids || []).forEach(function (k) {
      e.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
    });
    return e;
  }
  function lab(map, code) { return (map && map[code]) || code || ""; }
  function badge(status) { return el("span", "badge " + status, [lab(L.status, status)]); }
  function num(s) { return s !== "" && isFinite(Number(s)) ? Number(s) : null; }

  var cases = rows(data.cases), evidence = rows(data.evidence), traces = rows(data.traces);
  var problems = groupBy(rows(data.problems), function (p) { return p.household_id; });
  var flagKey = function (x) { return x.household_id + SEP + x.rule_id; };
  var evidenceOf = groupBy(evidence, flagKey), tracesOf = groupBy(traces, flagKey);
  var casesOf = groupBy(cases, function (c) { return c.household_id; });
  cases.forEach(function (c) {
    var names = (evidenceOf.get(flagKey(c)) || []).map(function (e) { return e.member_name; });
    c.members = Array.from(new Set(names.filter(Boolean))).join("、");
    c.search = [c.household_id, c.region_code, c.category, c.rule_id, c.rule_name_zh, c.rule_name_en,
      lab(L.status, c.status), c.value, c.threshold, c.evidence, c.members].join(" ").toLowerCase();
  });

  var state = { rule: "", status: "", region: "", category: "", q: "", sort: "household_id", dir: 1, page: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function fillSelect(id, key, text) {
    var seen = new Map();
    cases.forEach(function (c) { if (!seen.has(c[key])) seen.set(c[key], text(c)); });
    Array.from(seen.keys()).sort().forEach(function (v) {
      var o = el("option", "", [seen.get(v) || "（空）"]); o.value = v; $(id).appendChild(o);
    });
  }
  fillSelect("f-rule", "rule_id", function (c) { return c.rule_name_zh + " " + c.rule_id; });
  fillSelect("f-status", "status", function (c) { return lab(L.status, c.status) + " " + c.status; });
  fillSelect("f-region", "region_code", function (c) { return c.region_code; });
  fillSelect("f-category", "category", function (c) { return c.category; });

  function compare(a, b) {
    var x = a[state.sort], y = b[state.sort], nx = num(x), ny = num(y);
    var r = nx !== null && ny !== null ? nx - ny : String(x).localeCompare(String(y), "zh-CN");
    return r * state.dir || a.household_id.localeCompare(b.household_id) || a.rule_id.localeCompare(b.rule_id);
  }
  function selected() {
    var q = state.q.trim().toLowerCase();
    return cases.filter(function (c) {
      return (!state.rule || c.rule_id === state.rule) && (!state.status || c.status === state.status) &&
        (!state.region || c.region_code === state.region) && (!state.category || c.category === state.category) &&
        (!q || c.search.indexOf(q) >= 0);
    }).sort(compare);
  }

  function caseRow(c) {
    var ruleCell = el("td", "", [c.rule_name_zh + " ", el("code", "", [c.rule_id])]);
    var tr = el("tr", "", [el("td", "", [c.household_id]), el("td", "", [c.region_code]), el("td", "", [c.category]),
      ruleCell, el("td", "", [badge(c.status)]), el("td", "n", [c.value]), el("td", "n", [c.threshold]),
      el("td", "", [c.members])]);
    tr.tabIndex = 0;
    tr.dataset.household = c.household_id;
    tr.dataset.rule = c.rule_id;
    return tr;
  }

  function render() {
    var list = selected(), pages = Math.max(1, Math.ceil(list.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var body = $("case-rows"), frag = document.createDocumentFragment();
    list.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (c) { frag.appendChild(caseRow(c)); });
    body.replaceChildren(frag);
    var households = new Set(list.map(function (c) { return c.household_id; })).size;
    var count = $("case-count");
    count.dataset.shown = String(list.length);
    count.textContent = "显示 " + list.length + " / 共 " + cases.length + " 条标记（" + households + " 户）";
    renderPager(pages);
    document.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.classList.toggle("asc", th.dataset.sort === state.sort && state.dir === 1);
      th.classList.toggle("desc", th.dataset.sort === state.sort && state.dir === -1);
    });
  }
  function renderPager(pages) {
    function go(label, page, disabled) {
      var b = el("button", "", [label]); b.type = "button"; b.disabled = disabled;
      b.addEventListener("click", function () { state.page = page; render(); });
      return b;
    }
    $("pager").replaceChildren(go("« 首页", 0, state.page === 0), go("‹ 上一页", state.page - 1, state.page === 0),
      el("span", "", ["第 " + (state.page + 1) + " / " + pages + " 页"]),
      go("下一页 ›", state.page + 1, state.page >= pages - 1), go("末页 »", pages - 1, state.page >= pages - 1));
  }

  function table(headers, list, cells, nowrap) {
    var head = el("tr", "", headers.map(function (h) { return el("th", "", [h]); }));
    var body = list.map(function (x) {
      return el("tr", "", cells(x).map(function (v, i) { return el("td", nowrap && nowrap[i] ? "nowrap" : "", [v]); }));
    });
    return el("table", "grid", [el("thead", "", [head]), el("tbody", "", body)]);
  }
  function explanation(items) {
    if (typeof items === "string") return el("span", "v", [items]);
    return el("ul", "expl", items.map(function (i) {
      var w = i[2] === null ? "" : " (" + (i[2] > 0 ? "+" : "") + i[2] + ")";
      return el("li", "", [i[0] + ": " + i[1] + w]);
    }));
  }
  function evidenceTable(list) {
    return table(["来源 source", "记录号 record", "日期 date", "成员 member", "身份证 ID", "贡献 contribution",
      "说明 detail", "匹配 link", "得分 score", "决定 decision", "匹配依据 explanation"], list, function (e) {
      return [lab(L.source, e.source) + " " + e.source, e.record_id, e.record_date, e.member_no + " " + e.member_name,
        e.id_masked, e.contribution, e.detail, lab(L.method, e.method), e.score === null ? "" : e.score.toFixed(3),
        lab(L.decision, e.decision), explanation(e.explanation)];
    }, [0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
  }
  function flagBlock(c) {
    var key = flagKey(c), ev = evidenceOf.get(key) || [], tr = tracesOf.get(key) || [];
    var kids = [el("h3", "", [c.rule_name_zh + " ", el("code", "", [c.rule_id]), " ", badge(c.status), " ",
      el("small", "", [c.rule_name_en])]),
      el("p", "compare", ["数值 value ", el("b", "v", [c.value]), "　对比阈值 threshold ", el("b", "v", [c.threshold])])];
    if (tr.length) kids.push(table(["参数 parameter", "键 key", "取值 value", "生效日期 effective from", "规则版本 version"],
      tr, function (t) { return [t.parameter, t.key, t.value, t.effective_from, t.rules_version]; }));
    kids.push(el("p", "note", ["证据 evidence: " + ev.length + " 条"]), evidenceTable(ev));
    var box = el("div", "flag " + c.status, kids);
    box.dataset.rule = c.rule_id;
    return box;
  }

  function openCase(household) {
    var flags = (casesOf.get(household) || []).slice().sort(function (a, b) { return a.rule_id.localeCompare(b.rule_id); });
    if (!flags.length) return;
    var close = el("button", "", ["关闭 close ✕"]); close.type = "button"; close.id = "panel-close";
    close.addEventListener("click", closeCase);
    var panel = $("case-panel"), first = flags[0], probs = problems.get(household) || [];
    var kids = [el("h2", "", [el("span", "", ["户 ", el("span", "v", [household])]), close]),
      el("p", "", ["地区 region " + first.region_code + "　类别 category " + first.category + "　标记 " + flags.length + " 条"])];
    flags.forEach(function (c) { kids.push(flagBlock(c)); });
    if (probs.length) kids.push(el("h3", "", ["数据问题 data problems"]), table(["规则 rule", "问题 problem"], probs,
      function (p) { return [p.rule_id, p.problem]; }));
    panel.replaceChildren.apply(panel, kids);
    panel.dataset.household = household;
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closeCase() { $("case-panel").hidden = true; if (location.hash) history.replaceState(null, "", location.pathname + location.search); }

  [["f-rule", "rule"], ["f-status", "status"], ["f-region", "region"], ["f-category", "category"]].forEach(function (p) {
    $(p[0]).addEventListener("change", function (ev) { state[p[1]] = ev.target.value; state.page = 0; render(); });
  });
  $("f-search").addEventListener("input", function (ev) { state.q = ev.target.value; state.page = 0; render(); });
  $("f-reset").addEventListener("click", function () {
    $("filters").reset(); Object.assign(state, { rule: "", status: "", region: "", category: "", q: "", page: 0 }); render();
  });
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      state.dir = state.sort === th.dataset.sort ? -state.dir : 1; state.sort = th.dataset.sort; render();
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
}());
