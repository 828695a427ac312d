/* kg graph page (see kg/exporters/html.py).
 *
 * Data comes only from the JSON data blocks (script elements of type application/json) and reaches the DOM
 * through textContent / text nodes: never innerHTML. vis-network draws labels on a canvas
 * and shows string titles with innerText.
 *
 * window.kg is the page's API (used by the tests and handy in the console).
 */
(() => {
  "use strict";
  window.kgStartMs = performance.now();

  const $ = (id) => document.getElementById(id);
  const readJson = (id) => JSON.parse($(id).textContent);

  const META = readJson("kg-meta");
  const CLASSES = META.classes;
  const PROPS = META.props;
  const PROP_LABELS = META.propLabels;

  // ---- DOM helper: text only -------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "color") node.style.background = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }
  const swatch = (cls) => el("span", { class: "kg-swatch", color: CLASSES[cls].color });

  // ---- the compact index (parsed on first use) ---------------------------------------
  let INDEX = null;
  function index() {
    if (INDEX === null) {
      const raw = readJson("kg-index");
      INDEX = { nodes: raw.nodes, edges: raw.edges, byIri: null, offsets: null, incident: null };
    }
    return INDEX;
  }
  const row = (i) => index().nodes[i];
  const labelOf = (i) => row(i)[2];
  const degreeOf = (i) => row(i)[3];
  const yearsOf = (i) => row(i)[4] || [];
  function iriOf(i) {
    const rel = row(i)[0];
    return rel.includes(":") ? rel : META.base + rel;
  }
  function idOf(iri) {
    const idx = index();
    if (idx.byIri === null) {
      idx.byIri = new Map();
      idx.nodes.forEach((_, i) => idx.byIri.set(iriOf(i), i));
    }
    return idx.byIri.has(iri) ? idx.byIri.get(iri) : -1;
  }
  // Incident edges of every node, as a CSR table (edge numbers), built on first use.
  function incident(i) {
    const idx = index();
    if (idx.offsets === null) {
      const n = idx.nodes.length, e = idx.edges, m = e.length / 3;
      const offsets = new Int32Array(n + 1);
      for (let k = 0; k < m; k++) { offsets[e[3 * k] + 1]++; offsets[e[3 * k + 1] + 1]++; }
      for (let j = 0; j < n; j++) offsets[j + 1] += offsets[j];
      const fill = offsets.slice(0, n);
      const list = new Int32Array(2 * m);
      for (let k = 0; k < m; k++) { list[fill[e[3 * k]]++] = k; list[fill[e[3 * k + 1]]++] = k; }
      idx.offsets = offsets;
      idx.incident = list;
    }
    return idx.incident.subarray(idx.offsets[i], idx.offsets[i + 1]);
  }
  function neighbours(i) {
    const e = index().edges, out = [];
    for (const k of incident(i)) {
      const s = e[3 * k], o = e[3 * k + 1], p = e[3 * k + 2];
      if (s === i && o === i) continue;
      out.push(s === i ? { k, other: o, p, out: true } : { k, other: s, p, out: false });
    }
    return out;
  }

  // ---- node and edge objects (same as kg/exporters/html.py) -----------------------
  function shortLabel(label) {
    const chars = Array.from(label);
    return chars.length <= META.labelMax ? label : chars.slice(0, META.labelMax - 1).join("") + "…";
  }
  function tooltip(i) {
    const r = row(i), c = CLASSES[r[1]];
    const en = r[5] || "", abbr = r[6] || "", aliases = r[7] || [], years = yearsOf(i);
    const lines = [r[2]];
    if (en && abbr) lines.push(`${en} (${abbr})`);
    else if (en || abbr) lines.push(en || abbr);
    if (aliases.length) lines.push("别名：" + aliases.slice(0, 8).join("、"));
    lines.push(`${c.zh} · ${c.en}`);
    if (years.length) {
      const first = years[0], last = years[years.length - 1];
      lines.push(first === last ? `年份：${first}` : `年份：${first}–${last}`);
    }
    return lines.join("\n");
  }
  function makeNode(i) {
    const r = row(i);
    return {
      color: CLASSES[r[1]].color, value: r[3], title: tooltip(i), cls: r[1], yrs: yearsOf(i).slice(),
      id: i, label: shortLabel(r[2]), shape: "dot",
    };
  }
  function makeEdge(k) {
    const e = index().edges, p = e[3 * k + 2], prop = PROPS[p];
    return {
      id: k, label: prop.zh, title: `${prop.zh} · ${prop.curie}`, p,
      from: e[3 * k], to: e[3 * k + 1], arrows: "to",
    };
  }

  // ---- filters ------------------------------------------------------------------------
  const classOn = CLASSES.map(() => true);
  let yearFrom = META.yearMin, yearTo = META.yearMax;
  const yearFilterActive = () =>
    META.yearMin !== null && (yearFrom > META.yearMin || yearTo < META.yearMax);
  function passes(node) {
    if (!classOn[node.cls]) return false;
    if (!yearFilterActive()) return true;
    return node.yrs.some((y) => y >= yearFrom && y <= yearTo);
  }
  const yearPasses = (i) =>
    !yearFilterActive() || yearsOf(i).some((y) => y >= yearFrom && y <= yearTo);

  // ---- network --------------------------------------------------------------------------
  const nodes = new vis.DataSet(readJson("kg-nodes"));
  const edges = new vis.DataSet(readJson("kg-edges"));
  let visible = new Set();
  const nodeView = new vis.DataView(nodes, { filter: passes });
  const edgeView = new vis.DataView(edges, { filter: (e) => visible.has(e.from) && visible.has(e.to) });
  visible = new Set(nodeView.getIds());
  edgeView.refresh();

  const options = readJson("kg-options");
  // Node area grows with the square root of the degree, so hubs do not swamp the view.
  options.nodes.scaling.customScalingFunction = (min, max, total, value) =>
    max === min ? 0.35 : Math.sqrt((value - min) / (max - min));
  window.kgDataMs = performance.now();
  $("kg-stats").textContent = statsText();
  const network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, options);

  let ready = false;
  // Any physics option without enabled: false turns physics back on (vis-network), so the
  // stabilisation settings for later runs go in the same call.
  function physicsOff() {
    network.setOptions({ physics: { enabled: false, stabilization: { fit: false } } });
  }
  function markReady() {
    if (ready) return;
    ready = true;
    physicsOff();
    $("kg-loading").hidden = true;
    window.kgReadyMs = performance.now();
    window.kgReady = true;
    document.dispatchEvent(new CustomEvent("kg:ready"));
  }
  network.on("stabilizationProgress", (p) => {
    $("kg-progress").textContent = `${Math.round((100 * p.iterations) / p.total)}%`;
  });
  network.on("stabilizationIterationsDone", () => (ready ? physicsOff() : markReady()));
  if (nodeView.length === 0) markReady();

  function relayout() {
    if (nodeView.length === 0) return;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(120);
  }
  function savePositions() {
    const pos = network.getPositions();
    const updates = Object.keys(pos).map((id) => ({ id: Number(id), x: pos[id].x, y: pos[id].y }));
    if (updates.length) nodes.update(updates);
  }
  function refresh() {
    savePositions();
    nodeView.refresh();
    visible = new Set(nodeView.getIds());
    edgeView.refresh();
    updateStats();
  }
  function statsText() {
    const mode = META.overview ? " · 概览" : "";
    return `显示 ${nodeView.length} / ${META.total} 个实体 · ${edgeView.length} 条关系${mode}`;
  }
  function updateStats() {
    const text = statsText();
    $("kg-stats").textContent = text;
    $("kg-stats").title = text;
  }

  // ---- adding nodes (overview mode, search hits, panel links) ----------------------
  function addNodes(list, anchor) {
    const fresh = [...new Set(list)].filter((i) => nodes.get(i) === null);
    if (!fresh.length) return 0;
    savePositions();
    const placed = new Map();
    const positionOf = (j) => {
      if (placed.has(j)) return placed.get(j);
      const n = nodes.get(j);
      return n && typeof n.x === "number" ? { x: n.x, y: n.y } : null;
    };
    const objects = fresh.map((i, n) => {
      let centre = anchor !== undefined && anchor !== null ? positionOf(anchor) : null;
      if (!centre) {
        for (const nb of neighbours(i)) { centre = positionOf(nb.other); if (centre) break; }
      }
      centre = centre || { x: 0, y: 0 };
      const angle = n * 2.399963, radius = 90 + 14 * Math.sqrt(n);
      const node = makeNode(i);
      node.x = centre.x + radius * Math.cos(angle);
      node.y = centre.y + radius * Math.sin(angle);
      placed.set(i, { x: node.x, y: node.y });
      return node;
    });
    nodes.add(objects);
    const newEdges = new Map();
    for (const i of fresh) {
      for (const nb of neighbours(i)) {
        if (!newEdges.has(nb.k) && nodes.get(nb.other) !== null && edges.get(nb.k) === null) {
          newEdges.set(nb.k, makeEdge(nb.k));
        }
      }
    }
    edges.add([...newEdges.values()]);
    refresh();
    relayout();
    return fresh.length;
  }
  const byDegree = (a, b) => degreeOf(b) - degreeOf(a) || a - b;
  function expand(i, limit) {
    const missing = [...new Set(neighbours(i).map((nb) => nb.other))]
      .filter((j) => nodes.get(j) === null && classOn[row(j)[1]] && yearPasses(j));
    missing.sort(byDegree);
    return addNodes(missing.slice(0, limit === undefined ? META.expandLimit : limit), i);
  }
  function expandYears() {
    const room = META.maxNodes - nodes.length;
    const todo = [];
    index().nodes.forEach((r, i) => {
      if (classOn[r[1]] && yearPasses(i) && nodes.get(i) === null) todo.push(i);
    });
    todo.sort(byDegree);
    const added = addNodes(todo.slice(0, Math.max(room, 0)));
    if (todo.length > added) {
      $("kg-stats").textContent += ` · 还有 ${todo.length - added} 个未显示（上限 ${META.maxNodes}）`;
    }
    return added;
  }

  // ---- selection and the side panel --------------------------------------------------
  let PANEL = null;
  const panelData = () => (PANEL === null ? (PANEL = readJson("kg-panel-data")) : PANEL);
  let current = null;

  function selectNode(ref, opts) {
    const o = Object.assign({ focus: true, expand: META.overview }, opts || {});
    const i = typeof ref === "number" ? ref : idOf(String(ref));
    if (!(i >= 0 && i < index().nodes.length)) return false;
    if (nodes.get(i) === null) addNodes([i]);
    if (o.expand) expand(i);
    const shown = nodeView.get(i) !== null;
    if (shown) {
      network.selectNodes([i]);
      if (o.focus) {
        // Keep the node clear of the side panel.
        const panel = $("kg-panel").getBoundingClientRect().width || 400;
        network.focus(i, { scale: Math.max(network.getScale(), 0.9), offset: { x: -panel / 2, y: 0 }, animation: false });
      }
    } else {
      network.unselectAll();
    }
    openPanel(i, shown);
    return true;
  }

  function moreButton(list, render, container, step) {
    let shownCount = 0;
    const button = el("button", { type: "button", class: "kg-more" });
    const next = () => {
      const end = Math.min(list.length, shownCount + step);
      for (; shownCount < end; shownCount++) container.insertBefore(render(list[shownCount]), button);
      button.textContent = `更多（还有 ${list.length - shownCount}）`;
      button.hidden = shownCount >= list.length;
    };
    button.addEventListener("click", next);
    container.append(button);
    next();
  }

  function neighbourButton(j) {
    return el("button", {
      type: "button", class: "kg-nb", title: `${labelOf(j)} · ${CLASSES[row(j)[1]].zh}`,
      "data-node": j, onclick: () => selectNode(j),
    }, swatch(row(j)[1]), el("span", { class: "kg-nb-text", text: shortLabel(labelOf(j)) }));
  }

  function openPanel(i, shown) {
    current = i;
    const r = row(i), c = CLASSES[r[1]];
    const data = panelData().nodes[String(i)] || {};
    const body = $("kg-panel-body");
    body.replaceChildren();

    body.append(el("div", { class: "kg-badge" }, swatch(r[1]), `${c.zh} · ${c.en}`));
    body.append(el("h2", { id: "kg-panel-title", text: r[2] }));
    if (r[5] || r[6]) body.append(el("p", { class: "kg-sub", text: [r[5], r[6]].filter(Boolean).join(" · ") }));
    body.append(el("p", { class: "kg-iri", text: iriOf(i) }));
    if (!shown) body.append(el("p", { class: "kg-warn", text: "当前筛选条件下此实体已隐藏。Hidden by the current filters." }));

    const facts = data.f || [];
    if (facts.length) {
      body.append(el("h3", { text: "名称与属性 · Labels and properties" }));
      const table = el("table", { class: "kg-facts" });
      for (const [prop, value, tag] of facts) {
        const names = PROP_LABELS[prop];
        table.append(el("tr", null,
          el("th", { title: prop, text: names ? names[0] : prop }),
          el("td", null, value, tag ? el("span", { class: "kg-tag", text: tag }) : null)));
      }
      body.append(table);
    }

    const nbs = neighbours(i);
    body.append(el("h3", { text: `关联实体 · Neighbours（${new Set(nbs.map((n) => n.other)).size}）` }));
    const groups = new Map();
    for (const nb of nbs) {
      const key = `${nb.out ? 0 : 1}|${nb.p}`;
      if (!groups.has(key)) groups.set(key, { nb, items: new Set() });
      groups.get(key).items.add(nb.other);
    }
    const sortedGroups = [...groups.values()].sort((a, b) =>
      (a.nb.out === b.nb.out ? 0 : a.nb.out ? -1 : 1) || PROPS[a.nb.p].zh.localeCompare(PROPS[b.nb.p].zh, "zh"));
    for (const { nb, items } of sortedGroups) {
      const prop = PROPS[nb.p];
      const title = nb.out ? `${prop.zh} → ` : `← ${prop.zh}`;
      const group = el("div", { class: "kg-group" },
        el("div", { class: "kg-group-title", title: prop.curie, text: `${title}（${items.size}）  ${prop.curie}` }));
      const list = [...items].sort(byDegree);
      moreButton(list, neighbourButton, group, 30);
      body.append(group);
    }
    const missing = nbs.filter((nb) => nodes.get(nb.other) === null).length;
    if (missing) {
      body.append(el("button", {
        type: "button", class: "kg-expand", text: `把 ${META.expandLimit} 个邻居加入视图 · Add neighbours`,
        onclick: () => { expand(i); openPanel(i, nodeView.get(i) !== null); },
      }));
    }

    const quotes = data.q || [];
    body.append(el("h3", { text: `原文引用 · Source quotes（${quotes.length}）` }));
    if (!quotes.length) body.append(el("p", { class: "kg-en", text: "无 · none" }));
    const files = panelData().files;
    const quoteBox = el("div", { class: "kg-quotes" });
    moreButton(quotes, ([exact, file, notice, field, start]) => {
      const name = file >= 0 ? files[file] : "";
      const source = notice >= 0
        ? el("button", { type: "button", class: "kg-file", title: labelOf(notice), text: name || labelOf(notice), onclick: () => selectNode(notice) })
        : el("span", { class: "kg-file", text: name });
      return el("div", { class: "kg-quote" },
        el("p", { class: "kg-quote-text", text: `“${exact}”` }),
        el("p", { class: "kg-quote-src" }, source,
          field ? el("span", { text: field }) : null,
          start >= 0 ? el("span", { text: `@${start}` }) : null));
    }, quoteBox, 20);
    body.append(quoteBox);

    $("kg-panel").hidden = false;
    $("kg-panel").scrollTop = 0;
  }
  function closePanel() {
    $("kg-panel").hidden = true;
    current = null;
    network.unselectAll();
  }
  $("kg-panel-close").addEventListener("click", closePanel);
  network.on("click", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0], { focus: false });
    else if (!params.edges.length) closePanel();
  });

  // ---- search ------------------------------------------------------------------------
  let NAMES = null;
  const norm = (s) => String(s).normalize("NFKC").toLowerCase().trim();
  function names() {
    if (NAMES === null) {
      NAMES = index().nodes.map((r) => [r[2], r[5], r[6], ...(r[7] || [])].filter(Boolean).map(norm));
    }
    return NAMES;
  }
  function search(query, limit) {
    const q = norm(query);
    if (!q) return [];
    const hits = [];
    names().forEach((list, i) => {
      let best = 3;
      for (const name of list) {
        if (name === q) { best = 0; break; }
        if (best > 1 && name.startsWith(q)) best = 1;
        else if (best > 2 && name.includes(q)) best = 2;
      }
      if (best < 3) hits.push([best, i]);
    });
    hits.sort((a, b) => a[0] - b[0] || byDegree(a[1], b[1]));
    return hits.slice(0, limit || 12).map((h) => h[1]);
  }
  const searchBox = $("kg-search"), results = $("kg-results");
  let hitList = [], activeHit = 0;
  function showResults() {
    hitList = search(searchBox.value);
    activeHit = 0;
    results.replaceChildren();
    if (!searchBox.value.trim()) { results.hidden = true; return; }
    if (!hitList.length) results.append(el("li", { class: "kg-empty", text: "没有匹配 · No match" }));
    hitList.forEach((i, n) => {
      const r = row(i);
      results.append(el("li", {
        role: "option", class: n === 0 ? "kg-active" : null, "data-node": i,
        onmousedown: (ev) => { ev.preventDefault(); pick(i); },
      }, swatch(r[1]), el("span", { class: "kg-r-label", text: shortLabel(r[2]) }),
      el("span", { class: "kg-r-meta", text: [r[6], CLASSES[r[1]].zh].filter(Boolean).join(" · ") })));
    });
    results.hidden = false;
  }
  function pick(i) {
    results.hidden = true;
    selectNode(i);
  }
  let searchTimer = null;
  searchBox.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(showResults, 120);
  });
  searchBox.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      clearTimeout(searchTimer);
      showResults();
      if (hitList.length) pick(hitList[activeHit] ?? hitList[0]);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!hitList.length) return;
      ev.preventDefault();
      activeHit = (activeHit + (ev.key === "ArrowDown" ? 1 : hitList.length - 1)) % hitList.length;
      [...results.children].forEach((li, n) => li.classList.toggle("kg-active", n === activeHit));
    }
  });
  searchBox.addEventListener("blur", () => setTimeout(() => { results.hidden = true; }, 150));

  // ---- filter controls -------------------------------------------------------------
  for (const box of document.querySelectorAll("#kg-legend input[type=checkbox]")) {
    box.addEventListener("change", () => {
      classOn[Number(box.dataset.cls)] = box.checked;
      refresh();
    });
  }
  const fromBox = $("kg-year-from"), toBox = $("kg-year-to");
  function setYears(from, to) {
    if (META.yearMin === null) return;
    const clamp = (y, dflt) => (Number.isFinite(y) ? Math.min(META.yearMax, Math.max(META.yearMin, Math.round(y))) : dflt);
    yearFrom = clamp(from, META.yearMin);
    yearTo = clamp(to, META.yearMax);
    if (yearFrom > yearTo) [yearFrom, yearTo] = [yearTo, yearFrom];
    fromBox.value = String(yearFrom);
    toBox.value = String(yearTo);
    refresh();
  }
  const onYears = () => setYears(parseInt(fromBox.value, 10), parseInt(toBox.value, 10));
  fromBox.addEventListener("change", onYears);
  toBox.addEventListener("change", onYears);
  $("kg-year-reset").addEventListener("click", () => setYears(META.yearMin, META.yearMax));
  $("kg-expand-years").addEventListener("click", expandYears);
  function setClass(key, on) {
    const c = CLASSES.findIndex((cls) => cls.key === key);
    if (c < 0) return false;
    const box = document.querySelector(`#kg-legend input[data-cls="${c}"]`);
    box.checked = on;
    classOn[c] = on;
    refresh();
    return true;
  }

  updateStats();
  window.kg = {
    network, nodes, edges, nodeView, edgeView, meta: META,
    visibleIds: () => nodeView.getIds(),
    iriOf, idOf, makeNode, makeEdge, search, selectNode, expand, expandYears, setYears, setClass,
    current: () => current,
  };
})();
