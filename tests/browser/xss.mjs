// Loads every page of a hostile site (crates/forvalt/tests/browser.rs builds it from
// `common::xss_pages`: scripts, event handlers and `javascript:` addresses in Markdown, raw
// HTML, front matter, file names and _config.yml) and fails when any script of the
// repository ran, when a page holds an event handler or a script address, or when the
// Content-Security-Policy had to block something.
//
//   FORVALT_URL=http://127.0.0.1:4123/fjendtlig/ node tests/browser/xss.mjs
//
// Exit status 0 when nothing ran, 1 when something did, 2 when the test cannot run.

import { chromium } from "playwright-core";

const BASE = process.env.FORVALT_URL;
if (!BASE || !/^https?:\/\//.test(BASE)) {
  console.error("FORVALT_URL must be the address of the served hostile site");
  process.exit(2);
}
const base = new URL(BASE.endsWith("/") ? BASE : BASE + "/");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const MAX_PAGES = 500;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
const context = await browser.newContext();
// Every way a payload can announce itself, recorded before any page script runs.
await context.addInitScript(() => {
  window.__ran = [];
  window.__blocked = [];
  for (const f of ["alert", "confirm", "prompt", "print"]) {
    window[f] = (...args) => window.__ran.push(`${f}(${args.join(",")})`);
  }
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__blocked.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
});

const failures = [];
const dialogs = [];
const seen = new Set();
const queue = [base.href];
let pages = 0;

/** A same-site page address without fragment and query, or null. */
function pageOf(href) {
  let u;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return null;
  if (!(u.pathname.endsWith("/") || u.pathname.endsWith(".html"))) return null;
  u.hash = "";
  u.search = "";
  return u.href;
}

while (queue.length > 0 && pages < MAX_PAGES) {
  const address = queue.shift();
  if (seen.has(address)) continue;
  seen.add(address);
  const page = await context.newPage();
  page.on("dialog", async (d) => {
    dialogs.push(`${address}: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
  const response = await page.goto(address, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    await page.close();
    continue;
  }
  pages += 1;
  // Give handlers such as onerror and ontoggle their chance.
  await page.waitForTimeout(100);
  const found = await page.evaluate(() => {
    const handlers = [];
    const addresses = [];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.toLowerCase().startsWith("on")) handlers.push(`<${el.localName} ${a.name}>`);
        if (["href", "src", "action", "formaction", "xlink:href"].includes(a.name.toLowerCase())) {
          const v = a.value.trim().toLowerCase().replace(/[\t\n\r]/g, "");
          if (/^(javascript|vbscript|data:text\/html)/.test(v)) addresses.push(`<${el.localName} ${a.name}="${a.value}">`);
        }
      }
    }
    const links = [...document.querySelectorAll("a[href]")].map((a) => a.href);
    return { handlers, addresses, links, ran: window.__ran, blocked: window.__blocked };
  });
  for (const h of found.handlers) failures.push(`${address}: event handler ${h}`);
  for (const a of found.addresses) failures.push(`${address}: script address ${a}`);
  for (const r of found.ran) failures.push(`${address}: a script ran: ${r}`);
  for (const b of found.blocked) failures.push(`${address}: the Content-Security-Policy blocked ${b}`);
  for (const l of found.links) {
    const p = pageOf(l);
    if (p && !seen.has(p)) queue.push(p);
  }
  await page.close();
}
await browser.close();

failures.push(...dialogs.map((d) => `a dialog opened: ${d}`));
console.log(`loaded ${pages} pages of the hostile site`);
if (pages < 5) failures.push(`only ${pages} pages were reached; the crawl is broken`);
if (failures.length > 0) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log("ok: no script ran on any page");
