// Browser end-to-end tests for the website that `forvalt serve` produces.
//
// Run against the served example repository:
//
//   forvalt serve examples/os2skolekoersel --port 4123 --today 2026-06-15 -q &
//   FORVALT_URL=http://127.0.0.1:4123/produktforvaltning/ node tests/browser/e2e.mjs
//
// Uses the system Chromium (CHROMIUM, default /usr/bin/chromium) through playwright-core;
// nothing is downloaded. Exit status 0 when every test passes, 1 when one fails, 2 when the
// tests cannot run at all.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(import.meta.url);

const BASE = process.env.FORVALT_URL;
if (!BASE || !/^https?:\/\//.test(BASE)) {
  console.error(
    "FORVALT_URL must be the address of the served site, e.g.\n" +
      "  FORVALT_URL=http://127.0.0.1:4123/produktforvaltning/ node tests/browser/e2e.mjs",
  );
  process.exit(2);
}
const base = new URL(BASE.endsWith("/") ? BASE : BASE + "/");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TEST_TIMEOUT_MS = 120_000;

/** The address of a site path (given relative to the base URL, unescaped). */
const url = (path) => new URL(path, base).href;

/** A page address without its fragment, and with `index.html` as a folder. */
function canonical(href) {
  const u = new URL(href);
  u.hash = "";
  u.pathname = u.pathname.replace(/\/index\.html$/, "/");
  return u.href;
}

// ---------------------------------------------------------------------------------------
// Test harness

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

class Failure extends Error {}
function check(condition, message) {
  if (!condition) {
    throw new Failure(message);
  }
}

/** Every request any page made, for the "no request leaves localhost" test. */
const requests = [];
/** Uncaught exceptions in pages: forvalt's script must not throw. */
const pageErrors = [];

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
function isLocal(href) {
  let u;
  try {
    u = new URL(href);
  } catch {
    return false;
  }
  if (["data:", "blob:", "about:"].includes(u.protocol)) {
    return true;
  }
  return LOCAL_HOSTS.has(u.hostname);
}

let browser;

/** A fresh browser context and page with the recorders attached. */
async function newPage(testName, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "da-DK",
    timezoneId: "Europe/Copenhagen",
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  // Record every request; never let one out (a request to the internet would hang or leak).
  context.on("request", (r) => {
    let from = "";
    try {
      from = r.frame().url();
    } catch {
      // A request of no frame (a service worker's): the address alone will do.
    }
    requests.push({ test: testName, url: r.url(), page: from });
  });
  context.on("weberror", (e) => pageErrors.push({ test: testName, error: String(e.error()) }));
  await context.route(
    (u) => !isLocal(u.href),
    (route) => route.abort("blockedbyclient"),
  );
  const page = await context.newPage();
  page.on("websocket", (ws) => requests.push({ test: testName, url: ws.url(), page: page.url() }));
  return { context, page };
}

