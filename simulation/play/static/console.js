// The facilitator console: map, clock, injects, KPIs, orders and the decision log.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const STATE_COLOURS = {
  idle: "#2e7d32", travel: "#ef6c00", scene: "#c62828", detached: "#6a1b9a",
  return: "#1565c0", off_duty: "#9e9e9e",
};
const CROWD_COLOURS = { hijau: "#2e7d32", kuning: "#f9a825", merah: "#c62828" };
let GEO = null, ORDERS = null, STATE = null, PROJECT = null, BUSY = false;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function say(text, bad = false) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = bad ? "bad" : "";
}

// --- the map ---------------------------------------------------------------------------------

function projection(places) {
  const pts = places.filter((p) => p.lat !== null && p.lng !== null);
  const lat0 = pts.reduce((a, p) => a + p.lat, 0) / pts.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = pts.map((p) => p.lng * k), ys = pts.map((p) => p.lat);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const W = 1000, H = 700, pad = 60;
  const scale = Math.min((W - 2 * pad) / (x1 - x0 || 1), (H - 2 * pad) / (y1 - y0 || 1));
  const ox = (W - scale * (x1 - x0)) / 2, oy = (H - scale * (y1 - y0)) / 2;
  return (lat, lng) => [ox + (lng * k - x0) * scale, H - (oy + (lat - y0) * scale)];
}

function drawBase() {
  const map = document.getElementById("map");
  map.replaceChildren();
  const byId = Object.fromEntries(GEO.places.map((p) => [p.id, p]));
  PROJECT = projection(GEO.places);
  const roads = svg("g", { class: "roads" });
  for (const r of GEO.roads) {
    const a = byId[r.a], b = byId[r.b];
    if (!a || !b) continue;
    const [x1, y1] = PROJECT(a.lat, a.lng), [x2, y2] = PROJECT(b.lat, b.lng);
    roads.append(svg("line", { x1, y1, x2, y2, class: r.road === "local" ? "road local" : "road" }));
  }
  map.append(roads);
  const maxTps = Math.max(...GEO.places.map((p) => p.tps || 0), 1);
  const sectors = svg("g", { class: "sectors" });
  for (const p of GEO.places) {
    const [x, y] = PROJECT(p.lat, p.lng);
    if (p.kind === "sector") {
      const r = 5 + 13 * Math.sqrt((p.tps || 0) / maxTps);
      const g = svg("g", { class: `sector ${p.terrain}` });
      g.append(svg("circle", { cx: x, cy: y, r }));
      g.append(svg("text", { x, y: y + r + 12, class: "label" }, p.name));
      g.append(svg("title", {}, `${p.name}: ${p.tps} TPS (${p.terrain})`));
      sectors.append(g);
    } else {
      const g = svg("g", { class: "site" });
      g.append(svg("rect", { x: x - 4, y: y - 4, width: 8, height: 8 }));
      g.append(svg("title", {}, `${p.name} (${p.kind})`));
      sectors.append(g);
    }
  }
  map.append(sectors);
  map.append(svg("g", { id: "layer-live" }));
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const [state, colour] of Object.entries(STATE_COLOURS)) {
    const key = state === "off_duty" ? "legend_off" : `legend_${state}`;
    legend.append(el("span", { class: "key" }, el("i", { style: `background:${colour}` }), t(key)));
  }
  legend.append(el("span", { class: "key" }, el("i", { class: "incident-key" }), t("incident")));
  legend.append(el("span", { class: "key" }, el("i", { class: "convoy-key" }), t("convoy")));
  legend.append(el("span", { class: "key" }, el("i", { class: "sector-key" }), t("sector")));
}

