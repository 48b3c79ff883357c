// Drives the live dashboard in headless Chromium for DashboardBrowserIT (push-server/src/test/java/.../http).
// Input (environment): BASE_URL (http://127.0.0.1:PORT), EVENT_ID, SEEDED_GUESTS (seed-0001 …), VIEWER_TOKEN,
// PUBLISH_TOKEN, SCREENSHOT_DIR.
// Talks to the IT over stdio: prints "STEP outage" and waits for a "DONE" line once the IT has stopped the
// node, published during the outage and started it again; prints "STEP short-token N" and gets "DONE <token>"
// with a token that expires in N seconds. Exits 0 when every check passed; prints the
// failure and exits 1 otherwise. Every wait is bounded.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const { BASE_URL, EVENT_ID, VIEWER_TOKEN, PUBLISH_TOKEN, SCREENSHOT_DIR } = process.env;
const SEEDED_GUESTS = Number(process.env.SEEDED_GUESTS);
const LIVE_DEADLINE_MS = 1000;
const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
}

async function publish(guestId, guestName, status, pax, table) {
  const response = await fetch(`${BASE_URL}/api/v1/events/${EVENT_ID}/attendance`, {
    method: "POST",
    headers: { Authorization: `Bearer ${PUBLISH_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ guestId, guestName, status, pax, table }),
  });
  check(response.status === 200, `publish ${guestId}: HTTP ${response.status} ${await response.text()}`);
}

const cardPax = (page, status) => page.locator(`#counts .card[data-status="${status}"] .card-pax`).textContent();
const rowStatus = (page, guestId) => page.locator(`tr[data-guest-id="${guestId}"]`).getAttribute("data-status");

async function step(name) {
  console.log("STEP " + name);
  const answer = await Promise.race([
    stdinLines.next(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer to STEP ${name}`)), 60000)),
  ]);
  const words = answer.done ? [] : answer.value.trim().split(" ");
  check(words[0] === "DONE", `the IT answered ${JSON.stringify(answer.value)} to ${name}`);
  return words[1];
}

const profile = mkdtempSync(join(tmpdir(), "rollcall-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const problems = [];
let exitCode = 1;
try {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15000);
  // Chromium logs each refused reconnect during the outage; those are expected, anything else is not.
  const expectedError = /^WebSocket connection to .* failed/;
  page.on("console", (m) => {
    if (m.type() === "error" && !expectedError.test(m.text())) problems.push("console: " + m.text());
  });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  const requestedUrls = [];
  page.on("request", (r) => requestedUrls.push(r.url()));

  // Where the time goes on a large event: frames arriving versus rows on screen.
  let firstFrameAt = 0;
  let lastPageAt = 0;
  page.on("websocket", (ws) => ws.on("framereceived", (f) => {
    firstFrameAt ||= Date.now();
    if (!lastPageAt && String(f.payload).includes('"lastPage":true')) lastPageAt = Date.now();
  }));
  const navigatedAt = Date.now();

  // 1. Open with the token in the fragment: it leaves the address bar, the page goes live with the snapshot.
  await page.goto(`${BASE_URL}/events/${EVENT_ID}#token=${VIEWER_TOKEN}`);
  await page.locator('#connection[data-state="live"]').waitFor();
  check(!page.url().includes("token"), "the token is removed from the address bar: " + page.url());
  check(requestedUrls.every((u) => !u.includes(VIEWER_TOKEN)), "the token never appears in a requested URL");
  await page.locator('tr[data-guest-id="seed-0001"]').waitFor();
  const seededRows = await page.locator("#guest-rows tr").count();
  check(seededRows === SEEDED_GUESTS, `the snapshot pages rendered every seeded guest (${seededRows} rows)`);
  const shownAt = Date.now();
  console.log(`${seededRows} guests: first frame ${firstFrameAt - navigatedAt} ms after navigation, last snapshot page `
    + `${lastPageAt - navigatedAt} ms, rows on screen ${shownAt - navigatedAt} ms`);

  // 2. A check-in published over HTTP shows up without a reload, row and counts, within a second of the
  // server accepting it (the deadline starts at the HTTP answer; the page may well be first).
  const checkedInBefore = Number(await cardPax(page, "CHECKED_IN"));
  const started = Date.now();
  await publish("live-1", "Ada Lovelace", "CHECKED_IN", 3, "7");
  const publishMillis = Date.now() - started;
  await page.waitForFunction((pax) => {
    const row = document.querySelector('tr[data-guest-id="live-1"]');
    const card = document.querySelector('#counts .card[data-status="CHECKED_IN"] .card-pax');
    return row && row.dataset.status === "CHECKED_IN" && Number(card.textContent) === pax;
  }, checkedInBefore + 3, { timeout: LIVE_DEADLINE_MS, polling: "raf" });
  const liveMillis = Date.now() - started;
  check(await page.locator('tr[data-guest-id="live-1"]').evaluate((row) => row.classList.contains("changed")),
    "the changed row is highlighted");
  console.log(`live update visible ${liveMillis} ms after the publish request (its HTTP answer took ${publishMillis} ms)`);

  // 3. Search and the status filter narrow the list; clearing them restores it.
  await page.fill("#search", "lovelace");
  await page.waitForFunction(() => document.querySelectorAll("#guest-rows tr:not([hidden])").length === 1);
  await page.fill("#search", "");
  await page.selectOption("#status-filter", "CHECKED_IN");
  await page.waitForFunction(() => [...document.querySelectorAll("#guest-rows tr:not([hidden])")]
    .every((row) => row.dataset.status === "CHECKED_IN"));
  await page.selectOption("#status-filter", "");
  await page.waitForFunction((n) => document.querySelectorAll("#guest-rows tr:not([hidden])").length === n, seededRows + 1);

  // 4. The node goes away; updates are published meanwhile; once it is back the page shows them, no reload.
  await page.evaluate(() => {
    window.__states = [];
    new MutationObserver(() => window.__states.push(document.getElementById("connection").dataset.state))
      .observe(document.getElementById("connection"), { attributes: true, attributeFilter: ["data-state"] });
    window.__loadedAt = performance.timeOrigin;
  });
  await step("outage");
  await page.waitForFunction(() => ["outage-1", "outage-2", "outage-3"].every((id) =>
    document.querySelector(`tr[data-guest-id="${id}"]`)?.dataset.status === "CHECKED_IN"), null, { timeout: 30000 });
  await page.locator('#connection[data-state="live"]').waitFor();
  const states = await page.evaluate(() => window.__states);
  check(states.includes("reconnecting"), "the indicator showed reconnecting: " + states.join(","));
  check(await page.evaluate(() => window.__loadedAt === performance.timeOrigin), "no reload happened");
  check(await page.locator('tr[data-guest-id="live-1"]').count() === 1, "updates from before the outage are kept");

  // 5. Screenshots at phone, tablet and desktop sizes.
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [name, width, height] of [["phone", 390, 844], ["tablet", 820, 1180], ["desktop", 1440, 900]]) {
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `no horizontal scrolling at ${width}x${height} (${overflow}px too wide)`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-${name}-${width}x${height}.png`) });
  }

  // 6. Without a token the page asks for one; entered once, it is kept for the tab (sessionStorage).
  const second = await context.newPage();
  await second.setViewportSize({ width: 390, height: 844 });
  second.on("pageerror", (e) => problems.push("page error (token form): " + e.message));
  await second.goto(`${BASE_URL}/events/${EVENT_ID}`);
  await second.locator("#token-panel:not([hidden])").waitFor();
  await second.screenshot({ path: join(SCREENSHOT_DIR, "dashboard-token-form-390x844.png") });
  await second.fill("#token-input", VIEWER_TOKEN);
  await second.press("#token-input", "Enter");
  await second.locator('#connection[data-state="live"]').waitFor();
  await second.locator('tr[data-guest-id="outage-3"]').waitFor();
  await second.reload();
  await second.locator('#connection[data-state="live"]').waitFor();
  check(await second.locator("#token-panel").isHidden(), "after a reload the tab still has its token");

  // 7. A token about to expire: the server warns (4441) and the page asks for a new one, sent in-band
  // (no reconnect); a token left to expire (4440) ends the session and the page asks again, then carries on.
  const third = await context.newPage();
  await third.setViewportSize({ width: 820, height: 1180 });
  const firstToken = await step("short-token 4");
  const firstTokenAt = Date.now();
  await third.goto(`${BASE_URL}/events/${EVENT_ID}#token=${firstToken}`);
  await third.locator('#connection[data-state="live"]').waitFor();
  await third.locator("#token-panel:not([hidden])").waitFor();
  check((await third.textContent("#token-reason")).includes("expires within"), "the page warns before expiry");
  await third.evaluate(() => {
    window.__states = [];
    new MutationObserver(() => window.__states.push(document.getElementById("connection").dataset.state))
      .observe(document.getElementById("connection"), { attributes: true, attributeFilter: ["data-state"] });
  });
  await third.fill("#token-input", await step("short-token 10"));
  await third.click("#token-form button");
  await third.waitForFunction(() => document.getElementById("token-reason").textContent.includes("has expired"), null,
    { timeout: 30000 });
  const sessionMillis = Date.now() - firstTokenAt;
  check(sessionMillis >= 8000, `the in-band refresh outlived the first token (${sessionMillis} ms)`);
  const statesBeforeExpiry = await third.evaluate(() => window.__states);
  check(statesBeforeExpiry.join(",") === "offline", "the refreshed session lasted until its token expired: " + statesBeforeExpiry);
  await third.screenshot({ path: join(SCREENSHOT_DIR, "dashboard-token-expired-820x1180.png") });
  await third.fill("#token-input", VIEWER_TOKEN);
  await third.click("#token-form button");
  await third.locator('#connection[data-state="live"]').waitFor();
  check(await third.locator('tr[data-guest-id="outage-3"]').count() === 1, "the guest list is still there");

  check(problems.length === 0, "no console errors: " + problems.join(" | "));
  console.log("dashboard checks passed");
  exitCode = 0;
} catch (e) {
  console.log("FAILED " + (e.stack || e));
  if (problems.length) console.log("browser problems: " + problems.join(" | "));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(exitCode);
}