/** Runs `fn` with a fresh page and closes its context afterwards. */
async function withPage(testName, options, fn) {
  const { context, page } = await newPage(testName, options);
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** Loads a page and waits until its fonts and script have settled. */
async function open(page, href, { status = 200 } = {}) {
  // Not "networkidle": the live-reload event stream of `forvalt serve` stays open.
  const response = await page.goto(href, { waitUntil: "load" });
  check(response, `no response for ${href}`);
  check(
    response.status() === status,
    `${href} answered ${response.status()}, expected ${status}`,
  );
  await page.evaluate(() => document.fonts.ready);
  return response;
}

// ---------------------------------------------------------------------------------------
// The tests

test("the menu opens the right page", async (name) => {
  await withPage(name, {}, async (page) => {
    await open(page, url("./"));
    const menu = page.locator('nav#menu[aria-label="Hovedmenu"]');
    check((await menu.count()) === 1, 'the front page has no <nav id="menu" aria-label="Hovedmenu">');

    const steps = [
      {
        link: () => menu.getByRole("link", { name: "Roadmaps", exact: true }),
        path: "docs/Roadmaps/roadmaps.html",
        h1: "Roadmaps for OS2skolekørsel – produktforvaltning",
      },
      {
        // A child of the entry just opened: the submenu is labelled after its parent.
        link: () =>
          menu
            .getByRole("list", { name: "Undersider til Roadmaps" })
            .getByRole("link", { name: "Roadmap 2026", exact: true }),
        path: "docs/Roadmaps/roadmap-2026.html",
        h1: "OS2skolekørsel: Roadmap 2026/27",
      },
    ];
    for (const step of steps) {
      const link = step.link();
      check((await link.count()) === 1, `the menu on ${page.url()} has no single link ${link}`);
      const text = (await link.innerText()).trim();
      await Promise.all([page.waitForURL(url(step.path)), link.click()]);
      check(
        canonical(page.url()) === canonical(url(step.path)),
        `clicking "${text}" opened ${page.url()}, expected ${url(step.path)}`,
      );
      const h1 = (await page.locator("main h1").first().innerText()).trim();
      check(h1 === step.h1, `"${text}" opened a page whose <h1> is "${h1}", expected "${step.h1}"`);
      const current = page.locator('#menu a[aria-current="page"]');
      const currents = await current.allInnerTexts();
      check(
        currents.length === 1 && currents[0].trim() === text,
        `after clicking "${text}", the menu entries with aria-current="page" are ` +
          `${JSON.stringify(currents)}, expected ["${text}"]`,
      );
      const currentHref = await current.evaluate((a) => a.href);
      check(
        canonical(currentHref) === canonical(page.url()),
        `the menu entry marked aria-current="page" links to ${currentHref}, not to this page ${page.url()}`,
      );
    }
  });
});

test("the menu button opens the menu on a narrow screen", async (name) => {
  await withPage(name, { viewport: { width: 360, height: 800 } }, async (page) => {
    await open(page, url("./"));
    const button = page.getByRole("button", { name: "Menu", exact: true });
    check(await button.isVisible(), "at 360 px the menu button is not visible");
    check(!(await page.locator("#menu").isVisible()), "at 360 px the menu is shown before the button is pressed");
    check(
      (await button.getAttribute("aria-expanded")) === "false",
      'the menu button does not start with aria-expanded="false"',
    );
    await button.click();
    check(
      (await button.getAttribute("aria-expanded")) === "true",
      'after a click the menu button does not have aria-expanded="true"',
    );
    const link = page.locator("#menu").getByRole("link", { name: "Roadmaps", exact: true });
    check(await link.isVisible(), "after a click on the menu button, the menu link Roadmaps is not visible");
    await Promise.all([page.waitForURL(url("docs/Roadmaps/roadmaps.html")), link.click()]);
  });
});

test("the whole menu is on every page, its branches open and close by mouse and keyboard", async (name) => {
  for (const width of [1280, 360]) {
    await withPage(`${name} (${width} px)`, { viewport: { width, height: 900 } }, async (page) => {
      await open(page, url("docs/Roadmaps/roadmap-2026.html"));
      if (width === 360) {
        await page.getByRole("button", { name: "Menu", exact: true }).click();
      }
      const menu = page.locator("#menu");
      // The current branch is open; another branch is there, closed, behind its expander.
      const styring = menu.getByRole("button", { name: "Undersider til Styring og forvaltning", exact: true });
      await styring.waitFor({ timeout: 10_000 });
      const roadmaps = menu.getByRole("button", { name: "Undersider til Roadmaps", exact: true });
      check((await roadmaps.getAttribute("aria-expanded")) === "true", "the current page's branch is not open");
      check((await styring.getAttribute("aria-expanded")) === "false", "another page's branch starts open");
      const child = menu.getByRole("link", { name: "Organisering", exact: true });
      check(!(await child.isVisible()), "a closed branch shows its pages");
      await styring.click();
      check((await styring.getAttribute("aria-expanded")) === "true", "a click does not open the branch");
      check(await child.isVisible(), "an opened branch does not show its pages");
      // Keyboard: the expander is a button in the tab order; Enter and Space toggle it.
      await styring.focus();
      await page.keyboard.press("Enter");
      check((await styring.getAttribute("aria-expanded")) === "false", "Enter does not close the branch");
      check(!(await child.isVisible()), "a branch closed by keyboard still shows its pages");
      await page.keyboard.press("Space");
      check((await styring.getAttribute("aria-expanded")) === "true", "Space does not open the branch");
      // Pages deep in another branch are reachable from here, as in just-the-docs.
      const møder = menu.getByRole("button", { name: "Undersider til Møder" }).first();
      await møder.click();
      const kalender = menu.getByRole("link", { name: "Mødekalender 2026", exact: true }).first();
      await Promise.all([page.waitForURL(/m%C3%B8dekalender\.html$/), kalender.click()]);
      const current = await page.locator('#menu a[aria-current="page"]').allInnerTexts();
      check(current.length >= 1 && current.every((t) => t.trim() === "Mødekalender 2026"), `aria-current on ${JSON.stringify(current)}`);
    });
  }
});

test("the decision log filters by type and links to a decision with its card", async (name) => {
  await withPage(name, {}, async (page) => {
    await open(page, url("forvaltning/beslutningslog.html"));
    const rows = page.locator("#beslutninger tbody tr");
    const all = await rows.count();
    check(all >= 10, `the decision log lists ${all} decisions, expected at least 10`);
    const type = page.getByLabel("Type", { exact: true });
    check(await type.isVisible(), "the decision log has no visible Type filter");
    await type.selectOption("ODR");
    const visible = await page.locator("#beslutninger tbody tr:not([hidden])").count();
    check(visible > 0 && visible < all, `filtering on ODR shows ${visible} of ${all} rows`);
    const count = await page.locator(".filter-count").textContent();
    check(count.includes(`Viser ${visible} af ${all}`), `the filter count says "${count}"`);
    const link = page.locator("#beslutninger tbody tr:not([hidden]) a").first();
    await Promise.all([page.waitForLoadState("load"), link.click()]);
    const card = page.getByRole("complementary", { name: "Om beslutningen" });
    check(await card.isVisible(), "a decision page has no visible card named 'Om beslutningen'");
  });
});

test("search finds a Danish word in another page", async (name) => {
  const word = "kommunerne";
  // The word's forms in the example (the index is stemmed: any form may be the one found).
  const forms = /(?<![\p{L}\p{N}])kommun(?:e|en|ens|er|erne|ernes|ers)(?![\p{L}\p{N}])/iu;
  await withPage(name, {}, async (page) => {
    await open(page, url("./"));
    const from = page.url();
    const search = page.locator("#sog");
    check((await search.count()) === 1, "the front page has no header search field #sog");
    await search.fill(word);
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith("/search.html")), search.press("Enter")]);
    check(
      new URL(page.url()).searchParams.get("q") === word,
      `submitting the header search opened ${page.url()}, expected search.html?q=${word}`,
    );
    const links = page.locator(".search-page ol.search-results > li > a");
    try {
      await links.first().waitFor({ state: "visible", timeout: 10_000 });
    } catch {
      const status = await page.locator(".search-status").innerText().catch(() => "");
      throw new Failure(`searching for "${word}" listed no results (status: "${status}")`);
    }
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
    // The live region announces the count ("12 resultater for “kommunerne”").
    const status = (await page.getByRole("status").innerText()).trim();
    check(
      status.startsWith(`${hrefs.length} resultat`) && status.includes(word),
      `the search status "${status}" does not announce the ${hrefs.length} results for "${word}"`,
    );
    const others = hrefs.filter(
      (h) => canonical(h) !== canonical(from) && !new URL(h).pathname.endsWith("/search.html"),
    );
    check(
      others.length > 0,
      `searching for "${word}" found only the page it was searched from: ${JSON.stringify(hrefs)}`,
    );
    for (const h of hrefs) {
      check(new URL(h).origin === base.origin, `a search result leaves the site: ${h}`);
    }
    const index = hrefs.indexOf(others[0]);
    const result = links.nth(index);
    const title = (await result.innerText()).trim();
    const marks = await page
      .locator(".search-page ol.search-results > li")
      .nth(index)
      .locator("mark")
      .allInnerTexts();
    check(
      marks.some((m) => forms.test(m)),
      `the excerpt of the result "${title}" marks ${JSON.stringify(marks)}, no form of "${word}"`,
    );
    await Promise.all([page.waitForURL(others[0]), result.click()]);
    await page.waitForLoadState("load");
    check(
      canonical(page.url()) === canonical(others[0]),
      `clicking the result "${title}" opened ${page.url()}, expected ${others[0]}`,
    );
    const text = await page.locator("main").innerText();
    const found = text.match(forms);
    check(found, `the result "${title}" (${page.url()}) contains no form of "${word}"`);
  });
});