function drawLive() {
  const layer = document.getElementById("layer-live");
  if (!layer || !STATE) return;
  layer.replaceChildren();
  const byId = Object.fromEntries(GEO.places.map((p) => [p.id, p]));
  // crowd scenes: a halo in the status colour
  for (const c of STATE.crowds) {
    const p = byId[c.sector];
    if (!p || !c.started || c.ended) continue;
    const [x, y] = PROJECT(p.lat, p.lng);
    layer.append(svg("circle", { cx: x, cy: y, r: 30, class: "crowd", fill: CROWD_COLOURS[c.status] || "#999" }));
  }
  // incidents: a triangle per open incident, spread around its kecamatan
  const perSector = {};
  for (const inc of STATE.incidents) {
    const p = byId[inc.sector];
    if (!p) continue;
    const n = (perSector[inc.sector] = (perSector[inc.sector] || 0) + 1);
    const [cx, cy] = PROJECT(p.lat, p.lng);
    const a = n * 2.4, d = 14 + 4 * n;
    const x = cx + d * Math.cos(a), y = cy + d * Math.sin(a);
    const s = 5 + 2 * inc.severity;
    const tri = svg("polygon", {
      points: `${x},${y - s} ${x - s},${y + s * 0.8} ${x + s},${y + s * 0.8}`,
      class: `incident sev${inc.severity}${inc.waiting ? " waiting" : ""}`,
    });
    tri.append(svg("title", {}, `#${inc.id} ${inc.type} (${t("severity")} ${inc.severity}) ${inc.reported_label} ${inc.responder || ""}`));
    layer.append(tri);
  }
  // units: a dot per unit at its node, a line to where it is heading
  const stacked = {};
  for (const u of STATE.units) {
    if (u.lat === null) continue;
    const n = (stacked[u.node] = (stacked[u.node] || 0) + 1);
    let [x, y] = PROJECT(u.lat, u.lng);
    x += (4 + 3.2 * Math.sqrt(n)) * Math.cos(n * 2.4); // a sunflower spiral: many units
    y += (4 + 3.2 * Math.sqrt(n)) * Math.sin(n * 2.4); // at one station stay countable
    const target = u.target && byId[u.target];
    if (target && u.target !== u.node && (u.state === "travel" || u.state === "detached")) {
      const [tx, ty] = PROJECT(target.lat, target.lng);
      layer.append(svg("line", { x1: x, y1: y, x2: tx, y2: ty, class: "heading", stroke: STATE_COLOURS[u.state] }));
    }
    const dot = svg("circle", {
      cx: x, cy: y, r: u.held_by_players ? 6 : 3.6,
      fill: STATE_COLOURS[u.state] || "#000", class: u.held_by_players ? "unit held" : "unit",
    });
    dot.append(svg("title", {}, `${u.label} (${u.name}) ${u.state} ${u.who || ""}`));
    layer.append(dot);
  }
  // convoys on the road
  if (STATE.logistics) {
    for (const c of STATE.logistics.on_road) {
      const [x, y] = PROJECT(c.lat, c.lng);
      const box = svg("rect", { x: x - 6, y: y - 4, width: 12, height: 8, class: "convoy" });
      box.append(svg("title", {}, `${c.leg} ${c.from} → ${c.to}: ${c.vehicles} x, ${c.kits} TPS ${c.escort || ""}`));
      layer.append(box);
    }
  }
}

// --- panels ----------------------------------------------------------------------------------

function fmt(v, digits = 1) {
  return v === null || v === undefined ? "–" : typeof v === "number" ? v.toFixed(digits) : String(v);
}

function drawClock() {
  const c = STATE.clock;
  document.getElementById("clock-label").textContent = c.label;
  document.getElementById("clock-sub").textContent =
    ` t=${Math.floor(c.t)} s / ${c.horizon_label}` + (c.over ? ` · ${t("over")}` : "");
  document.getElementById("progress-bar").style.width = `${(100 * c.t) / c.horizon}%`;
  const play = document.getElementById("play");
  play.textContent = STATE.server_clock.playing ? t("pause") : t("play");
  play.classList.toggle("running", STATE.server_clock.playing);
  document.getElementById("scenario").textContent =
    `${STATE.title} · ${STATE.strategy} · seed ${STATE.seed}`;
  if (STATE.written) say(`${t("written")} ${STATE.written}`);
}

