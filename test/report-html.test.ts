// The HTML report in a real browser: Debian's Chromium (installed by .ci/run), driven by playwright-core.
/// <reference lib="dom" />
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { fixture, runCli, tempDir } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let browser: Browser;
before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
after(async () => {
  await browser?.close();
});

/** Writes py-train's report page to a temp directory and returns its path. */
function writeReport(project: string): string {
  const out = path.join(tempDir(), "site", "report.html");
  const r = runCli(["report", "--format", "html", "--output-file", out], fixture("projects", project));
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^logical report: step 0 of 8 \(5 files\)\n/); // the terminal still gets its report
  return out;
}

interface Visit {
  page: Page;
  problems: string[];
  requests: string[];
}

async function visit(file: string): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, problems, requests };
}

test("the HTML report renders its chart and tables with no console error and no request but its own", async () => {
  const file = writeReport("py-train");
  const { page, problems, requests } = await visit(file);
  try {
    assert.equal(await page.title(), "logical report: step 0 of 8");
    assert.deepEqual(requests, [pathToFileURL(file).href]);

    // The chart: an <svg> with one group per step, drawn at a real size.
    const svg = await page.locator("#chart").boundingBox();
    assert.ok(svg && svg.width > 600 && svg.height > 200, `chart box ${JSON.stringify(svg)}`);
    assert.equal(await page.locator("#chart g.step").count(), 8);
    const statuses = await page
      .locator("#chart g.step")
      .evaluateAll((gs) => gs.map((g) => g.getAttribute("data-status")));
    assert.deepEqual(statuses, [
      "in-progress",
      "done",
      "in-progress",
      "in-progress",
      "in-progress",
      "not-started",
      "done",
      "done",
    ]);
    // Filled bars: step 1 (2 of 24 output calls are logger calls), step 2 (done), steps 3-4 (1 of 9
    // stage sites logged), step 5 (some), steps 7-8 (done).
    const fills = await page
      .locator("#chart rect.fill")
      .evaluateAll((rs) =>
        rs.map((r) => r.getBoundingClientRect()).map((b) => [Math.round(b.width), Math.round(b.height)]),
      );
    assert.equal(fills.length, 7);
    for (const [w, h] of fills) assert.ok(w! > 0 && h! > 0, `bar ${w}x${h}`);

    // The per-module table, sortable by a click on its head; places link to their file and line.
    const names = () => page.locator("#modules tbody tr td:first-child").allTextContents();
    assert.deepEqual(await names(), ["data.py", "features.py", "model.py", "storage.py", "train.py"]);
    await page.locator("#modules th", { hasText: "name" }).click();
    assert.deepEqual(await names(), ["data.py", "features.py", "model.py", "storage.py", "train.py"]);
    await page.locator("#modules th", { hasText: "name" }).click();
    assert.deepEqual(await names(), ["train.py", "storage.py", "model.py", "features.py", "data.py"]);

    const first = await page.locator("#step-1 ul.places a").first();
    assert.equal(await first.textContent(), "model.py:20:5");
    const href = await first.evaluate((a) => (a as HTMLAnchorElement).href);
    assert.equal(href, `${pathToFileURL(fixture("projects", "py-train", "model.py")).href}#L20`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

/** Distinct colours and the share of non-white pixels in a PNG, decoded by the browser itself. */
async function pixels(page: Page, png: Buffer): Promise<{ colours: number; inked: number }> {
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data: rgba } = ctx.getImageData(0, 0, img.width, img.height);
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      colours.add((rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!);
      if (rgba[i]! < 250 || rgba[i + 1]! < 250 || rgba[i + 2]! < 250) inked++;
    }
    return { colours: colours.size, inked: inked / (rgba.length / 4) };
  }, png.toString("base64"));
}

test("a screenshot of the HTML report is not blank", async () => {
  const { page } = await visit(writeReport("py-train"));
  const blank = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  try {
    const shot = await page.screenshot({ fullPage: true });
    assert.deepEqual([...shot.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(""), "PNG");
    await blank.setContent("<!doctype html><body style='background:#fff'></body>");
    const white = await pixels(blank, await blank.screenshot());
    assert.deepEqual(white, { colours: 1, inked: 0 }); // the counter itself sees a blank page as blank
    const report = await pixels(blank, shot);
    // Text, bars in three status colours, table lines: hundreds of colours and a fair share of ink.
    assert.ok(report.colours > 100, `${report.colours} colours`);
    assert.ok(report.inked > 0.03, `${report.inked} of the pixels inked`);
  } finally {
    await page.close();
    await blank.close();
  }
});

test("the HTML report is one self-contained file: no external reference", () => {
  const html = readFileSync(writeReport("py-train"), "utf8");
  assert.doesNotMatch(html, /\b(?:src|href)=["'](?:https?:)?\/\//);
  assert.doesNotMatch(html, /<link\b|@import|url\(/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});
