// rollcall live attendance dashboard: one WebSocket (subprotocol rollcall.v1.json) to /ws on this
// origin, the event's snapshot and then live updates applied in place. See docs/protocol.md.
"use strict";

(() => {
  const SUBPROTOCOL = "rollcall.v1.json";
  const TOKEN_KEY = "rollcall.token";
  const MIN_BACKOFF_MS = 250;
  const MAX_BACKOFF_MS = 15000;
  const HIGHLIGHT_MS = 2500;
  // Close codes after which reconnecting cannot help without a new token, or at all (client bug).
  const NEEDS_TOKEN = new Set([4401, 4440]);
  const NO_RETRY = new Set([1002, 1009, 4400, 4405]);
  const STATUS_LABELS = {
    INVITED: "No reply yet", ATTENDING: "Attending", MAYBE: "Maybe", DECLINED: "Declined",
    CHECKED_IN: "Checked in", CHECKED_OUT: "Left", NO_SHOW: "No-show",
  };

  const $ = (id) => document.getElementById(id);
  const eventId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  // Position per the protocol's client rule: the epoch and the last seq applied.
  let epoch = "";
  let seq = 0;
  let pages = null; // snapshot pages being assembled, or null
  let resyncing = false; // a resubscribe is in flight: ignore updates until its subscribed frame
  let socket = null;
  let attempt = 0;
  let goAwayDelay = -1;
  let reconnectTimer = 0;
  let heartbeatTimer = 0;
  let lastInbound = 0;
  let requestId = 0;
  const guests = new Map(); // guestId -> { record, row, cells }

  document.title = eventId + " · live attendance";
  $("event-title").textContent = eventId;

  // ---- token: from the fragment (then removed from the address bar), else this tab's storage ----
  function takeToken() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const fromFragment = fragment.get("token");
    if (fromFragment) {
      sessionStorage.setItem(TOKEN_KEY, fromFragment);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function askForToken(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token-reason").textContent = reason;
    $("token-panel").hidden = false;
    $("token-input").focus();
  }

  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token-input").value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token-input").value = "";
    $("token-panel").hidden = true;
    if (socket && socket.readyState === WebSocket.OPEN) {
      send({ refresh: { token } }); // the session is still up (expiry warning): replace its token in-band
      return;
    }
    attempt = 0;
    open();
  });

  // ---- connection ----
  function setConnection(state, text) {
    $("connection").dataset.state = state;
    $("connection-text").textContent = text;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function subscribe() {
    const subscribe = { eventId };
    if (epoch) {
      subscribe.epoch = epoch;
      subscribe.sinceSeq = String(seq);
    }
    send({ requestId: ++requestId, subscribe });
  }

  function open() {
    clearTimeout(reconnectTimer);
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      setConnection("offline", "Waiting for a token");
      askForToken("Paste the viewer token you were given for this event. It stays in this browser tab only.");
      return;
    }
    if (attempt > 0) setConnection("reconnecting", "Reconnecting…");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/ws", SUBPROTOCOL);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ connect: { token } }));
    ws.onmessage = (e) => {
      lastInbound = Date.now();
      onFrame(JSON.parse(e.data));
    };
    ws.onclose = (e) => {
      if (socket !== ws) return;
      socket = null;
      clearInterval(heartbeatTimer);
      onClosed(e.code, e.reason);
    };
  }

  function onClosed(code, reason) {
    pages = null;
    resyncing = false;
    if (NEEDS_TOKEN.has(code)) {
      setConnection("offline", "Offline: " + (code === 4440 ? "token expired" : "token refused"));
      askForToken(code === 4440 ? "Your access token has expired. Paste a new one to continue where you left off."
        : "The server did not accept this token. Paste a valid viewer token for this event.");
      return;
    }
    if (NO_RETRY.has(code)) {
      setConnection("offline", "Offline: " + (reason || "connection refused (" + code + ")"));
      return;
    }
    let delay;
    if (goAwayDelay >= 0) {
      delay = goAwayDelay;
      goAwayDelay = -1;
    } else {
      // Exponential backoff with full jitter, so a crowd of pages does not reconnect in step.
      delay = Math.random() * Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(attempt, 16));
      attempt++;
    }
    setConnection("reconnecting", "Reconnecting…");
    reconnectTimer = setTimeout(open, delay);
  }

  // The server pings at the protocol level, which pages cannot see: send app pings, and treat two
  // silent heartbeat intervals as a dead link.
  function startHeartbeat(intervalMs) {
    clearInterval(heartbeatTimer);
    const ws = socket;
    heartbeatTimer = setInterval(() => {
      if (Date.now() - lastInbound > 2 * intervalMs + 1000) {
        ws.close();
        if (socket === ws) {
          socket = null;
          clearInterval(heartbeatTimer);
          onClosed(4410, "heartbeat timeout");
        }
        return;
      }
      send({ ping: {} });
    }, intervalMs);
  }

  // ---- frames ----
  function onFrame(frame) {
    if (frame.connected) {
      attempt = 0;
      setConnection("live", "Live");
      startHeartbeat(Number(frame.connected.heartbeatIntervalMs) || 25000);
      subscribe();
    } else if (frame.subscribed) {
      if (frame.subscribed.eventId !== eventId) return;
      resyncing = false;
      pages = frame.subscribed.recovered ? null : [];
    } else if (frame.snapshot) {
      onSnapshotPage(frame.snapshot);
    } else if (frame.update) {
      onUpdate(frame.update);
    } else if (frame.goAway) {
      goAwayDelay = Number(frame.goAway.reconnectAfterMs) || 0;
      socket.close(1000);
    } else if (frame.error) {
      onError(frame.error);
    }
  }

  function onError(error) {
    if (error.code === 4441) {
      askForToken("Your access token expires within a minute. Paste a new one to stay connected.");
      return;
    }
    if (error.eventId !== eventId) return;
    if (error.code === 4403) {
      setConnection("offline", "Offline: not allowed");
      socket.close(1000);
      socket = null;
      askForToken("This token does not allow watching " + eventId + ". Paste a viewer token for this event.");
    }
  }

  function onSnapshotPage(page) {
    if (page.eventId !== eventId || pages === null) return;
    pages.push(...(page.guests || []));
    if (!page.lastPage) return;
    replaceAll(pages);
    pages = null;
    epoch = page.epoch || "";
    seq = Number(page.seq || 0);
    showCounts(page.counts || {});
    showLastUpdate(new Date());
  }

  function onUpdate(update) {
    if (update.eventId !== eventId || resyncing || pages !== null) return;
    const updateSeq = Number(update.seq || 0);
    const sameHistory = update.epoch === epoch || (epoch === "" && seq === 0);
    if (sameHistory && updateSeq <= seq) return; // already applied (a replay after a reconnect)
    if (!sameHistory || updateSeq !== seq + 1) {
      // A gap: get exact again from our position.
      resyncing = true;
      send({ unsubscribe: { eventId } });
      subscribe();
      return;
    }
    epoch = update.epoch;
    seq = updateSeq;
    upsert(update.attendance, update.publishedAt);
    showCounts(update.counts || {});
    showLastUpdate(update.publishedAt ? new Date(update.publishedAt) : new Date());
  }

  // ---- view ----
  function showLastUpdate(when) {
    const el = $("last-update");
    el.dateTime = when.toISOString();
    el.textContent = timeFormat.format(when);
  }

  function showCounts(counts) {
    const byStatus = {};
    for (const entry of counts.byStatus || []) {
      byStatus[entry.status] = { guests: Number(entry.guests || 0), pax: Number(entry.pax || 0) };
    }
    const of = (status) => byStatus[status] || { guests: 0, pax: 0 };
    for (const card of document.querySelectorAll("#counts .card")) {
      const c = of(card.dataset.status);
      card.querySelector(".card-pax").textContent = c.pax;
      card.querySelector(".card-guests").textContent = c.guests + (c.guests === 1 ? " party" : " parties");
    }
    const arrived = of("CHECKED_IN").pax + of("CHECKED_OUT").pax;
    const expected = arrived + of("ATTENDING").pax;
    const percent = expected === 0 ? 0 : Math.round((arrived * 100) / expected);
    $("arrived-pax").textContent = arrived;
    $("expected-pax").textContent = expected;
    $("arrivals-fill").style.width = percent + "%";
    const bar = $("arrivals-bar");
    bar.setAttribute("aria-valuemax", String(expected));
    bar.setAttribute("aria-valuenow", String(arrived));
    bar.setAttribute("aria-valuetext", arrived + " of " + expected + " expected guests arrived");
    const text = expected === 0 ? "No guests expected yet" : percent + "% of expected guests have arrived";
    if ($("arrivals-text").textContent !== text) $("arrivals-text").textContent = text;
    $("totals").textContent = Number(counts.totalPax || 0) + " guests in " + Number(counts.totalGuests || 0) + " parties";
  }

  function newRow(guestId) {
    const row = document.createElement("tr");
    row.dataset.guestId = guestId;
    const name = document.createElement("th");
    name.scope = "row";
    const nameText = document.createElement("span");
    nameText.className = "name";
    const meta = document.createElement("span");
    meta.className = "meta";
    name.append(nameText, meta);
    const table = document.createElement("td");
    table.className = "col-table";
    const pax = document.createElement("td");
    pax.className = "col-pax";
    const status = document.createElement("td");
    const chip = document.createElement("span");
    chip.className = "chip";
    status.append(chip);
    const time = document.createElement("td");
    time.className = "col-time";
    row.append(name, table, pax, status, time);
    return { row, cells: { nameText, meta, table, pax, chip, time } };
  }

  function fill(entry, record) {
    const c = entry.cells;
    entry.record = record;
    c.nameText.textContent = record.guestName || record.guestId;
    c.meta.textContent = record.table ? "Table " + record.table : "";
    c.table.textContent = record.table || "";
    c.pax.textContent = record.pax || 1;
    c.chip.textContent = STATUS_LABELS[record.status] || record.status;
    c.chip.dataset.status = record.status;
    entry.row.dataset.status = record.status;
    c.time.textContent = record.occurredAt ? timeFormat.format(new Date(record.occurredAt)) : "";
    entry.search = ((record.guestName || "") + " " + record.guestId + " " + (record.table || "")).toLowerCase();
  }

  function replaceAll(records) {
    guests.clear();
    const body = $("guest-rows");
    const fragment = document.createDocumentFragment();
    records.sort((a, b) => collator.compare(a.guestName || a.guestId, b.guestName || b.guestId));
    for (const record of records) {
      const entry = newRow(record.guestId);
      fill(entry, record);
      guests.set(record.guestId, entry);
      entry.row.hidden = !matches(entry);
      fragment.append(entry.row);
    }
    body.replaceChildren(fragment);
    countShown();
    showShownCount();
  }

  // A live update: in place, highlighted; rows without a source time show when it was published.
  function upsert(record, publishedAt) {
    let entry = guests.get(record.guestId);
    if (!entry) {
      entry = newRow(record.guestId);
      guests.set(record.guestId, entry);
      $("guest-rows").append(entry.row);
    }
    const wasShown = !entry.row.hidden && entry.record !== undefined;
    fill(entry, record);
    entry.row.hidden = !matches(entry);
    shownCount += (entry.row.hidden ? 0 : 1) - (wasShown ? 1 : 0);
    if (!record.occurredAt && publishedAt) entry.cells.time.textContent = timeFormat.format(new Date(publishedAt));
    flash(entry);
    showShownCount();
  }

  function flash(entry) {
    clearTimeout(entry.flashTimer);
    entry.row.classList.add("changed");
    entry.flashTimer = setTimeout(() => entry.row.classList.remove("changed"), HIGHLIGHT_MS);
  }

  // ---- search and filter ----
  let query = "";
  let statusFilter = "";

  function matches(entry) {
    return (!statusFilter || entry.record.status === statusFilter) && (!query || entry.search.includes(query));
  }

  function applyFilter() {
    for (const entry of guests.values()) entry.row.hidden = !matches(entry);
    countShown();
    showShownCount();
  }

  // Kept incrementally: an update touches one row, not the whole list.
  let shownCount = 0;

  function countShown() {
    shownCount = 0;
    for (const entry of guests.values()) if (!entry.row.hidden) shownCount++;
  }

  function showShownCount() {
    const shown = shownCount;
    $("shown-count").textContent = shown === guests.size ? guests.size + " guests" : shown + " of " + guests.size + " shown";
    $("empty").hidden = shown > 0;
  }

  let searchTimer = 0;
  $("search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      query = e.target.value.trim().toLowerCase();
      applyFilter();
    }, 120);
  });
  $("status-filter").addEventListener("change", (e) => {
    statusFilter = e.target.value;
    applyFilter();
  });

  // Pages in a background tab may have their timers throttled: check the link when shown again.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && !socket && sessionStorage.getItem(TOKEN_KEY) && $("token-panel").hidden) {
      attempt = 0;
      open();
    }
  });

  takeToken();
  open();
})();