function drawKpis() {
  const k = STATE.kpis;
  const tiles = [
    [t("units_busy"), `${k.units_busy}/${k.units}`],
    [t("held"), k.units_held_by_players],
    [t("reported"), k.incidents_reported],
    [t("waiting"), k.incidents_waiting, k.incidents_waiting > 0 ? "warn" : ""],
    [t("response_mean"), `${fmt(k.response_mean_min)} min`],
    [t("delivered_n"), `${k.injects_delivered}/${STATE.injects.length}`],
  ];
  for (const c of STATE.crowds) {
    if (!c.started) continue;
    tiles.push([`${t("crowd")} ${c.id}`, `${c.status} · ${c.size}`, `crowd-${c.status}`]);
  }
  if (STATE.crowds.length) tiles.push([t("injured"), k.injured, k.injured > 0 ? "warn" : ""]);
  if ("ballots_late_tps" in k) tiles.push([t("ballots_late"), fmt(k.ballots_late_tps, 0)]);
  const box = document.getElementById("kpis");
  box.replaceChildren(...tiles.map(([label, value, cls]) =>
    el("div", { class: `tile ${cls || ""}` }, el("div", { class: "value" }, String(value)), el("div", { class: "label" }, label))));
  const list = document.getElementById("incidents");
  const rows = STATE.incidents.slice(-10).reverse().map((i) =>
    el("div", { class: `row sev${i.severity}` },
      el("b", {}, `#${i.id} `), `${i.reported_label} ${i.type_name} · ${i.sector} · ${t("severity")} ${i.severity} · `,
      el("span", { class: "muted" }, i.responder || (i.waiting ? "⏳" : "…"))));
  list.replaceChildren(...(rows.length ? rows : [el("div", { class: "muted" }, t("none"))]));
}

function injectCard(i) {
  const due = i.status === "due" || i.status === "watching";
  const card = el("div", { class: `card ${i.status}`, "data-inject": i.number },
    el("div", { class: "card-head" }, el("b", {}, `#${i.number}`), " ",
      el("span", { class: "muted" }, i.fired_label || i.due_label || i.time_label), " ",
      el("span", { class: `badge ${i.status}` }, t(`st_${i.status}`))),
    el("div", {}, i.event),
    i.location ? el("div", { class: "muted small-text" }, `▸ ${i.location}`) : null);
  if (due) {
    const delay = el("input", { size: 6, value: "30 min", class: "delay-input" });
    card.append(el("div", { class: "card-actions" },
      el("button", { class: "small", onclick: () => give("deliver_inject", { inject: i.number }, "Pengendali") }, t("deliver")),
      delay,
      el("button", { class: "small", onclick: () => give("delay_inject", { inject: i.number, delay: delay.value }, "Pengendali") }, t("delay")),
      el("button", { class: "small danger", onclick: () => give("cancel_inject", { inject: i.number }, "Pengendali") }, t("cancel"))));
  }
  return card;
}

function drawInjects() {
  const coming = STATE.injects.filter((i) => i.status === "due" || i.status === "watching")
    .sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity));
  const done = STATE.injects.filter((i) => !(i.status === "due" || i.status === "watching"))
    .sort((a, b) => (b.fired ?? -1) - (a.fired ?? -1));
  const dueBox = document.getElementById("injects-due");
  // keep cards (and typed delays) when nothing changed
  const key = JSON.stringify(coming.map((i) => [i.number, i.status, i.due]));
  if (dueBox.dataset.key !== key || dueBox.dataset.lang !== LANG) {
    dueBox.replaceChildren(...coming.slice(0, 8).map(injectCard));
    dueBox.dataset.key = key;
    dueBox.dataset.lang = LANG;
  }
  document.getElementById("injects-done").replaceChildren(...done.map(injectCard));
}

function paramsText(p) {
  return Object.entries(p).map(([k, v]) => `${k}=${v}`).join(", ");
}

function drawLog() {
  const body = document.querySelector("#log tbody");
  body.replaceChildren(...STATE.decisions.slice().reverse().map((d) =>
    el("tr", { class: d.refused ? "refused" : "" },
      el("td", {}, String(d.n)), el("td", {}, d.clock), el("td", {}, d.by),
      el("td", {}, el("b", {}, d.order), " ", paramsText(d.params)),
      el("td", {}, d.refused ? `✗ ${t("refused")}: ${d.refused}` : `✓ ${t("accepted")}`))));
}

function refreshUnitOptions() {
  // the unit lists in the order form follow the units' states, keeping the selection
  const byLabel = Object.fromEntries(STATE.units.map((u) => [u.label, u]));
  for (const option of document.querySelectorAll("#order-params select[name=unit] option")) {
    const u = byLabel[option.value];
    if (u) option.textContent = `${u.label} · ${u.state}${u.held_by_players ? " ★" : ""}`;
  }
}

