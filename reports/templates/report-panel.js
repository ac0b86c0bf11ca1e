  // report-panel.js — the household panel (一户一档): facts, members, every flag, data problems.
  function explanation(items) {
    if (typeof items === "string") return el("span", "v", [items]);
    return el("ul", "expl", items.map(function (i) {
      var w = i[2] === null ? "" : " (" + (i[2] > 0 ? "+" : "") + i[2] + ")";
      return el("li", "", [shown(L.comparison, i[0]) + "：" + shown(L.level, i[1]) + w]);
    }));
  }
  function evidenceTable(list) {
    var t = table(["来源 source", "记录号 record", "日期 date", "成员 member", "身份证 ID", "贡献 contribution",
      "说明 detail", "匹配 link", "得分 score", "决定 decision", "匹配依据 explanation"], list, function (e) {
      return [shown(L.source, e.source), e.record_id, e.record_date, e.member_no + " " + e.member_name,
        e.id_masked, e.contribution, e.detail, lab(L.method, e.method), e.score === null ? "" : e.score.toFixed(3),
        lab(L.decision, e.decision), explanation(e.explanation)];
    }, [0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
    t.classList.add("evidence");
    return t;
  }
  function valueLine(c, rule) {
    var unit = rule && rule.value_unit ? " " + rule.value_unit : "";
    var what = rule && rule.per_capita ? "人均数值 value per person " : "数值 value ";
    return el("p", "compare", [what, el("b", "v", [c.value]), el("span", "unit", [unit]),
      "　对比阈值 threshold ", el("b", "v", [c.threshold]), el("span", "unit", [unit])]);
  }
  function changedBlock(c) {
    var refs = [["新增记录 records new", c.records_new], ["消失记录 records gone", c.records_gone],
      ["内容有变的记录 records changed", c.records_changed]];
    var items = refs.filter(function (r) { return r[1]; }).map(function (r) {
      return el("li", "", [r[0] + "：", el("span", "v", [r[1].split(";").join("、")])]);
    });
    [["数值 value", c.value_before, c.value], ["阈值 threshold", c.threshold_before, c.threshold]].forEach(function (v) {
      if (v[1]) items.push(el("li", "", [v[0] + "：", el("span", "v", [v[1]]), " → ", el("span", "v", [v[2]])]));
    });
    if (!items.length) items.push(el("li", "", ["证据内容有变化 the evidence changed"]));
    return section("changed", "自上次决定以来的变化 what changed (重开 reopened)", [el("ul", "", items)]);
  }
  function historyBlock(list) {
    if (!list.length) return section("history", "核实记录 decision history", [el("p", "note", ["尚无决定 no decision yet"])]);
    return section("history", "核实记录 decision history", [table(["日期 decided_on", "状态 state", "核实人 reviewer",
      "备注 note", "录入时间 imported_at"], list, function (d) {
      var note = el("span", "", [d.note]);
      if (!d.current) note.appendChild(el("small", "stale", [" （基于此前的证据 on earlier evidence）"]));
      return [d.decided_on, stateBadge(d.state), d.reviewer, note, d.imported_at];
    }, [1, 1, 0, 0, 1])]);
  }
  function flagBlock(c, panel) {
    var key = flagKey(c), rule = ruleOf.get(c.rule_id), ev = panel.evidenceOf.get(key) || [];
    var tr = panel.tracesOf.get(key) || [];
    var kids = [el("h3", "", [stateBadge(c.state), " ", c.rule_name_zh + " ", el("code", "", [c.rule_id]), " ",
      badge(c.status), " ", el("small", "", [c.rule_name_en])])];
    if (c.carry) kids.push(el("p", "note carry", ["本次 this run: " + shown(L.carry, c.carry)]));
    if (rule && rule.description) kids.push(el("p", "rule-desc", [rule.description]));
    kids.push(valueLine(c, rule));
    if (c.carry === "reopened") kids.push(changedBlock(c));
    kids.push(historyBlock(decisionsOf.get(key) || []));
    if (tr.length) kids.push(section("traces", "参数 parameters", [table(["参数 parameter", "键 key", "取值 value",
      "生效日期 effective from", "规则版本 version"], tr, function (t) {
      return [t.parameter, t.key, t.value, t.effective_from, t.rules_version];
    })]));
    kids.push(el("p", "note", ["证据 evidence: " + ev.length + " 条"]), evidenceTable(ev));
    var box = el("div", "flag " + c.status, kids);
    box.dataset.rule = c.rule_id;
    box.dataset.state = c.state;
    return box;
  }
  function membersBlock(list) {
    if (!list.length) return section("members", "家庭成员 members", [el("p", "note", ["未提供成员信息 no member data"])]);
    return section("members", "家庭成员 members (" + list.length + ")", [table(["序号 no.", "关系 relation", "姓名 name",
      "身份证号（脱敏）ID (masked)", "性别 gender", "出生日期 birth date", "身份证问题 ID problem"], list, function (m) {
      return [m.member_no, m.relation, m.name, m.id_masked, m.gender, m.birth_date, shown(L.id_problem, m.id_problem)];
    }, [1, 1, 0, 1, 1, 1, 0])]);
  }
  function householdFacts(id, flags) {
    var open = flags.filter(function (c) { return stateInfo(c.state).is_open; }).length;
    var facts = [["户编号 household", id], ["地区 region", flags[0].region_shown], ["困难类别 category", flags[0].category],
      ["标记 flags", flags.length + " 条（未结 open " + open + "）"]];
    return el("dl", "household", facts.map(function (f) {
      return el("div", "", [el("dt", "", [f[0]]), el("dd", "v", [f[1]])]);
    }));
  }
  function openCase(id) {
    var flags = (casesOf.get(id) || []).slice().sort(function (a, b) { return a.order - b.order; });
    if (!flags.length) return;
    var close = el("button", "", ["关闭 close ✕"]); close.type = "button"; close.id = "panel-close";
    close.addEventListener("click", closeCase);
    var panel = $("case-panel"), tables = panelOf(flags[0]), probs = tables.problems;
    var kids = [el("h2", "", [el("span", "", ["户 ", el("span", "v", [id]), " 一户一档"]), close]),
      householdFacts(id, flags), membersBlock(tables.members), el("h3", "", ["标记 flags"])];
    flags.forEach(function (c) { kids.push(flagBlock(c, tables)); });
    if (probs.length) kids.push(section("problems", "数据问题 data problems", [table(["规则 rule", "问题 problem"], probs,
      function (p) { return [p.rule_id, p.problem]; })]));
    panel.replaceChildren.apply(panel, kids);
    panel.dataset.household = id;
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closeCase() { $("case-panel").hidden = true; if (location.hash) history.replaceState(null, "", location.pathname + location.search); }
