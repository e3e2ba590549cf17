// The sandbox page's only script (served from /_sandbox/assets/page.js: the page's CSP allows no
// inline script). Plain DOM, no framework: every value the sandbox returns is partner-supplied
// or derived from it, so it is only ever written with textContent, never as HTML.
// The key lives in sessionStorage (this tab only): never in a URL, a cookie or localStorage.
"use strict";

const KEY_STORAGE = "opencx-sandbox-key";
const REFRESH_MS = 2000;
const $ = (id) => document.getElementById(id);

let refreshTimer;
let journalBefore = null; // cursor of the oldest page shown, for "Older requests"

function key() {
  return sessionStorage.getItem(KEY_STORAGE);
}

function say(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function call(method, path, body) {
  const headers = { authorization: `Bearer ${key()}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const message = data && data.message !== undefined ? [data.message].flat().join("; ") : text.slice(0, 200);
    const error = new Error(`${response.status}: ${message}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

/** A table row of text cells; `cells` items are strings or { text, className }. */
function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    const value = typeof cell === "object" && cell !== null ? cell : { text: cell };
    td.textContent = value.text === null || value.text === undefined ? "—" : String(value.text);
    if (value.className) td.className = value.className;
    tr.append(td);
  }
  return tr;
}

function fill(tbodyId, rows, emptyText, columns) {
  const tbody = $(tbodyId);
  tbody.replaceChildren(...rows);
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns;
    td.className = "empty";
    td.textContent = emptyText;
    tr.append(td);
    tbody.append(tr);
  }
}

const time = (iso) => (iso ? new Date(iso).toISOString().replace("T", " ").replace("Z", " UTC") : null);

function showOverview(o) {
  $("partner-name").textContent = o.partner.name;
  $("partner-id").textContent = o.partner.id;
  $("clock-now").textContent = time(o.now);
  $("clock-offset").textContent = `${o.clock_offset_seconds} s`;
  $("orgs-total").textContent = `(${o.orgs.total})`;
  fill(
    "orgs-body",
    // language and the keys' names are stored but never in a Partner API answer: only here.
    o.orgs.data.map((org) =>
      row([org.name, org.external_id, { text: org.id, className: "mono" }, org.language, org.api_keys.map((k) => k.name).join(", ") || null, time(org.created_at)]),
    ),
    "No orgs yet.",
    6,
  );
  fill(
    "links-body",
    o.open_login_links.map((l) => row([l.email, l.name, { text: l.org_id, className: "mono" }, time(l.expires_at)])),
    "No open login links.",
    4,
  );
  fill(
    "limits-body",
    o.rate_limits.map((p) => row([p.policy, p.used, p.limit, `${p.window_seconds} s`, time(p.resets_at)])),
    "No rate limits for this partner.",
    5,
  );
  fill(
    "quotas-body",
    Object.keys(o.quotas).map((name) => row([name.replace(/_/g, " "), o.usage[name], o.quotas[name]])),
    "No quotas.",
    3,
  );
}

function journalRow(e) {
  return row([
    time(e.at),
    `${e.method} ${e.path}`,
    e.operation_id,
    { text: e.status, className: e.status >= 400 ? "status-error" : "" },
    e.refused_by,
    e.message === null ? null : [e.message].flat().join("; "),
    e.client_ip,
    e.duration_ms,
    { text: e.request_id, className: "mono" },
  ]);
}

function journalQuery(before) {
  const params = new URLSearchParams({ limit: "50" });
  const status = $("filter-status").value.trim();
  const operation = $("filter-operation").value.trim();
  if (status) params.set("status", status);
  if (operation) params.set("operation_id", operation);
  if (before) params.set("before", String(before));
  return `/_sandbox/requests?${params}`;
}

async function loadJournal() {
  const page = await call("GET", journalQuery());
  fill("journal-body", page.data.map(journalRow), "No requests journaled yet.", 9);
  journalBefore = page.next_before;
  $("journal-older").hidden = journalBefore === null;
}

async function loadOlder() {
  if (journalBefore === null) return;
  try {
    const page = await call("GET", journalQuery(journalBefore));
    $("journal-body").append(...page.data.map(journalRow));
    journalBefore = page.next_before;
    $("journal-older").hidden = journalBefore === null;
  } catch (error) {
    say(error.message, true);
  }
}

async function refresh() {
  if (!key()) return;
  try {
    const overview = await call("GET", "/_sandbox/overview");
    showOverview(overview);
    await loadJournal();
    $("partner-view").hidden = false;
    $("key-help").hidden = true;
  } catch (error) {
    say(`Could not load the sandbox: ${error.message}`, true);
    if (error.status === 401 || error.status === 403) stopRefreshing();
  }
}

function stopRefreshing() {
  clearInterval(refreshTimer);
  refreshTimer = undefined;
}

function startRefreshing() {
  stopRefreshing();
  if ($("auto-refresh").checked) refreshTimer = setInterval(refresh, REFRESH_MS);
}

async function useKey(value) {
  sessionStorage.setItem(KEY_STORAGE, value);
  say("Loading…");
  await refresh();
  if (!$("status").classList.contains("error")) say("");
  startRefreshing();
}

document.addEventListener("DOMContentLoaded", () => {
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("key-input").value.trim();
    $("key-input").value = "";
    if (value) void useKey(value);
  });
  $("forget-key").addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORAGE);
    stopRefreshing();
    $("partner-view").hidden = true;
    $("key-help").hidden = false;
    say("Key forgotten.");
  });
  $("clock-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const clock = await call("POST", "/_sandbox/clock", { advance_seconds: Number($("advance-input").value) });
      say(`Clock moved: now ${time(clock.now)}.`);
      await refresh();
    } catch (error) {
      say(error.message, true);
    }
  });
  // Reset forgets everything of the partner: it asks first, in a modal <dialog> (focus stays in
  // it, Escape or "Keep my data" cancels, the safe choice has the focus).
  const resetDialog = $("reset-dialog");
  $("reset-form").addEventListener("submit", (event) => {
    event.preventDefault();
    $("reset-dialog-partner").textContent = $("partner-id").textContent;
    resetDialog.returnValue = ""; // Escape keeps the last value: only "Reset" sets it
    resetDialog.showModal();
  });
  $("reset-cancel").addEventListener("click", () => resetDialog.close("cancel"));
  $("reset-confirm").addEventListener("click", () => resetDialog.close("reset"));
  resetDialog.addEventListener("close", async () => {
    $("reset-form").querySelector("button").focus();
    if (resetDialog.returnValue !== "reset") return say("Nothing was reset.");
    try {
      await call("POST", "/_sandbox/reset");
      say("Your sandbox data was reset.");
      await refresh();
    } catch (error) {
      say(error.message, true);
    }
  });
  $("journal-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    void refresh();
  });
  $("auto-refresh").addEventListener("change", startRefreshing);
  $("journal-older").addEventListener("click", () => void loadOlder());
  if (key()) void useKey(key());
});