function draw() {
  if (!STATE) return;
  refreshUnitOptions();
  drawClock();
  drawLive();
  drawKpis();
  drawInjects();
  drawLog();
}

// --- orders ----------------------------------------------------------------------------------

function unitOption(label) {
  const u = STATE && STATE.units.find((x) => x.label === label);
  return el("option", { value: label }, u ? `${label} · ${u.state}` : label);
}

function buildParams() {
  const kind = document.getElementById("order-kind").value;
  const spec = ORDERS.orders.find((o) => o.kind === kind);
  document.getElementById("order-help").textContent = spec ? spec.help : "";
  const box = document.getElementById("order-params");
  box.replaceChildren();
  if (!spec) return;
  for (const [name, type] of Object.entries(spec.params)) {
    let input;
    if (type === "duration") input = el("input", { name, value: "30 min", size: 8 });
    else if (type === "text") input = el("input", { name });
    else {
      input = el("select", { name });
      for (const value of ORDERS.choices[type] || []) {
        if (type === "unit") input.append(unitOption(value));
        else if (type === "place") input.append(el("option", { value }, `${ORDERS.place_names[value] || value} (${value})`));
        else input.append(el("option", { value }, value));
      }
    }
    box.append(el("label", {}, el("span", {}, `${name} `), input));
  }
  if (STATE) refreshUnitOptions();
}

async function give(kind, params, by) {
  const answer = document.getElementById("order-answer");
  try {
    const a = await api("/api/order", { kind, params, by });
    const text = a.accepted ? `✓ ${kind} ${t("accepted")} (${a.clock})` : `✗ ${kind} ${t("refused")}: ${a.reason}`;
    answer.replaceChildren(el("div", { class: a.accepted ? "ok" : "bad" }, text));
    say(text, !a.accepted);
  } catch (err) {
    answer.replaceChildren(el("div", { class: "bad" }, err.message));
    say(err.message, true);
  }
  await refresh();
}

async function loadOrders() {
  ORDERS = await api("/api/orders");
  const kind = document.getElementById("order-kind");
  kind.replaceChildren(...ORDERS.orders.map((o) => el("option", { value: o.kind }, o.kind)));
  kind.addEventListener("change", buildParams);
  buildParams();
  document.getElementById("order-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const params = {};
    for (const input of document.querySelectorAll("#order-params [name]")) params[input.name] = input.value;
    give(kind.value, params, document.getElementById("order-by").value);
  });
}

// --- the clock -------------------------------------------------------------------------------

async function act(path, body) {
  if (BUSY) return;
  BUSY = true;
  document.body.classList.add("busy");
  try {
    await api(path, body);
    say("");
  } catch (err) {
    say(err.message, true);
  } finally {
    BUSY = false;
    document.body.classList.remove("busy");
  }
  await refresh();
}

async function refresh() {
  try {
    STATE = await api("/api/state");
    draw();
  } catch (err) {
    say(err.message, true);
  }
}

function setupClock() {
  document.getElementById("play").addEventListener("click", () =>
    act("/api/clock", { playing: !(STATE && STATE.server_clock.playing) }));
  document.getElementById("speed").addEventListener("change", (e) =>
    act("/api/clock", { speed: Number(e.target.value) }));
  document.getElementById("next-event").addEventListener("click", () => act("/api/advance", { to: "next-event" }));
  document.getElementById("next-inject").addEventListener("click", () => act("/api/advance", { to: "next-inject" }));
  document.getElementById("plus15").addEventListener("click", () => act("/api/advance", { by: "15 min" }));
  document.getElementById("goto-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act("/api/advance", { until: document.getElementById("goto").value });
  });
  document.getElementById("finish").addEventListener("click", () => act("/api/finish", {}));
}

async function main() {
  document.getElementById("players-link").href = withCode("/players");
  document.getElementById("decisions-link").href = withCode("/api/decisions");
  setupLang(() => { if (GEO) drawBase(); draw(); buildParams(); });
  setupClock();
  GEO = await api("/api/geography");
  drawBase();
  await refresh();
  await loadOrders();
  document.getElementById("speed").value = String(STATE.server_clock.speed);
  setInterval(() => { if (!BUSY) refresh(); }, 1000);
}

main();
