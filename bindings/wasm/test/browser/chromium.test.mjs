// The package in a real browser: headless Debian Chromium, driven by playwright-core (which
// never downloads a browser here: executablePath is Debian's), loads js/index.js and the .wasm
// from a local HTTP server as any page would, frames every shared vector, and runs
// examples/websocket.html against a canned RFC 7395 endpoint. The example's screenshot is kept
// in target/artifacts/ for CI.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { SESSION, start } from "./server.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const artifacts = fileURLToPath(new URL("../../../../target/artifacts/", import.meta.url));

let server;
let context;
let profile;

before(async () => {
  server = await start();
  profile = mkdtempSync(join(tmpdir(), "xmpp-wire-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1100, height: 640 },
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("Chromium frames every shared vector, whole and 1 byte at a time", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${server.url}/test/browser/vectors.html`);
  await page.waitForFunction(() => window.results !== undefined, null, { timeout: 120_000 });
  const results = await page.evaluate(() => window.results);
  console.log(`# ${results.userAgent}`);
  console.log(`# browser vectors: ${results.passed} passed, ${results.failed} failed`);
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, "wasm-browser-vectors.json"), JSON.stringify(results, null, 2) + "\n");
  assert.deepEqual(errors, []);
  assert.deepEqual(results.failures, []);
  assert.ok(results.passed > 0, "no vectors ran");
  await page.close();
});

test("examples/websocket.html: a WebSocket's messages fed to the parser, with a screenshot", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const ws = server.url.replace("http:", "ws:") + "/xmpp-websocket";
  await page.goto(`${server.url}/examples/websocket.html?url=${encodeURIComponent(ws)}&domain=im.example.com&connect=1`);
  await page.waitForFunction(() => document.body.dataset.done === "1", null, { timeout: 30_000 });
  const rows = await page.$$eval("#frames tr", (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
  const incoming = rows.filter((row) => row[1] === "in");
  assert.deepEqual(errors, []);
  assert.equal(incoming.length, SESSION.length);
  assert.deepEqual(
    incoming.map((row) => row[2]),
    ["element", "element", "iq", "presence", "message", "iq", "element"],
  );
  assert.deepEqual(incoming.map((row) => row[5]), SESSION);
  assert.match(await page.textContent("#status"), new RegExp(`Closed\\. ${SESSION.length} frames received\\.`));
  // The server's ping was answered (RFC 6120 §8.2.3, XEP-0199), in WebSocket framing.
  const sent = rows.filter((row) => row[1] === "out").map((row) => row[5]);
  assert.ok(sent.includes("<iq xmlns='jabber:client' to='im.example.com' id='ping1' type='result'/>"), sent.join("\n"));
  mkdirSync(artifacts, { recursive: true });
  const shot = join(artifacts, "wasm-websocket-example.png");
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`# screenshot: ${shot}`);
  await page.close();
});
