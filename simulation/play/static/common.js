// Shared by the console and the players page: the API with the join code, and the two languages.
"use strict";

const CODE = new URLSearchParams(location.search).get("code");

async function api(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (CODE) headers["X-Join-Code"] = CODE;
  const init = body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const message = (data && data.error) || res.statusText;
    throw new Error(`${res.status}: ${message}`);
  }
  return data;
}

function withCode(url) {
  return CODE ? `${url}${url.includes("?") ? "&" : "?"}code=${encodeURIComponent(CODE)}` : url;
}

const WORDS = {
  id: {
    title: "Konsol Pengendali Latihan",
    players_title: "Layar Pemain",
    play: "Jalan", pause: "Jeda", speed: "Kecepatan",
    next_event: "Ke kejadian berikut", next_inject: "Ke inject berikut",
    plus15: "+15 menit", goto: "Ke jam", go: "Pergi", finish: "Selesai",
    map: "Peta wilayah", kpis: "Indikator langsung", injects: "Inject (MSEL)",
    due: "Akan datang", delivered: "Sudah disampaikan", deliver: "Sampaikan",
    delay: "Tunda", cancel: "Batalkan", orders: "Perintah", give: "Beri perintah",
    by: "Pemberi perintah", log: "Log keputusan", refused: "ditolak", accepted: "dilaksanakan",
    incidents: "Kejadian terbuka", units_busy: "Unit sibuk", waiting: "Kejadian menunggu",
    response_mean: "Rata-rata waktu tanggap", reported: "Kejadian dilaporkan",
    held: "Unit dipegang pemain", injured: "Korban luka", crowd: "Status massa",
    ballots_late: "TPS logistik terlambat", delivered_n: "Inject disampaikan",
    players_link: "Layar pemain", decisions_link: "Unduh log (YAML)",
    legend_idle: "siaga", legend_travel: "menuju", legend_scene: "di lokasi",
    legend_detached: "ditugaskan", legend_return: "kembali", legend_off: "tidak bertugas",
    incident: "kejadian", convoy: "konvoi", sector: "kecamatan (ukuran = jumlah TPS)", site: "lokasi",
    none: "tidak ada", over: "Latihan berakhir", written: "Hasil ditulis ke",
    reports: "Laporan lapangan", own_units: "Unit yang Anda kerahkan", at: "di",
    r_incident: "Kejadian dilaporkan", r_arrive: "tiba di kejadian", r_clear: "kejadian selesai",
    r_play_arrived: "tiba di", r_recalled: "ditarik kembali", r_crowd: "status massa",
    r_scene: "massa berkumpul", r_convoy: "konvoi ditahan sampai", severity: "tingkat",
    step_note: "Perintah berlaku pada jam latihan saat ini.",
    st_due: "terjadwal", st_delivered: "disampaikan", st_cancelled: "dibatalkan",
    st_not_drawn: "tidak terjadi", st_watching: "menunggu kondisi",
  },
  en: {
    title: "Drill Facilitator Console",
    players_title: "Players' Screen",
    play: "Play", pause: "Pause", speed: "Speed",
    next_event: "Next event", next_inject: "Next inject",
    plus15: "+15 min", goto: "Go to", go: "Go", finish: "Finish",
    map: "Regency map", kpis: "Live indicators", injects: "Injects (MSEL)",
    due: "Coming", delivered: "Delivered", deliver: "Deliver",
    delay: "Delay", cancel: "Cancel", orders: "Orders", give: "Give order",
    by: "Given by", log: "Decision log", refused: "refused", accepted: "carried out",
    incidents: "Open incidents", units_busy: "Units busy", waiting: "Incidents waiting",
    response_mean: "Mean response", reported: "Incidents reported",
    held: "Units held by players", injured: "Injured", crowd: "Crowd status",
    ballots_late: "TPS with late ballots", delivered_n: "Injects delivered",
    players_link: "Players' screen", decisions_link: "Download log (YAML)",
    legend_idle: "idle", legend_travel: "travelling", legend_scene: "on scene",
    legend_detached: "tasked", legend_return: "returning", legend_off: "off duty",
    incident: "incident", convoy: "convoy", sector: "kecamatan (size = TPS count)", site: "site",
    none: "none", over: "The drill is over", written: "Results written to",
    reports: "Field reports", own_units: "Units you sent", at: "at",
    r_incident: "Incident reported", r_arrive: "on scene at incident", r_clear: "incident cleared",
    r_play_arrived: "arrived at", r_recalled: "recalled", r_crowd: "crowd status",
    r_scene: "crowd gathering", r_convoy: "convoy held until", severity: "severity",
    step_note: "Orders take effect at the current drill time.",
    st_due: "due", st_delivered: "delivered", st_cancelled: "cancelled",
    st_not_drawn: "not drawn", st_watching: "watching its condition",
  },
};

let LANG = localStorage.getItem("sispam.lang") || "id";

function t(key) {
  return (WORDS[LANG] && WORDS[LANG][key]) || WORDS.en[key] || key;
}

function applyWords() {
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const toggle = document.getElementById("lang");
  if (toggle) toggle.textContent = LANG === "id" ? "EN" : "ID";
}

function setupLang(onChange) {
  const toggle = document.getElementById("lang");
  toggle.addEventListener("click", () => {
    LANG = LANG === "id" ? "en" : "id";
    localStorage.setItem("sispam.lang", LANG);
    applyWords();
    onChange();
  });
  applyWords();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
