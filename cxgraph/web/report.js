// Draws the portfolio report from the JSON in #report-data with ECharts (bundled in the page).
// Every text from the portfolio goes in through textContent, never as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const charts = [];
  const STATUS = {
    OutcomeAchieved: { text: "met", colour: "#2e7d32" },
    OutcomeAtRisk: { text: "at risk", colour: "#ef8f00" },
    OutcomeNotAchieved: { text: "missed", colour: "#c62828" },
    OutcomeNotMeasured: { text: "not measured", colour: "#78909c" },
  };
  const SEVERITY_COLOUR = { violation: "#c62828", warning: "#ef8f00", info: "#1565c0" };

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Charts are drawn when they come near the screen (or before printing): a large
  // portfolio's report has hundreds, and drawing them all at once would freeze the page.
  const waiting = new Map();
  const observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) draw(entry.target);
  }, { rootMargin: "600px 0px" }) : null;

  function chart(container, height, option) {
    const box = el("div", { class: "chart", style: `height:${height}px` });
    container.append(box);
    waiting.set(box, option);
    if (observer) observer.observe(box);
    else draw(box);
  }

  function draw(box) {
    const option = waiting.get(box);
    if (option === undefined) return;
    waiting.delete(box);
    if (observer) observer.unobserve(box);
    const instance = echarts.init(box, null, { renderer: "svg" });
    instance.setOption(Object.assign({ animation: false }, option));
    charts.push(instance);
    document.body.dataset.drawn = String(charts.length);
  }

  function drawAll() {
    for (const box of [...waiting.keys()]) draw(box);
  }

  function section(id, title, intro) {
    const body = el("section", { id: id }, el("h2", {}, title));
    if (intro) body.append(el("p", { class: "intro" }, intro));
    document.getElementById("sections").append(body);
    document.getElementById("nav").append(el("a", { href: `#${id}` }, title));
    return body;
  }

  function badge(status) {
    const s = STATUS[status] || STATUS.OutcomeNotMeasured;
    return el("span", { class: "badge", style: `background:${s.colour}` }, s.text);
  }

  function findingList(findings) {
    if (!findings.length) return null;
    return el("ul", { class: "findings" }, ...findings.map((f) =>
      el("li", {}, el("span", { class: "sev", style: `color:${SEVERITY_COLOUR[f.severity]}` },
        f.severity), " ", el("code", {}, f.rule), " ", f.message)));
  }

  function header() {
    const s = data.summary;
    document.getElementById("verdict").append(
      el("span", { class: s.conforms ? "ok" : "bad" }, s.conforms ? "conforms" : "does not conform"),
      ` · ${s.violation} violations · ${s.warning} warnings · ${s.info} infos`);
  }

  function maturity() {
    const m = data.maturity;
    if (!m.relationships.length) return;
    const body = section("maturity", "Maturity matrix",
      "Each service relationship placed by the value maturity level of its customer (rows) " +
      "and of its provider (columns). Cells are coloured by the level gap; a red triangle " +
      "marks a mismatch the rules flag, an orange diamond a gap across the line between " +
      "inside-out and outside-in.");
    const levels = m.levels.length ? m.levels : ["1", "2", "3", "4", "5"];
    const cells = [];
    for (let c = 0; c < levels.length; c++) {
      for (let p = 0; p < levels.length; p++) cells.push([p, c, c - p]);
    }
    const placed = {};
    for (const r of m.relationships) {
      if (r.customerLevel === null || r.providerLevel === null) continue;
      const key = `${r.providerLevel - 1},${r.customerLevel - 1}`;
      (placed[key] = placed[key] || []).push(r);
    }
    const points = Object.entries(placed).map(([key, list]) => {
      const [p, c] = key.split(",").map(Number);
      const mismatch = list.some((r) => r.mismatch);
      const boundary = list.some((r) => r.boundary);
      return {
        value: [p, c, list.length],
        names: list.map((r) => r.label),
        symbol: mismatch ? "triangle" : boundary ? "diamond" : "circle",
        itemStyle: { color: mismatch ? "#c62828" : boundary ? "#ef6c00" : "#263238" },
      };
    });
    chart(body, 460, {
      tooltip: {
        formatter: (p) => p.seriesType === "scatter"
          ? p.data.names.join("<br>").replace(/[<>&]/g, "") : `gap ${p.value[2]}`,
      },
      grid: { left: 150, right: 200, top: 20, bottom: 80 },
      xAxis: { type: "category", data: levels, name: "provider level", nameLocation: "middle",
        nameGap: 60, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "category", data: levels, name: "customer level" },
      visualMap: { type: "piecewise", dimension: 2, seriesIndex: 0, orient: "vertical",
        right: 0, top: "middle", pieces: [
          { gte: 2, color: "#ef9a9a", label: "customer 2+ levels ahead" },
          { value: 1, color: "#fff59d", label: "customer 1 ahead" },
          { value: 0, color: "#c8e6c9", label: "same level" },
          { value: -1, color: "#fff59d", label: "provider 1 ahead" },
          { lte: -2, color: "#ef9a9a", label: "provider 2+ ahead" }] },
      series: [
        { type: "heatmap", data: cells, itemStyle: { borderColor: "#fff", borderWidth: 2 } },
        { type: "scatter", data: points, symbolSize: (v) => 18 + 6 * v[2],
          label: { show: true, formatter: (p) => String(p.value[2]), color: "#fff" } },
      ],
    });
    const table = el("table", {}, el("tr", {}, ...["relationship", "service", "customer",
      "provider", "gap (customer − provider)", ""].map((h) => el("th", {}, h))));
    for (const r of m.relationships) {
      table.append(el("tr", { id: r.anchor, class: r.mismatch ? "flagged" : r.boundary ? "boundary" : null },
        el("td", {}, r.label), el("td", {}, r.service),
        el("td", {}, `${r.customer} (${r.customerLevel ?? "?"})`),
        el("td", {}, `${r.provider} (${r.providerLevel ?? "?"})`),
        el("td", {}, r.gap ?? ""),
        el("td", {}, r.mismatch ? "mismatch" : r.boundary ? "across the boundary" : "")));
    }
    body.append(table);
  }

  function outcomes() {
    if (!data.outcomes.length) return;
    const body = section("outcomes", "Outcome scorecards",
      "Each Successful Customer Outcome with its current status, its status month by month, " +
      "its indicators against their targets, and what the rules say about its statement.");
    for (const o of data.outcomes) {
      const card = el("article", { class: "card", id: o.anchor },
        el("h3", {}, badge(o.status), " ", o.label),
        o.statement ? el("blockquote", {}, o.statement) : null);
      if (o.months.length) {
        card.append(el("div", { class: "strip" }, ...o.months.map((m) =>
          el("span", { title: `${m.period}: ${(STATUS[m.status] || {}).text}`,
            style: `background:${(STATUS[m.status] || STATUS.OutcomeNotMeasured).colour}` },
          m.period.slice(2)))));
      }
      for (const i of o.indicators) {
        const way = { AtMost: "at most", AtLeast: "at least", Exactly: "exactly" }[i.comparison];
        card.append(el("p", { class: "indicator", id: i.anchor }, i.label,
          i.target !== null ? ` — target ${way} ${i.target} ${i.unit}` : " — no target"));
        if (i.assessments.length) {
          chart(card, 200, {
            grid: { left: 50, right: 20, top: 20, bottom: 30 },
            tooltip: { trigger: "axis" },
            xAxis: { type: "category", data: i.assessments.map((a) => a.period) },
            yAxis: { type: "value", scale: true },
            series: [{
              type: "line", name: i.label,
              data: i.assessments.map((a) => ({ value: a.value,
                itemStyle: { color: (STATUS[a.status] || STATUS.OutcomeNotMeasured).colour } })),
              symbolSize: 9, lineStyle: { color: "#546e7a" },
              markLine: i.target === null ? undefined : { symbol: "none",
                data: [{ yAxis: i.target, name: "target" }],
                lineStyle: { type: "dashed", color: "#37474f" }, label: { formatter: "target" } },
            }],
          });
        } else {
          card.append(el("p", { class: "muted" }, "No measurements yet."));
        }
      }
      const list = findingList(o.findings);
      if (list) card.append(el("h4", {}, "What to change"), list);
      body.append(card);
    }
  }

  function metrics() {
    if (!data.metrics.length) return;
    const body = section("metrics", "Metric charts",
      "Scores per service and month computed from survey answers; the band is the 95 % " +
      "margin of error, the dashed lines the same score per touchpoint.");
    for (const m of data.metrics) {
      const periods = m.overall.map((p) => p.period);
      const lower = m.overall.map((p) => p.margin === null ? null : p.value - p.margin);
      const width = m.overall.map((p) => p.margin === null ? null : 2 * p.margin);
      const series = [];
      if (m.overall.some((p) => p.margin !== null)) {
        series.push({ type: "line", name: "lower", data: lower, stack: "band", symbol: "none",
          lineStyle: { opacity: 0 }, tooltip: { show: false } });
        series.push({ type: "line", name: "margin of error", data: width, stack: "band",
          symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(21,101,192,0.18)" } });
      }
      series.push({ type: "line", name: "all answers", data: m.overall.map((p) => p.value),
        symbolSize: 7, lineStyle: { width: 3, color: "#1565c0" }, itemStyle: { color: "#1565c0" } });
      for (const [touchpoint, points] of Object.entries(m.touchpoints)) {
        const byPeriod = Object.fromEntries(points.map((p) => [p.period, p.value]));
        series.push({ type: "line", name: touchpoint, data: periods.map((p) => byPeriod[p] ?? null),
          symbol: "none", lineStyle: { type: "dashed", width: 1.5 } });
      }
      const box = el("div", { class: "metric", id: `${m.service.anchor}-${m.metric}` },
        el("h3", {}, `${m.service.label}: ${m.title}`));
      body.append(box);
      chart(box, 300, {
        tooltip: { trigger: "axis", valueFormatter: (v) => v === null || v === undefined ? "–" : Number(v).toFixed(1) },
        legend: { data: series.filter((s) => s.name !== "lower").map((s) => s.name), top: 0 },
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: periods, boundaryGap: false },
        yAxis: { type: "value", min: m.min ?? undefined, max: m.max ?? undefined, scale: m.min === null },
        series: series,
      });
    }
  }

  const COLUMNS = { good: 0, action: 0, supportAction: 0, facility: 1, support: 1, service: 2,
    facet: 3, outcome: 4, customer: 2, provider: 2 };
  const CATEGORIES = ["service", "facility", "good", "action", "support", "supportAction",
    "facet", "outcome", "customer", "provider"];
  const COLOURS = ["#1565c0", "#2e7d32", "#66bb6a", "#a5d6a7", "#6a1b9a", "#ba68c8", "#ef8f00",
    "#c62828", "#00838f", "#4e342e"];

  function services() {
    if (!data.services.length) return;
    const body = section("services", "Services as supported facilities",
      "Each service drawn as USM defines it: a facility of goods and actions, support with " +
      "its actions, the four quality facets, the outcomes it addresses and the parties " +
      "who consume and provide it.");
    const parent = { good: "facility", action: "facility", supportAction: "support" };
    for (const s of data.services) {
      // Placed on a grid of columns (parts, facility and support, service, facets, outcomes)
      // and rows; the parties sit above the service.
      const nodes = [{ id: s.iri, name: s.label, category: 0, value: [2, 0], symbolSize: 40 }];
      const links = [];
      const used = {};
      let lowest = 0;
      const place = (role) => {
        const column = COLUMNS[role];
        const key = role === "customer" || role === "provider" ? role : String(column);
        const index = (used[key] = (used[key] || 0) + 1) - 1;
        if (role === "customer") return [1.55 - 0.45 * index, -1.6];
        if (role === "provider") return [2.45 + 0.45 * index, -1.6];
        let row = index;
        if (column === 1 && role === "support") row = (s.parts.facility || []).length + index;
        if (column === 1 && role === "facility") row = index;
        lowest = Math.max(lowest, row);
        return [column, row];
      };
      for (const role of ["facility", "support", "good", "action", "supportAction", "facet",
        "outcome", "customer", "provider"]) {
        for (const part of s.parts[role] || []) {
          const id = `${role}|${part.iri}`;
          nodes.push({ id, name: part.kind ? `${part.label} (${part.kind})` : part.label,
            category: CATEGORIES.indexOf(role), value: place(role), symbolSize: 18 });
          let target = s.iri;
          if (parent[role]) {
            const owner = (s.parts[parent[role]] || [])[0];
            if (owner) target = `${parent[role]}|${owner.iri}`;
          }
          links.push(role === "outcome" ? { source: s.iri, target: id } : { source: id, target });
        }
      }
      const box = el("div", { class: "diagram", id: s.anchor }, el("h3", {}, s.label));
      body.append(box);
      chart(box, 150 + 62 * (lowest + 3), {
        tooltip: { formatter: (p) => p.dataType === "node" ? `${CATEGORIES[p.data.category]}: ${p.data.name}`.replace(/[<>&]/g, "") : "" },
        legend: { data: CATEGORIES, top: 0, type: "scroll" },
        color: COLOURS,
        grid: { left: 90, right: 90, top: 50, bottom: 30 },
        xAxis: { type: "value", min: -0.2, max: 4.2, show: false },
        yAxis: { type: "value", min: -2.2, max: lowest + 0.6, inverse: true, show: false },
        series: [{
          type: "graph", coordinateSystem: "cartesian2d", roam: false,
          categories: CATEGORIES.map((name) => ({ name })), data: nodes, links: links,
          edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
          label: { show: true, position: "bottom", width: 160, overflow: "truncate", fontSize: 11 },
          lineStyle: { color: "#90a4ae", curveness: 0.08 },
        }],
      });
    }
  }

  function experienceMaps() {
    if (!data.experienceMaps.length) return;
    const body = section("experience", "Experience maps",
      "What lifts (green, above the line) and what harms (red, below) the experience, at " +
      "each touchpoint.");
    for (const m of data.experienceMaps) {
      const touchpoints = [...new Set(m.influences.map((i) => i.touchpoint))];
      const up = {}, down = {};
      const points = m.influences.map((i) => {
        const x = touchpoints.indexOf(i.touchpoint);
        const count = i.positive ? (up[x] = (up[x] || 0) + 1) : -(down[x] = (down[x] || 0) + 1);
        return { value: [x, count], name: i.label,
          itemStyle: { color: i.positive ? "#2e7d32" : "#c62828" } };
      });
      const box = el("div", { class: "map", id: m.anchor }, el("h3", {}, `${m.label} (${m.service})`));
      body.append(box);
      chart(box, 320, {
        grid: { left: 40, right: 40, top: 30, bottom: 40 },
        tooltip: { formatter: (p) => String(p.name).replace(/[<>&]/g, "") },
        xAxis: { type: "category", data: touchpoints, axisLabel: { interval: 0 } },
        yAxis: { type: "value", min: -3, max: 3, interval: 1, axisLabel: { show: false } },
        series: [{ type: "scatter", data: points, symbolSize: 16,
          label: { show: true, position: "right", formatter: (p) => p.name, width: 180,
            overflow: "truncate", fontSize: 11 },
          markLine: { symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: "#37474f" },
            label: { show: false } } }],
      });
    }
  }

  function findings() {
    const body = section("findings", "Findings by rule",
      "Every finding, grouped by the rule it breaks; a name links to the item in this report, " +
      "and the place is where it is written.");
    if (!data.findings.length) {
      body.append(el("p", {}, "No findings."));
      return;
    }
    for (const group of data.findings) {
      const list = el("ul", {});
      for (const f of group.items) {
        list.append(el("li", {},
          f.link ? el("a", { href: `#${f.link}` }, f.focus) : el("strong", {}, f.focus), ": ",
          f.message, f.place ? el("span", { class: "place" }, ` (${f.place})`) : null));
      }
      body.append(el("details", { class: "rule", id: `rule-${group.rule}`, open: "" },
        el("summary", {}, el("span", { class: "sev", style: `color:${SEVERITY_COLOUR[group.severity]}` },
          group.severity), " ", el("code", {}, group.rule), ` — ${group.items.length}`), list));
    }
  }

  header();
  maturity();
  outcomes();
  metrics();
  services();
  experienceMaps();
  findings();
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  window.addEventListener("beforeprint", drawAll);
  window.cxgraphDrawAll = drawAll;
  document.body.dataset.charts = String(document.querySelectorAll(".chart").length);
})();
