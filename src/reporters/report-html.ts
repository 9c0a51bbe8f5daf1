/**
 * `logical report --format html`: one self-contained page (inline CSS, SVG and
 * script; a Content-Security-Policy that forbids every fetch), so it can be
 * kept as a CI artifact and opened anywhere.
 */
import type { GroupReport, Place, Report, StepStatus } from "../engine/report.js";
import { describeFigures, filledCells, STATUS_MARK, STATUS_TEXT, STEP_LABELS, type LinkTo } from "./report.js";

const COLOURS: Record<StepStatus, string> = { done: "#2e7d32", "in-progress": "#f9a825", "not-started": "#c62828" };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Backticked code in our messages, as <code>. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

const BAR_X = 170;
const BAR_WIDTH = 360;
const ROW = 30;

/** The eight steps as horizontal bars: the share of each step's subjects that pass, coloured by status. */
function chart(report: Report): string {
  const height = report.steps.length * ROW + 10;
  const rows = report.steps.map((s, i) => {
    const y = 8 + i * ROW;
    const width = Math.round((BAR_WIDTH * filledCells(s, 100)) / 100);
    const share = s.subjects > 0 ? ` ${s.ok}/${s.subjects}` : "";
    return [
      `<g class="step" data-step="${s.step}" data-status="${s.status}">`,
      `<title>Step ${s.step}: ${esc(s.title)}: ${STATUS_TEXT[s.status]}</title>`,
      `<text x="0" y="${y + 15}">${s.step} ${esc(STEP_LABELS[s.step]!)}</text>`,
      `<rect class="track" x="${BAR_X}" y="${y}" width="${BAR_WIDTH}" height="20" rx="3"/>`,
      width > 0
        ? `<rect class="fill" x="${BAR_X}" y="${y}" width="${width}" height="20" rx="3" fill="${COLOURS[s.status]}"/>`
        : "",
      `<text x="${BAR_X + BAR_WIDTH + 10}" y="${y + 15}">${STATUS_TEXT[s.status]}${share}</text>`,
      `</g>`,
    ].join("");
  });
  return `<svg id="chart" role="img" aria-label="The eight steps: step ${report.step} of 8 reached" viewBox="0 0 680 ${height}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`;
}

function placeLink(p: Place, link: LinkTo): string {
  const text = `${esc(p.file)}:${p.line}:${p.column}`;
  const href = link(p.file, p.line);
  return href === null ? `<code>${text}</code>` : `<a href="${esc(href)}"><code>${text}</code></a>`;
}

function groupTable(id: string, title: string, groups: readonly GroupReport[]): string {
  if (groups.length === 0) return "";
  const head = ["name", "files", "step", "1", "2", "3", "4", "5", "6", "7", "8"]
    .map((h, i) => `<th data-col="${i}"${i > 0 ? ' class="num"' : ""}>${h}</th>`)
    .join("");
  const rows = groups.map((g) => {
    const steps = g.steps
      .map(
        (s) =>
          `<td class="mark ${s.status}" data-sort="${s.open}" title="${STATUS_TEXT[s.status]}: ${s.open} open, ${s.ok} of ${s.subjects} pass">${STATUS_MARK[s.status]}${s.open > 0 ? ` ${s.open}` : ""}</td>`,
      )
      .join("");
    return `<tr><td><code>${esc(g.name)}</code></td><td class="num">${g.files}</td><td class="num">${g.step}</td>${steps}</tr>`;
  });
  return `<h2>${title}</h2><table id="${id}" class="sortable"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.sub{color:#555;margin:0 0 1rem}.next{background:#f3f6fa;border-left:4px solid #1565c0;padding:.6rem .9rem;margin:1rem 0}
#chart text{font-size:13px;fill:#1b1b1b}#chart .track{fill:#e6e6e6}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#fafafa}.sortable th{cursor:pointer;user-select:none}.num{text-align:right}
.mark{text-align:center;white-space:nowrap}.done{color:#2e7d32}.in-progress{color:#a86b00}.not-started{color:#c62828}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f4f4f4;padding:0 .2rem;border-radius:3px}
ul.places{margin:.3rem 0 0;padding-left:1.1rem}a{color:#1565c0}.legend{color:#555;font-size:12px}
`;

/** Click a column head to sort its table; numbers sort as numbers. */
const SCRIPT = `
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var asc = th.getAttribute("data-dir") !== "asc";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("data-dir"); });
      th.setAttribute("data-dir", asc ? "asc" : "desc");
      var key = function (row) {
        var td = row.cells[col];
        var v = td.getAttribute("data-sort");
        if (v === null) v = td.textContent;
        var n = Number(v);
        return isNaN(n) ? v : n;
      };
      Array.prototype.slice.call(body.rows)
        .sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1); })
        .forEach(function (row) { body.appendChild(row); });
    });
  });
});
`;

export function formatReportHtml(report: Report, link: LinkTo): string {
  const steps = report.steps.map((s) => {
    const places =
      s.places.length > 0
        ? `<ul class="places">${s.places.map((p) => `<li>${placeLink(p, link)} ${esc(p.ruleId)}: ${prose(p.message)}</li>`).join("")}</ul>`
        : "";
    return `<tr id="step-${s.step}"><td class="num">${s.step}</td><td>${esc(s.title)}</td><td class="mark ${s.status}">${STATUS_MARK[s.status]} ${STATUS_TEXT[s.status]}</td><td>${prose(describeFigures(s))}${s.todo ? `<div>${prose(s.todo)}</div>` : ""}${places}</td></tr>`;
  });
  const hygienePlaces = report.hygiene.places
    .map((p) => `<li>${placeLink(p, link)} ${esc(p.ruleId)}: ${prose(p.message)}</li>`)
    .join("");
  const next =
    report.next === null
      ? "All eight steps are done: the project is fully logged."
      : `<strong>Next: step ${report.next.step}, ${esc(report.next.title)}.</strong> ${prose(report.next.todo)}`;
  const errors =
    report.errors.length > 0
      ? `<h2>Files that could not be analysed</h2><ul>${report.errors.map((e) => `<li><code>${esc(e.file)}</code>: ${esc(e.message)}</li>`).join("")}</ul>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>logical report: step ${report.step} of 8</title>
<style>${STYLE}</style>
</head>
<body>
<h1>logical report: step ${report.step} of 8</h1>
<p class="sub">${report.files} files, along the eight steps of <em>Logging for Machine Learning</em>, from no logs to a fully logged project.</p>
<div class="next">${next}</div>
${chart(report)}
<h2>The eight steps</h2>
<table id="steps"><thead><tr><th class="num">step</th><th>the post says</th><th>status</th><th>figures, what to do, where to start</th></tr></thead><tbody>${steps.join("")}</tbody></table>
<p>Logger hygiene (footnote 1): ${report.hygiene.open} finding${report.hygiene.open === 1 ? "" : "s"}.</p>${hygienePlaces ? `<ul class="places">${hygienePlaces}</ul>` : ""}
${groupTable("pipelines", "By pipeline", report.pipelines)}
${groupTable("modules", "By module", report.modules)}
<p class="legend">✓ done · ◐ in progress · ✗ not started; a number is the step's open findings. Click a column to sort.</p>
${errors}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