test("a roadmap SVG is visible and has an accessible name", async (name) => {
  await withPage(name, {}, async (page) => {
    await open(page, url("docs/Roadmaps/roadmap-2026.html"));
    const svgs = page.locator('figure.chart-gantt svg[id^="roadmap-"]');
    const n = await svgs.count();
    check(n > 0, 'docs/Roadmaps/roadmap-2026.html has no <svg id="roadmap-N"> in a figure.chart-gantt');
    for (let i = 0; i < n; i++) {
      const svg = svgs.nth(i);
      const id = await svg.getAttribute("id");
      check(await svg.isVisible(), `#${id} is not visible`);
      const box = await svg.boundingBox();
      check(box && box.width > 0 && box.height > 0, `#${id} has an empty bounding box: ${JSON.stringify(box)}`);
      const viewport = page.viewportSize();
      check(
        box.x >= 0 && box.x + box.width <= viewport.width + 0.5,
        `#${id} (x ${box.x}, width ${box.width}) does not fit the ${viewport.width} px window`,
      );
      check((await svg.getAttribute("role")) === "img", `#${id} does not have role="img"`);
      // The name as the author wrote it, then the element the accessibility tree finds by it.
      const label = await svg.evaluate((el) => {
        const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
        return ids.map((i) => document.getElementById(i)?.textContent.trim() || "").join(" ").trim();
      });
      check(label.length > 0, `#${id}: aria-labelledby names no element with text`);
      const byRole = page.getByRole("img", { name: label, exact: true });
      const ids = await byRole.evaluateAll((els) => els.map((e) => e.id));
      check(
        ids.includes(id),
        `no element with role img and accessible name "${label}" is #${id} (found ${JSON.stringify(ids)})`,
      );
      const snapshot = await page.locator(`figure:has(svg#${id})`).ariaSnapshot();
      check(
        snapshot.includes(`img "${label}"`),
        `the accessibility tree of #${id}'s figure has no img named "${label}":\n${snapshot.slice(0, 600)}`,
      );
      const description = await svg.evaluate((el) => {
        const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        return ids.map((i) => document.getElementById(i)?.textContent.trim() || "").join(" ").trim();
      });
      check(description.length > 0, `#${id} has no description (aria-describedby)`);
    }
  });
});

// A roadmap's PNG and PDF are drawn by the browser from its SVG download. The three are
// compared on the same canvas: the SVG as Chromium draws it, the PNG, and the PDF's page as
// poppler's pdftoppm draws it (at the PNG's size). A pixel differs when its colour is
// visibly off; text antialiasing and the PDF's Helvetica against the SVG's Liberation Sans
// (the same widths) differ at glyph edges only.
test("a roadmap's PNG and PDF downloads show what its SVG download shows", async (name) => {
  await withPage(name, { acceptDownloads: true }, async (page) => {
    await open(page, url("docs/Roadmaps/roadmap-2026.html"));
    const svgHref = await page.locator('.chart-downloads a[href$="-roadmap-1.svg"]').first().evaluate((a) => a.href);
    const download = async (format) => {
      const button = page.locator(`.chart-downloads button[data-draw="${format}"]`).first();
      check(await button.isVisible(), `the ${format.toUpperCase()} button is not shown`);
      const [d] = await Promise.all([page.waitForEvent("download"), button.click()]);
      check(d.suggestedFilename().endsWith(`-roadmap-1.${format}`), `named ${d.suggestedFilename()}`);
      return fs.readFileSync(await d.path());
    };
    const png = await download("png");
    const pdf = await download("pdf");
    check(png.subarray(1, 4).toString() === "PNG", "the PNG download is not a PNG");
    check(pdf.subarray(0, 5).toString() === "%PDF-", "the PDF download is not a PDF");
    const { execFileSync } = await import("node:child_process");
    const dir = fs.mkdtempSync("/tmp/forvalt-e2e-");
    fs.writeFileSync(`${dir}/chart.pdf`, pdf);
    // The PDF's text is text: titles and task names can be searched and copied.
    const text = execFileSync("pdftotext", [`${dir}/chart.pdf`, "-"]).toString();
    for (const words of ["Udviklingsplan for OS2skolekørsel", "Rutemotor v4", "Kick-off for rutemotor v4"]) {
      check(text.includes(words), `the PDF's text lacks "${words}": ${text.slice(0, 300)}`);
    }
    const info = execFileSync("pdfinfo", [`${dir}/chart.pdf`]).toString();
    check(/Tagged:\s+yes/.test(info), `the PDF is not tagged:\n${info}`);
    check(/Title:\s+\S/.test(info), `the PDF has no title:\n${info}`);
    // The page at 144 dpi: 2 pixels a point, the PNG's scale.
    execFileSync("pdftoppm", ["-r", "144", "-png", "-singlefile", `${dir}/chart.pdf`, `${dir}/page`]);
    const pdfPng = fs.readFileSync(`${dir}/page.png`);
    fs.rmSync(dir, { recursive: true, force: true });
    const shots = process.env.E2E_SHOTS;
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      fs.writeFileSync(`${shots}/roadmap-download.png`, png);
      fs.writeFileSync(`${shots}/roadmap-download-pdf.png`, pdfPng);
    }
    const dataUrl = (b) => `data:image/png;base64,${b.toString("base64")}`;
    const r = await page.evaluate(async ([svgUrl, pngUrl, pdfUrl]) => {
      const load = (src) =>
        new Promise((ok, no) => {
          const i = new Image();
          i.onload = () => ok(i);
          i.onerror = () => no(new Error(`cannot load ${src.slice(0, 60)}`));
          i.src = src;
        });
      const [a, b, c] = await Promise.all([load(svgUrl), load(pngUrl), load(pdfUrl)]);
      const w = b.naturalWidth;
      const h = b.naturalHeight;
      const pixels = (img) => {
        const cv = document.createElement("canvas");
        cv.width = w;
        cv.height = h;
        const x = cv.getContext("2d");
        x.fillStyle = "#fff";
        x.fillRect(0, 0, w, h);
        x.drawImage(img, 0, 0, w, h);
        return x.getImageData(0, 0, w, h).data;
      };
      const share = (p, q) => {
        let differ = 0;
        for (let i = 0; i < p.length; i += 4) {
          const d = Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]);
          if (d > 120) differ++;
        }
        return differ / (w * h);
      };
      const [ps, pp, pd] = [pixels(a), pixels(b), pixels(c)];
      return { w, h, pdfSize: [c.naturalWidth, c.naturalHeight], png: share(ps, pp), pdf: share(pp, pd), pdfSvg: share(ps, pd) };
    }, [svgHref, dataUrl(png), dataUrl(pdfPng)]);
    const pct = (x) => `${(x * 100).toFixed(2)} %`;
    console.log(`    note: ${r.w}×${r.h} px; PNG vs SVG ${pct(r.png)}, PDF vs PNG ${pct(r.pdf)}, PDF vs SVG ${pct(r.pdfSvg)} of the pixels differ`);
    check(Math.abs(r.pdfSize[0] - r.w) <= 2 && Math.abs(r.pdfSize[1] - r.h) <= 2, `the PDF page is ${r.pdfSize} px at 144 dpi, the PNG ${r.w}×${r.h}`);
    check(r.png < 0.01, `the PNG differs from the SVG in ${pct(r.png)} of its pixels`);
    check(r.pdf < 0.02, `the PDF differs from the PNG in ${pct(r.pdf)} of its pixels`);
  });
});

