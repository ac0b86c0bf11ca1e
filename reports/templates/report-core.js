  // report-core.js — the data and the helpers shared by the panel and the list.
  // Every value is inserted with textContent / createTextNode: never as HTML.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var L = data.labels, PAGE = 50, SEP = "\u0001", OPEN_ONLY = "\u0001open";
  var collator = new Intl.Collator("zh-CN");

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
  // "label code" (e.g. "身份证号 id"), or the code alone when it has no label.
  function shown(map, code) { var l = lab(map, code); return l && l !== code ? l + " " + code : (code || ""); }
  function badge(status) { return el("span", "badge " + status, [lab(L.status, status)]); }
  function num(s) { return s !== "" && isFinite(Number(s)) ? Number(s) : null; }

  // States come from the bundle's table, in display order; an unknown id counts as open.
  var stateOf = new Map(data.states.map(function (s, i) { return [s.id, Object.assign({ rank: i }, s)]; }));
  function stateInfo(id) {
    return stateOf.get(id) || { id: id, label: id, is_open: true, meaning: "", rank: data.states.length };
  }
  function stateBadge(id) {
    var s = stateInfo(id), text = s.label && s.label !== id ? s.label + " " : "";
    var b = el("span", "badge state " + (s.is_open ? "open" : "closed"), [text, el("code", "", [id])]);
    b.dataset.state = id;
    if (s.meaning) b.title = s.meaning;
    return b;
  }

  var household = function (x) { return x.household_id; };
  var flagKey = function (x) { return x.household_id + SEP + x.rule_id; };
  var cases = rows(data.cases), decisionsOf = groupBy(rows(data.decisions), flagKey);
  var casesOf = groupBy(cases, household), panels = new Map();
  // A household's panel tables: its JSON text in data.panels, parsed the first time its panel opens.
  function panelOf(c) {
    if (!panels.has(c.panel)) {
      var t = JSON.parse(data.panels[c.panel]);
      var part = function (name) { return rows({ cols: data.panel_cols[name], rows: t[name] }); };
      var evidence = part("evidence");
      evidence.forEach(function (e) { e.explanation = data.explanations[e.explanation]; });
      panels.set(c.panel, { evidenceOf: groupBy(evidence, flagKey), tracesOf: groupBy(part("traces"), flagKey),
        problems: part("problems"), members: part("members") });
    }
    return panels.get(c.panel);
  }
  var ruleOf = new Map(rows(data.rules).map(function (r) { return [r.rule_id, r]; }));
  var $ = function (id) { return document.getElementById(id); };

  function table(headers, list, cells, nowrap) {
    var head = el("tr", "", headers.map(function (h) { return el("th", "", [h]); }));
    var body = list.map(function (x) {
      return el("tr", "", cells(x).map(function (v, i) { return el("td", nowrap && nowrap[i] ? "nowrap" : "", [v]); }));
    });
    return el("table", "grid", [el("thead", "", [head]), el("tbody", "", body)]);
  }
  function section(cls, title, kids) { return el("div", cls, [el("h3", "", [title])].concat(kids)); }
