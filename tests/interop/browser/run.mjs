#!/usr/bin/env node
// Drives the browser scenario: serves index.html, client.js and the WebAssembly package from a
// tiny static server on 127.0.0.1, loads the page in headless Debian Chromium through
// playwright-core (executablePath /usr/bin/chromium; playwright never downloads a browser
// here), waits for the page's verdict, writes what each WebSocket received to the capture
// folder (one message per line, for `xmpp-wire frames --mode websocket`), and keeps a
// screenshot in target/artifacts/.
//
// Environment: XMPP_WS_URL, XMPP_DOMAIN, XMPP_PASSWORD_alice, XMPP_PASSWORD_bob (prosody.sh's
// env file), INTEROP_CAPTURES (default target/interop/captures), CHROMIUM (default
// /usr/bin/chromium). Prints `ok - …` lines, then `browser: N passed, M failed`.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const pageDir = fileURLToPath(new URL("./", import.meta.url));
const packageDir = join(root, "bindings", "wasm");
const captures = process.env.INTEROP_CAPTURES ?? join(root, "target", "interop", "captures");
const artifacts = join(root, "target", "artifacts");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

// playwright-core is a devDependency of the WebAssembly package (bindings/wasm/node_modules).
const { chromium } = createRequire(join(packageDir, "package.json"))("playwright-core");

for (const name of ["XMPP_WS_URL", "XMPP_DOMAIN", "XMPP_PASSWORD_alice", "XMPP_PASSWORD_bob"]) {
  if (!process.env[name]) {
    console.error(`browser: ${name} is not set (source the env file of tests/interop/prosody.sh)`);
    process.exit(2);
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};

/** `/xmpp-wire/js/…` and `/xmpp-wire/pkg/…` from the package, everything else from this folder. */
function resolvePath(urlPath) {
  const [base, rest] = urlPath.startsWith("/xmpp-wire/") ? [packageDir, urlPath.slice(11)] : [pageDir, urlPath.slice(1) || "index.html"];
  const file = normalize(join(base, rest));
  if (!file.startsWith(normalize(base + sep))) return null;
  if (base === packageDir && !/^(js|pkg)[/\\]/.test(rest)) return null;
  return file;
}

function serve() {
  const server = createServer((request, response) => {
    const file = resolvePath(decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname));
    try {
      if (!file) throw new Error("outside");
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const server = await serve();
const profile = mkdtempSync(join(tmpdir(), "xmpp-wire-interop-chromium-"));
let context;
let status = 1;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
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
    viewport: { width: 1100, height: 900 },
  });
  console.log(`# ${chromiumPath}: Chromium ${context.browser()?.version() ?? ""}`.trimEnd());
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(`console: ${msg.text()}`);
  });
  const query = new URLSearchParams({
    ws: process.env.XMPP_WS_URL,
    domain: process.env.XMPP_DOMAIN,
    alice: process.env.XMPP_PASSWORD_alice,
    bob: process.env.XMPP_PASSWORD_bob,
  });
  const { port } = server.address();
  await page.goto(`http://127.0.0.1:${port}/index.html?${query}`);
  await page.waitForFunction(() => document.body.dataset.done === "1", null, { timeout: 90_000 });
  const results = await page.evaluate(() => window.interop);

  mkdirSync(captures, { recursive: true });
  for (const [label, messages] of Object.entries(results.captures)) {
    // One WebSocket message per line (RFC 7395 §3.3.3: each message is one whole element).
    writeFileSync(join(captures, `browser-${label}.ws`), messages.map((m) => m + "\n").join(""));
    writeFileSync(join(captures, `browser-${label}.sent.ws`), results.sent[label].map((m) => m + "\n").join(""));
    writeFileSync(join(captures, `browser-${label}.frames`), results.frames[label].map((k) => k + "\n").join(""));
  }
  mkdirSync(artifacts, { recursive: true });
  const shot = join(artifacts, "interop-browser.png");
  await page.screenshot({ path: shot, fullPage: true });
  writeFileSync(join(artifacts, "interop-browser.json"), JSON.stringify(results, null, 2) + "\n");

  console.log(`# ${results.userAgent}`);
  console.log(`# xmpp-wire ${results.version} over ${process.env.XMPP_WS_URL}`);
  for (const step of results.steps) console.log(`${step.ok ? "ok" : "not ok"} - ${step.name}${step.detail ? `: ${step.detail}` : ""}`);
  let { passed, failed } = results;
  if (pageErrors.length) {
    failed++;
    console.log(`not ok - no errors on the page: ${pageErrors.join("; ")}`);
  }
  console.log(`# screenshot: ${shot}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  status = failed === 0 && passed > 0 ? 0 : 1;
  await page.close();
} catch (error) {
  console.log(`not ok - browser scenario: ${error?.stack ?? error}`);
  console.log("browser: 0 passed, 1 failed");
} finally {
  await context?.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