// The example's roadmaps, drawn in forvalt's readable geometry, at a desktop and a phone
// width: every text box against every other text box and against the marker and today lines,
// and every text's size as drawn. Screenshots are kept in $E2E_SHOTS when it is set.
const ROADMAP_PAGES = [
  "docs/Roadmaps/roadmap-2026.html",
  "docs/Roadmaps/udviklingsplaer/rutemotor.html",
  "docs/Roadmaps/udviklingsplaer/overdragelse.html",
];

for (const width of [1280, 390]) {
  test(`roadmaps at ${width} px: no text overlaps text or a marker line, none under 11 px`, async (name) => {
    const problems = [];
    let measured = 0;
    await withPage(name, { viewport: { width, height: 900 } }, async (page) => {
      for (const path of ROADMAP_PAGES) {
        await open(page, url(path));
        const shots = process.env.E2E_SHOTS;
        if (shots) {
          fs.mkdirSync(shots, { recursive: true });
          const file = `${shots}/${path.replace(/[^a-z0-9]+/gi, "_")}-${width}.png`;
          await page.locator("figure.chart-gantt").first().screenshot({ path: file });
        }
        const found = await page.evaluate(roadmapOverlaps);
        measured += found.texts;
        for (const p of found.problems) problems.push(`${path}: ${p}`);
        check(found.charts > 0, `${path} has no roadmap`);
      }
    });
    check(measured > 0, "no roadmap text was measured");
    check(problems.length === 0, `${problems.length} problems:\n    ${problems.slice(0, 25).join("\n    ")}`);
  });
}

/** In the page: overlapping texts, texts crossed by marker or today lines, texts under 11 px. */
function roadmapOverlaps() {
  const problems = [];
  let texts = 0;
  const charts = document.querySelectorAll("figure.chart-gantt svg");
  for (const svg of charts) {
    const id = svg.id;
    const boxes = [];
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const size = parseFloat(getComputedStyle(t).fontSize);
      // The drawn size: the font size times how much the SVG is scaled.
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      if (size * scale < 10.95) {
        problems.push(`#${id}: "${t.textContent.trim()}" is drawn at ${(size * scale).toFixed(1)} px`);
      }
      // The glyphs' box, not the line box: 1 px in from each side for antialiasing.
      boxes.push({ text: t.textContent.trim(), l: r.left + 1, r: r.right - 1, t: r.top + 1, b: r.bottom - 1 });
    }
    texts += boxes.length;
    boxes.sort((a, b) => a.l - b.l);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].l < boxes[i].r; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.t < b.b && b.t < a.b) {
          problems.push(`#${id}: "${a.text}" overlaps "${b.text}"`);
        }
      }
    }
    const lines = [];
    for (const el of svg.querySelectorAll("rect.vert, line.today")) {
      const r = el.getBoundingClientRect();
      lines.push({ what: el.classList.contains("vert") ? "a marker line" : "the today line", r });
    }
    for (const box of boxes) {
      for (const { what, r } of lines) {
        if (r.left < box.r && box.l < r.right && r.top < box.b && box.t < r.bottom) {
          problems.push(`#${id}: ${what} crosses "${box.text}"`);
        }
      }
    }
  }
  return { charts: charts.length, texts, problems };
}

test("a roadmap wider than the screen scrolls in its figure with the section names in view", async (name) => {
  await withPage(name, { viewport: { width: 390, height: 900 } }, async (page) => {
    await open(page, url("docs/Roadmaps/roadmap-2026.html"));
    const box = page.locator(".chart-scroll").first();
    const m = await box.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      tabindex: el.getAttribute("tabindex"),
      name: el.getAttribute("aria-label"),
    }));
    check(m.scroll > m.client, `the roadmap fits a 390 px screen (${m.scroll} ≤ ${m.client}): nothing to test`);
    check(m.tabindex === "0", "the scrolling roadmap is not a tab stop");
    check(m.name && m.name.includes("rulles"), `the scrolling box has no name that says it scrolls: ${m.name}`);
    check(
      (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
      "the page itself scrolls sideways",
    );
    // Scroll with the keyboard, as a keyboard user would.
    await box.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector(".chart-scroll").scrollLeft > 100);
    // The names follow on the scroll event.
    await page.waitForFunction(() => {
      const el = document.querySelector(".chart-scroll");
      const g = el.querySelector(".sectionTitles");
      return g && (g.getAttribute("transform") || "").includes(String(el.scrollLeft));
    });
    const visible = await box.evaluate((el) => {
      const frame = el.getBoundingClientRect();
      const names = [...el.querySelectorAll(".sectionTitles text")];
      return names.map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent.trim(), inside: r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 };
      });
    });
    check(visible.length > 0, "the roadmap has no section names");
    const hidden = visible.filter((v) => !v.inside).map((v) => v.text);
    check(hidden.length === 0, `section names scrolled out of view: ${hidden.join(", ")}`);
    // The table is one tap away.
    await page.getByRole("link", { name: "Se diagrammet som tabel" }).first().click();
    check(
      await page.locator("details.chart-table").first().evaluate((d) => d.open),
      "the link to the table did not open it",
    );
    check(await page.locator("details.chart-table table").first().isVisible(), "the table is not shown");
  });
});

test("dark mode follows the system setting", async (name) => {
  const pages = ["./", "docs/Roadmaps/roadmap-2026.html"];
  await withPage(name, {}, async (page) => {
    for (const path of pages) {
      for (const [scheme, expected] of [
        ["dark", "rgb(17, 20, 24)"],
        ["light", "rgb(255, 255, 255)"],
        ["dark", "rgb(17, 20, 24)"],
      ]) {
        await page.emulateMedia({ colorScheme: scheme });
        if (page.url() !== url(path)) {
          await open(page, url(path));
        }
        const { bg, fg } = await page.evaluate(() => {
          const s = getComputedStyle(document.body);
          return { bg: s.backgroundColor, fg: s.color };
        });
        check(
          bg === expected,
          `${path} with prefers-color-scheme: ${scheme}: body background is ${bg}, expected ${expected}`,
        );
        const dark = luminance(bg) < 0.2;
        check(
          dark === (scheme === "dark"),
          `${path} with prefers-color-scheme: ${scheme}: body background ${bg} is ${dark ? "dark" : "light"}`,
        );
        check(
          (luminance(fg) > 0.5) === (scheme === "dark"),
          `${path} with prefers-color-scheme: ${scheme}: the text colour ${fg} does not suit the background ${bg}`,
        );
      }
    }
  });
});

/** Relative luminance of an `rgb(…)` colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = (rgb.match(/[\d.]+/g) || ["0", "0", "0"]).slice(0, 3).map(Number);
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

test("the årshjul is a named image with its events in a table reachable by keyboard", async (name) => {
  await withPage(name, {}, async (page) => {
    await open(page, url("docs/Styring og forvaltning/årshjul.html"));
    const wheel = page.getByRole("img", { name: "Årshjul for OS2skolekørsel 2026" });
    check(await wheel.isVisible(), "the wheel is visible and named by its title");
    const box = await wheel.boundingBox();
    check(box && box.width > 300, `the wheel is drawn large enough (${box && box.width} px)`);
    const rows = await page.locator(".aarshjul-list tbody tr").count();
    check(rows > 20, `the list holds the events (${rows} rows)`);
    // Tab through the page until focus reaches a meeting link in the list.
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => !!document.activeElement?.closest(".aarshjul-list"));
    }
    check(reached, "a meeting in the list can be reached with the keyboard");
    // A meeting on the wheel opens its page on a click.
    await page.locator(".aarshjul-svg .aarshjul-link").first().click();
    await page.waitForLoadState("load");
    check(page.url().includes("dagsordner-og-referater"), `a click on a meeting opens it (${page.url()})`);
  });
});

test("every chart has working SVG, PNG and PDF downloads", async (name) => {
  await withPage(name, { acceptDownloads: true }, async (page) => {
    for (const path of ["docs/Roadmaps/roadmap-2026.html", "forvaltning/aarshjul.html"]) {
      await open(page, url(path));
      const types = { svg: "image/svg+xml", png: "image/png", pdf: "application/pdf" };
      // Files of the build: links.
      const links = page.locator(".chart-downloads a");
      const n = await links.count();
      for (let i = 0; i < n; i++) {
        const link = links.nth(i);
        const href = await link.evaluate((a) => a.href);
        const ext = href.split(".").pop();
        const label = await link.evaluate((a) => a.textContent);
        check(label.includes(ext.toUpperCase()), `${path}: the link names its format (${label})`);
        const res = await page.request.get(href);
        check(res.ok(), `${path}: ${href} answers ${res.status()}`);
        const type = res.headers()["content-type"] || "";
        check(type.startsWith(types[ext]), `${path}: ${href} is ${type}`);
        const body = await res.body();
        check(body.length > 1000, `${path}: ${href} has content (${body.length} bytes)`);
      }
      // Drawn here from the SVG: buttons, by keyboard.
      const buttons = page.locator(".chart-downloads button.chart-draw");
      const m = await buttons.count();
      check(n + m >= 3, `${path}: ${n} links and ${m} buttons under the chart`);
      for (let i = 0; i < m; i++) {
        const button = buttons.nth(i);
        const ext = await button.getAttribute("data-draw");
        check((await button.textContent()).includes(ext.toUpperCase()), `${path}: the button names its format`);
        await button.focus();
        const [d] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
        const file = await d.path();
        const body = fs.readFileSync(file);
        check(body.length > 1000, `${path}: the ${ext} drawn here is empty (${body.length} bytes)`);
        if (ext === "pdf") {
          // Its text is text (an årshjul's arcs are curves, its labels words).
          const { execFileSync } = await import("node:child_process");
          const text = execFileSync("pdftotext", [file, "-"]).toString();
          check(text.replace(/\s+/g, " ").trim().length > 40, `${path}: the PDF has no text: ${text}`);
          execFileSync("pdftoppm", ["-r", "36", "-png", "-singlefile", file, `${file}-page`]);
        }
      }
    }
  });
});

test("the 360 px layout has no horizontal scroll", async (name) => {
  const pages = [
    "./",
    "docs/Roadmaps/roadmap-2026.html",
    "docs/Roadmaps/udviklingsplaer/overdragelse.html",
    "beslutninger/2026-06-04-ny-model-for-medfinansiering.html",
    "dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.html",
    "docs/Styring og forvaltning/organisering.html",
    "search.html?q=kommunerne",
    "forvaltning/beslutningslog.html",
    "forvaltning/moeder.html",
    "forvaltning/aendringsoensker.html",
    "forvaltning/statusrapport.html",
    "docs/Styring og forvaltning/årshjul.html",
    "forvaltning/aarshjul.html",
  ];
  const problems = [];
  await withPage(name, { viewport: { width: 360, height: 800 } }, async (page) => {
    for (const path of pages) {
      for (const menuOpen of [false, true]) {
        await open(page, url(path));
        if (path.startsWith("search.html")) {
          await page.locator(".search-results > li").first().waitFor({ timeout: 10_000 }).catch(() => {});
        }
        if (menuOpen) {
          await page.getByRole("button", { name: "Menu", exact: true }).click();
        }
        const m = await page.evaluate(() => {
          const width = window.innerWidth;
          const wide = [];
          for (const el of document.body.querySelectorAll("*")) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 0.5 && r.width > 0) {
              // Only the outermost offenders: skip an element whose parent is one already.
              if (!wide.some((w) => w.el.contains(el))) {
                const name =
                  el.tagName.toLowerCase() +
                  (el.id ? `#${el.id}` : "") +
                  (el.classList.length ? "." + [...el.classList].join(".") : "");
                wide.push({ el, desc: `${name} (right edge ${Math.round(r.right)} px)` });
              }
            }
          }
          return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: width,
            wide: wide.slice(0, 5).map((w) => w.desc),
          };
        });
        if (m.scrollWidth > m.innerWidth) {
          problems.push(
            `${path}${menuOpen ? " (menu open)" : ""}: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; ` +
              `too wide: ${m.wide.join(", ") || "?"}`,
          );
        }
      }
    }
  });
  check(problems.length === 0, `pages scroll sideways at 360 px:\n    ${problems.join("\n    ")}`);
});

test("every page in the sitemap loads without errors", async (name) => {
  // Visits every page once (also feeding the request check below): each answers 200 and
  // every file it loads answers < 400 (script errors fail any test, see main).
  const problems = [];
  await withPage(name, {}, async (page) => {
    const response = await page.request.get(url("sitemap.xml"));
    check(response.ok(), `sitemap.xml answered ${response.status()}`);
    const xml = await response.text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => decodeXml(m[1]));
    check(locs.length > 0, "sitemap.xml lists no pages");
    const failed = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on("requestfailed", (r) => {
      // Leaving a page aborts what is still loading after its load event (the favicon, the
      // live-reload stream of `forvalt serve`): not an error of the site.
      const error = r.failure()?.errorText || "failed";
      if (error !== "net::ERR_ABORTED") failed.push(`${error} ${r.url()}`);
    });
    for (const loc of locs) {
      // The sitemap holds the published addresses: the same paths on the served site.
      const here = new URL(new URL(loc).pathname, base).href;
      failed.length = 0;
      const r = await page.goto(here, { waitUntil: "load" });
      if (!r || r.status() !== 200) {
        problems.push(`${here}: status ${r ? r.status() : "none"}`);
        continue;
      }
      await page.evaluate(() => document.fonts.ready);
      for (const f of failed.splice(0)) problems.push(`${here}: ${f}`);
    }
  });
  check(problems.length === 0, `problems while visiting the sitemap:\n    ${problems.join("\n    ")}`);
});

function decodeXml(s) {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

// axe cannot judge text drawn in SVG (it reports it as "incomplete"), so the charts get a
// check of their own: every text in a chart against what is drawn behind it (WCAG 1.4.3:
// 4.5:1, large text 3:1), every connecting line and arrowhead against what is behind it
// (WCAG 1.4.11: 3:1), in light and in dark mode.
const CHART_PAGES = [
  "docs/Roadmaps/roadmap-2026.html",
  "docs/Roadmaps/udviklingsplaer/overdragelse.html",
  "docs/Styring og forvaltning/årshjul.html",
  "forvaltning/aarshjul.html",
  "docs/Styring og forvaltning/organisering.html",
  "docs/om-produktet/kommuner.html",
];

test("chart text and lines contrast with what is behind them (light and dark)", async (name) => {
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    await withPage(name, { colorScheme: scheme, viewport: { width: 1280, height: 1600 } }, async (page) => {
      for (const path of CHART_PAGES) {
        await open(page, url(path));
        const charts = page.locator("figure.chart > svg, figure.chart > .chart-scroll > svg, figure.aarshjul > svg");
        const n = await charts.count();
        check(n > 0, `${path} has no chart (figure.chart or figure.aarshjul > svg)`);
        for (let i = 0; i < n; i++) {
          const found = await charts.nth(i).evaluate(chartContrast);
          for (const f of found) problems.push(`${scheme}, ${path}, ${f}`);
        }
      }
    });
  }
  const shown = problems.slice(0, 30);
  check(
    problems.length === 0,
    `${problems.length} chart element(s) lack contrast:\n    ${shown.join("\n    ")}` +
      (problems.length > shown.length ? `\n    … and ${problems.length - shown.length} more` : ""),
  );
});

/** Runs in the page: the contrast problems of one chart's SVG, one line each. */
function chartContrast(svg) {
  svg.scrollIntoView({ block: "start" });
  const parse = (c) => {
    const m = (c || "").match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const over = (top, a, under) => top.map((v, k) => v * a + under[k] * (1 - a));
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      o *= Number(getComputedStyle(e).opacity);
    }
    return o;
  };
  const SHAPES = new Set(["rect", "circle", "ellipse", "path", "polygon", "polyline"]);
  // The colour painted at (x, y) under `self`: shapes' fills and boxes' backgrounds,
  // composited down to the page's background.
  const backdrop = (x, y, self) => {
    const layers = [];
    for (const el of document.elementsFromPoint(x, y)) {
      if (el === self || self.contains(el)) continue;
      const s = getComputedStyle(el);
      let color = null;
      let alpha = 0;
      // An outermost <svg> is a CSS box: its background is painted like an HTML element's.
      const box = !(el instanceof SVGElement) || (el instanceof SVGSVGElement && !el.ownerSVGElement);
      if (!box) {
        if (SHAPES.has(el.tagName.toLowerCase()) && s.fill !== "none") {
          color = parse(s.fill);
          alpha = color ? color[3] * Number(s.fillOpacity) * opacity(el) : 0;
        }
      } else {
        color = parse(s.backgroundColor);
        alpha = color ? color[3] * opacity(el) : 0;
      }
      if (color && alpha > 0) {
        layers.push([color.slice(0, 3), alpha]);
        if (alpha >= 0.999) break;
      }
    }
    let result = [255, 255, 255]; // the canvas, under everything
    for (const [c, a] of layers.reverse()) result = over(c, a, result);
    return result;
  };
  const problems = [];
  const id = `#${svg.id}`;
  const inView = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;

  // Text: SVG <text> and the HTML labels some diagrams put in <foreignObject>.
  const texts = [...svg.querySelectorAll("text")];
  for (const fo of svg.querySelectorAll("foreignObject *")) {
    if ([...fo.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())) texts.push(fo);
  }
  for (const t of texts) {
    const label = t.textContent.trim();
    const s = getComputedStyle(t);
    const r = t.getBoundingClientRect();
    if (!label || s.visibility === "hidden" || s.display === "none" || r.width === 0 || opacity(t) === 0) continue;
    const y = r.top + r.height / 2;
    if (!inView(r.left + r.width / 2, y)) continue;
    const isSvg = t instanceof SVGElement;
    const paint = parse(isSvg ? s.fill : s.color);
    if (!paint) continue;
    const alpha = paint[3] * (isSvg ? Number(s.fillOpacity) : 1) * opacity(t);
    // Several points along the text, the median counts: a thin line crossing a label does
    // not decide what the label is read against.
    const samples = [0.1, 0.3, 0.5, 0.7, 0.9]
      .map((f) => r.left + r.width * f)
      .filter((x) => inView(x, y))
      .map((x) => {
        const back = backdrop(x, y, t);
        const fg = over(paint.slice(0, 3), alpha, back);
        return { back, fg, got: ratio(fg, back) };
      })
      .sort((a, b) => a.got - b.got);
    const { back, fg, got } = samples[Math.floor(samples.length / 2)];
    const scale = isSvg ? (t.getScreenCTM()?.a ?? 1) : 1;
    const px = parseFloat(s.fontSize) * scale;
    const large = px >= 24 || (px >= 18.66 && Number(s.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    if (got < need) {
      problems.push(
        `${id} text "${label.slice(0, 40)}" (${t.getAttribute("class") || t.tagName.toLowerCase()}, ${px.toFixed(1)} px): ` +
          `${hex(fg)} on ${hex(back)} is ${got.toFixed(2)}:1, needs ${need}:1`,
      );
    }
  }

  // Lines that carry meaning: flowchart and sequence edges, arrowheads, gantt markers.
  const lines = svg.querySelectorAll(
    ".flowchart-link, .edgePath path, .messageLine0, .messageLine1, .relation, .today, .vert",
  );
  const checked = new Set();
  for (const l of lines) {
    const s = getComputedStyle(l);
    if (s.stroke === "none" || s.visibility === "hidden" || s.display === "none") continue;
    const paint = parse(s.stroke);
    if (!paint || !l.getTotalLength || l.getTotalLength() === 0) continue;
    const m = l.getScreenCTM();
    const p = l.getPointAtLength(l.getTotalLength() / 2).matrixTransform(m);
    if (!inView(p.x, p.y)) continue;
    const back = backdrop(p.x, p.y, l);
    const fg = over(paint.slice(0, 3), paint[3] * Number(s.strokeOpacity) * opacity(l), back);
    const got = ratio(fg, back);
    const key = `${l.getAttribute("class")}|${hex(fg)}|${hex(back)}`;
    if (got < 3 && !checked.has(key)) {
      checked.add(key);
      problems.push(
        `${id} line (${l.getAttribute("class")}): ${hex(fg)} on ${hex(back)} is ${got.toFixed(2)}:1, needs 3:1`,
      );
    }
  }
  for (const mk of svg.querySelectorAll("marker")) {
    // An arrowhead is drawn where its edge ends: against the chart's own background.
    const shape = mk.querySelector("path, polygon, circle");
    if (!shape) continue;
    const s = getComputedStyle(shape);
    const paint = parse(s.fill !== "none" ? s.fill : s.stroke);
    if (!paint) continue;
    const used = svg.querySelector(`[marker-end="url(#${mk.id})"], [marker-start="url(#${mk.id})"]`);
    if (!used) continue;
    const r = svg.getBoundingClientRect();
    // What is painted at the chart's corner, the chart's own background included.
    const back = backdrop(r.left + 1, r.top + 1, document.createElement("span"));
    const got = ratio(paint.slice(0, 3), back);
    const key = `marker|${hex(paint)}|${hex(back)}`;
    if (got < 3 && !checked.has(key)) {
      checked.add(key);
      problems.push(`${id} arrowhead (${mk.id}): ${hex(paint)} on ${hex(back)} is ${got.toFixed(2)}:1, needs 3:1`);
    }
  }
  return problems;
}

const AXE_PAGES = [
  { name: "front page", path: "./" },
  { name: "roadmap with an error box", path: "docs/Roadmaps/udviklingsplaer/overdragelse.html", expect: ".chart-error" },
  {
    name: "search page with results",
    path: "search.html?q=kommunerne",
    expect: ".search-results > li",
  },
  { name: "decision", path: "beslutninger/2026-06-04-ny-model-for-medfinansiering.html" },
  { name: "flowchart diagram", path: "docs/Styring og forvaltning/organisering.html", expect: "svg" },
  { name: "timeline diagram", path: "om-produktet/", expect: "svg[aria-roledescription=tidslinje]" },
  { name: "404 page", path: "findes/ikke/side.html", status: 404 },
  { name: "decision log", path: "forvaltning/beslutningslog.html", expect: "#beslutninger" },
  { name: "meetings per body", path: "forvaltning/moeder.html", expect: "table" },
  { name: "change requests board", path: "forvaltning/aendringsoensker.html", expect: ".board" },
  { name: "actions", path: "forvaltning/opgaver.html", expect: "table" },
  { name: "status report", path: "forvaltning/statusrapport.html" },
  { name: "årshjul wheel and list", path: "docs/Styring og forvaltning/årshjul.html", expect: ".aarshjul-svg" },
  { name: "årshjul from aarshjul.yml", path: "forvaltning/aarshjul.html", expect: ".aarshjul-svg" },
  { name: "meeting", path: "dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.html", expect: ".record-card" },
  { name: "priority matrix with computed scores", path: "docs/Styring og forvaltning/prioriteringsmatrice.html", expect: ".heatmap" },
  { name: "governance report with its computed level", path: "docs/Styring og forvaltning/governancerapport.html", expect: ".governance .badge" },
  { name: "decision kept as an issue", path: "forvaltning/sager/17.html", expect: ".discussion" },
  { name: "change request with its issue's discussion", path: "aendringsoensker/005-kortvisning-af-stoppesteder.html", expect: ".comments" },
  { name: "assessment with its pies", path: "docs/Styring og forvaltning/evaluering-2026.html", expect: ".gov-pie" },
];

for (const scheme of ["light", "dark"]) {
  test(`axe finds no WCAG 2.1 A/AA violation (${scheme} mode)`, async (name) => {
    const report = [];
    // axe is injected as an inline script, which the pages' Content-Security-Policy blocks
    // (as it should): this test alone lets the browser bypass it.
    await withPage(name, { colorScheme: scheme, bypassCSP: true }, async (page) => {
      for (const p of AXE_PAGES) {
        await open(page, url(p.path), { status: p.status ?? 200 });
        if (p.expect) {
          try {
            await page.locator(`main ${p.expect}`).first().waitFor({ state: "attached", timeout: 10_000 });
          } catch {
            throw new Failure(`${p.name} (${p.path}) has no ${p.expect} to check`);
          }
        }
        if (p.status === 404) {
          // The 404 page is served at any address: its styles must load from there too.
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const expected = scheme === "dark" ? "rgb(17, 20, 24)" : "rgb(255, 255, 255)";
          check(bg === expected, `the 404 page at ${p.path} is unstyled (body background ${bg})`);
        }
        await page.addScriptTag({ content: AXE_SOURCE });
        const result = await page.evaluate(
          async (tags) =>
            // eslint-disable-next-line no-undef
            await axe.run(document, {
              runOnly: { type: "tag", values: tags },
              resultTypes: ["violations", "incomplete"],
            }),
          AXE_TAGS,
        );
        // A run that checked nothing would pass too: make sure the rules did run.
        const ran = new Set([...result.passes, ...result.violations, ...result.incomplete].map((r) => r.id));
        check(
          ran.has("color-contrast") && ran.has("document-title") && ran.size >= 15,
          `axe checked almost nothing on ${p.path} (rules: ${[...ran].join(", ")})`,
        );
        for (const v of result.violations) {
          const targets = v.nodes
            .slice(0, 4)
            .map((n) => `        ${n.target.join(" ")}${summary(n)}`)
            .join("\n");
          report.push(
            `${p.name} (${p.path}): ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})\n${targets}` +
              (v.nodes.length > 4 ? `\n        … and ${v.nodes.length - 4} more` : ""),
          );
        }
        if (process.env.AXE_INCOMPLETE) {
          for (const v of result.incomplete) {
            console.log(
              `    note: ${scheme} ${p.name}: axe could not decide ${v.id} on ${v.nodes.length} element(s): ` +
                v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(" "))
                  .join(", "),
            );
          }
        }
      }
    });
    check(report.length === 0, `axe reports violations:\n    ${report.join("\n    ")}`);
  });
}

/** The first line of axe's explanation for one element. */
function summary(node) {
  const text = (node.failureSummary || "").split("\n").slice(1, 2).join(" ").trim();
  return text ? ` — ${text}` : "";
}

test("no request leaves localhost", async () => {
  check(requests.length > 0, "no request was recorded: the other tests did not run");
  const outside = requests.filter((r) => !isLocal(r.url));
  const lines = [...new Set(outside.map((r) => `${r.url} (from ${r.page}, test "${r.test}")`))];
  check(lines.length === 0, `requests to other hosts:\n    ${lines.slice(0, 20).join("\n    ")}`);
});

// ---------------------------------------------------------------------------------------
// Run

async function main() {
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  } catch (e) {
    console.error(`cannot start Chromium (${CHROMIUM}): ${e.message}`);
    process.exit(2);
  }
  console.log(`forvalt browser tests: ${base.href} with Chromium ${browser.version()}`);
  const only = process.env.E2E_ONLY;
  let passed = 0;
  const failed = [];
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.fn(t.name),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Failure(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)),
            TEST_TIMEOUT_MS,
          );
        }),
      ]);
      // In every test: forvalt's script must not throw.
      const errors = pageErrors.filter((e) => e.test === t.name).map((e) => e.error);
      check(errors.length === 0, `uncaught script errors:\n    ${errors.join("\n    ")}`);
      passed++;
      console.log(`ok    ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed.push(t.name);
      const message = e instanceof Failure ? e.message : e.stack || String(e);
      console.log(`FAIL  ${t.name} (${Date.now() - started} ms)\n      ${message.replace(/\n/g, "\n      ")}`);
    } finally {
      clearTimeout(timer);
    }
  }
  await browser.close();
  const total = passed + failed.length;
  console.log(
    failed.length === 0
      ? `\n${passed} of ${total} browser tests passed`
      : `\n${failed.length} of ${total} browser tests FAILED: ${failed.join("; ")}`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

await main();
