// index.html: the bundle's report for a person, opened offline from the unzipped folder. It holds
// no script and makes no request beyond the bundle's own images (see docs/report-formats.md).
// Every value from the model goes through escapeHtml (text) or bundleHref (links inside the bundle).

import { VERIFIER_PACKAGE } from '../bundle/verifier-package';
import type { Identity } from '../db/types';
import { guessLang } from '../fonts/fallback-order';
import { AUDITOR_README_PATH, VIEWER_PATH } from '../formats/bundle-paths';
import { coverageBuckets, coverageUnit } from './coverage';
import { REPORT_FAVICON_DATA_URL } from './favicon';
import { COVERAGE_STYLE, coverageSection } from './html-coverage';
import { anchorId, bundleHref, escapeHtml as e } from './html-escape';
import type { ReportCapture, ReportControl, ReportModel } from './model';

/**
 * The page's policy, first in <head>. `img-src` names `file:` as well as `'self'`: Chromium lets
 * `'self'` match the bundle's images under file://, but a file: page has an opaque origin and the
 * spec leaves `'self'` there unsettled (w3c/webappsec-csp#459), so `file:` keeps images working
 * wherever a browser reads it strictly. No src or href the report writes is absolute.
 */
export const REPORT_CSP =
  "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Longest page title in a card's heading and an image's alt text; the card's metadata has it whole. */
const TITLE_SHORT_MAX = 200;
/** Width the thumbnail is laid out at; its height follows the image's aspect ratio. */
const THUMB_WIDTH = 320;

const STYLE = `
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans CJK SC","Noto Sans SC",sans-serif;color:#1b1f24;background:#fff;overflow-wrap:anywhere}
h1,h2,h3,h4{line-height:1.2;margin:1.4em 0 .5em}
h1{margin-top:0}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600;color:#4a5562}
dl.facts dd{margin:0;min-width:0}
.scope{font-size:1.15rem;margin:.25rem 0}
.verify{border:2px solid #1d5fb4;background:#eef4fc;padding:.5rem 1rem;border-radius:6px}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #c9d1d9;padding:.25rem .5rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto;max-width:100%}
table.coverage td{text-align:center;min-width:2.5rem}
table.coverage td.gap{background:#fde8e8;color:#a11;font-weight:600}
table.coverage th[scope=row]{white-space:nowrap}
.card{display:grid;grid-template-columns:minmax(0,${THUMB_WIDTH}px) minmax(0,1fr);gap:1rem;border:1px solid #c9d1d9;border-radius:6px;padding:1rem;margin:0 0 1rem}
.card h4{margin:0 0 .5rem}
.card img{display:block;max-width:100%;height:auto;max-height:400px;object-fit:cover;object-position:top;border:1px solid #c9d1d9}
.note{white-space:pre-wrap}
:lang(ja){font-family:system-ui,"Hiragino Sans","Yu Gothic","Noto Sans CJK JP","Noto Sans JP",sans-serif}
:lang(ko){font-family:system-ui,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR","Noto Sans KR",sans-serif}
.muted{color:#5b6570}
summary{cursor:pointer;color:#1d5fb4}
ul.plain{margin:0;padding-left:1.2rem}
@media (max-width:40rem){.card{grid-template-columns:minmax(0,1fr)}}
@media print{.card{break-inside:avoid}.scroll{overflow:visible}}
`;

/** The bundle's index.html, as a string. */
export function renderIndexHtml(model: ReportModel): string {
  const anchors = controlAnchors(model.controls);
  const title = `Evidence report · ${model.scopeLabel}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    // A constant with no `"`, `&`, `<` or `>`: written as is, so the source reads like the policy.
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    // Inline, so the page stays one self-contained file; the policy's img-src allows data: URLs.
    `<link rel="icon" type="image/png" href="${REPORT_FAVICON_DATA_URL}">`,
    `<style>${STYLE}${model.coverage ? COVERAGE_STYLE : ''}</style>`,
    '</head>',
    '<body>',
    header(model),
    '<main>',
    summary(model),
    howToVerify(),
    coverageSection(model.coverage, (id) => anchors.byId.get(id)),
    coverage(model, anchors),
    '<section aria-labelledby="evidence-h">',
    '<h2 id="evidence-h">Evidence by control</h2>',
    ...model.controls.map((c) => controlSection(c, anchors)),
    '</section>',
    deletions(model),
    '</main>',
    `<footer><p class="muted">Written by ProofTrail ${e(model.extensionVersion)} on ${e(utc(model.exportedAt))}.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(m: ReportModel): string {
  return `<header>
<h1>Evidence report</h1>
<p class="scope" dir="auto">${e(m.scopeLabel)}</p>
<dl class="facts">
<dt>Period</dt><dd>${time(m.period.from)} to ${time(m.period.to)}</dd>
<dt>Exported at</dt><dd>${time(m.exportedAt)}</dd>
<dt>Exported by</dt><dd>${m.exportedBy ? person(m.exportedBy) : '<span class="muted">not recorded</span>'}</dd>
<dt>ProofTrail version</dt><dd>${e(m.extensionVersion)}</dd>
<dt>Bundle</dt><dd><code dir="auto">${e(m.bundleName)}</code></dd>
</dl>
</header>`;
}

function summary(m: ReportModel): string {
  const captureIds = new Set<string>();
  const capturers = new Map<string, Identity>();
  for (const c of m.controls) {
    for (const cap of c.captures) {
      captureIds.add(cap.id);
      const key = cap.capturer.email.toLowerCase();
      if (!capturers.has(key)) capturers.set(key, cap.capturer);
    }
  }
  const people = [...capturers.values()].map((p) => `<li>${person(p)}</li>`).join('');
  const signers = m.signers.length
    ? `<div class="scroll"><table>
<caption>Signing keys</caption>
<thead><tr><th scope="col">Key fingerprint (RFC 7638)</th><th scope="col">Used by</th><th scope="col">Ledger entries</th><th scope="col">Timestamped</th></tr></thead>
<tbody>
${m.signers
  .map(
    (s) =>
      `<tr><td><code>${e(s.fingerprint)}</code></td><td>${s.actors.map(person).join('<br>') || '—'}</td><td>${e(String(s.entries))}</td><td>${e(String(s.stamped))} of ${e(String(s.entries))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table></div>`
    : '<p>No signing key: this bundle has no ledger.</p>';
  return `<section aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<dl class="facts">
<dt>Controls</dt><dd>${m.controls.length}</dd>
<dt>Captures</dt><dd>${captureIds.size}</dd>
<dt>Capturers</dt><dd>${capturers.size}${people ? `<ul class="plain">${people}</ul>` : ''}</dd>
<dt>Signers</dt><dd>${m.signers.length}</dd>
</dl>
${signers}
</section>`;
}

function howToVerify(): string {
  return `<section class="verify" aria-labelledby="verify-h">
<h2 id="verify-h">How to verify</h2>
<p>This report states what the bundle held, and the status of its signatures and timestamps, when it was exported. It proves nothing by itself: anyone can edit an HTML file. Only the verifier proves now that the files are intact and were signed:</p>
<ul>
<li>open <a href="${VIEWER_PATH}">${VIEWER_PATH}</a> in this folder (it works offline) and choose the bundle ZIP or this folder, or</li>
<li>run <code>npx ${VERIFIER_PACKAGE} verify &lt;bundle.zip&gt;</code> (Node 20 or later; the package of the ProofTrail release that wrote this bundle).</li>
</ul>
<p><a href="${AUDITOR_README_PATH}">${AUDITOR_README_PATH}</a> explains how to check the bundle by hand with stock tools.</p>
</section>`;
}

function coverage(m: ReportModel, anchors: Anchors): string {
  const buckets = coverageBuckets(m.period, []);
  if (buckets.length === 0 || m.controls.length === 0) return '';
  const weekly = coverageUnit(m.period) === 'week';
  const unit = weekly ? 'week (7 days from the period’s start)' : 'calendar month';
  const heads = buckets
    .map((b) => `<th scope="col" title="${e(`${utc(b.from)} to ${utc(b.to)}`)}">${e(b.label)}</th>`)
    .join('');
  const rows = m.controls.map((c) => {
    const counts = coverageBuckets(
      m.period,
      c.captures.map((cap) => cap.capturedAt),
    );
    const cells = counts
      .map((b) => (b.count === 0 ? '<td class="gap">0</td>' : `<td>${b.count}</td>`))
      .join('');
    return `<tr><th scope="row"><a href="#${e(anchors.byControl.get(c)!)}" dir="auto">${e(c.id)}</a></th>${cells}</tr>`;
  });
  return `<section aria-labelledby="coverage-h">
<h2 id="coverage-h">Captures over time</h2>
<p>Captures per control and ${e(unit)}, in UTC. A highlighted 0 is a gap: no evidence in that ${weekly ? 'week' : 'month'}.</p>
<div class="scroll"><table class="coverage">
<thead><tr><th scope="col">Control</th>${heads}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</section>`;
}

function controlSection(c: ReportControl, anchors: Anchors): string {
  const cards = c.captures.length
    ? c.captures.map((cap) => captureCard(cap, anchors)).join('\n')
    : '<p class="muted">No captures.</p>';
  const id = e(anchors.byControl.get(c)!);
  return `<section id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><span dir="auto">${e(c.id)}</span> · <span dir="auto">${e(c.framework)}</span> — <span dir="auto">${e(c.title)}</span></h3>
${cards}
</section>`;
}

function captureCard(cap: ReportCapture, anchors: Anchors): string {
  const controls = cap.controlIds
    .map((id) => {
      const a = anchors.byId.get(id);
      return a ? `<a href="#${e(a)}" dir="auto">${e(id)}</a>` : `<span dir="auto">${e(id)}</span>`;
    })
    .join(', ');
  const rows: [string, string][] = [
    ['Captured at', time(cap.capturedAt)],
    ...(cap.effectiveDate
      ? ([
          [
            'Activity date',
            `${time(cap.effectiveDate, cap.effectiveDate)} <span class="muted">(as stated by the capturer; the signed capture time is above)</span>`,
          ],
        ] as [string, string][])
      : []),
    ['Page title', pageTitle(cap.pageTitle)],
    ['URL', `<code dir="auto">${e(cap.pageUrl)}</code>`],
    ['Captured by', person(cap.capturer)],
    [
      'Note',
      cap.note
        ? `<div class="note" dir="auto"${lang(cap.note)}>${e(cap.note)}</div>`
        : '<span class="muted">none</span>',
    ],
    ['Controls', controls],
    ['Capture mode', `<span dir="auto">${e(cap.captureMode)}</span>`],
    ['Image SHA-256', `<code>${e(cap.image.sha256)}</code>`],
    ['Metadata SHA-256', link(cap.paths.metadata, `<code>${e(cap.metadataSha256)}</code>`)],
  ];
  if (cap.paths.pageText) rows.push(['Page text', link(cap.paths.pageText, 'visible text of the page')]);
  if (cap.paths.pageSnapshot) {
    // Shown, not linked: a snapshot is the page's own HTML and could run script or load from the web.
    rows.push([
      'Page snapshot',
      `<code dir="auto">${e(cap.paths.pageSnapshot)}</code> <span class="muted">(the page’s own markup: not linked from this report)</span>`,
    ]);
  }
  rows.push([
    'Ledger entry',
    cap.ledger
      ? `key <code title="${e(cap.ledger.fingerprint)}">${e(shortKey(cap.ledger.fingerprint))}</code>, entry #${e(String(cap.ledger.seq))}`
      : '<span class="muted">not in a ledger</span>',
  ]);
  rows.push(['Timestamp', e(timestampText(cap.timestamp))]);
  if (cap.imported) rows.push(['Origin', 'Imported from a teammate’s bundle']);

  const heading = cap.pageTitle ? clip(cap.pageTitle, TITLE_SHORT_MAX) : 'Untitled page';
  return `<article class="card">
<div>${thumbnail(cap)}</div>
<div>
<h4 dir="auto"${lang(heading)}>${e(heading)}</h4>
<dl class="facts">
${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</div>
</article>`;
}

/**
 * A `lang` attribute for user or page text in a script whose glyphs differ by language (Han in
 * Chinese, Japanese or Korean) or that reads right to left, so the browser picks a fitting font;
 * the same guess the PDF's font choice makes (lib/fonts/fallback-order.ts). Empty for other text.
 */
function lang(text: string): string {
  const tag = guessLang(text);
  return tag ? ` lang="${tag}"` : '';
}

/** The title whole; a very long one folded into a <details> (which needs no script) after its start. */
function pageTitle(title: string): string {
  const length = Array.from(title).length;
  if (length <= TITLE_SHORT_MAX) return `<span dir="auto"${lang(title)}>${e(title)}</span>`;
  return `<span dir="auto"${lang(title)}>${e(clip(title, TITLE_SHORT_MAX))}</span>
<details><summary>Whole title (${length} characters)</summary><div dir="auto"${lang(title)}>${e(title)}</div></details>`;
}

function thumbnail(cap: ReportCapture): string {
  const src = bundleHref(cap.paths.thumbnail ?? cap.paths.image) ?? bundleHref(cap.paths.image);
  if (!src) return '<p class="muted">Image path not shown: it points outside the bundle.</p>';
  const { width, height } = cap.image;
  const h = width > 0 && height > 0 ? Math.max(1, Math.round((THUMB_WIDTH * height) / width)) : THUMB_WIDTH;
  const alt = `Capture of ${cap.pageTitle ? clip(cap.pageTitle, TITLE_SHORT_MAX) : 'an untitled page'}`;
  const img = `<img src="${e(src)}" alt="${e(alt)}" loading="lazy" width="${THUMB_WIDTH}" height="${h}">`;
  return link(cap.paths.image, img);
}

function deletions(m: ReportModel): string {
  if (m.deletions.length === 0) return '';
  const rows = m.deletions.map(
    (d) =>
      `<tr><td><code>${e(d.captureId)}</code></td><td dir="auto">${e(d.controlIds.join(', '))}</td><td>${time(d.capturedAt)}</td><td><code dir="auto">${e(d.pageUrl)}</code></td><td>${time(d.deletedAt)}</td><td>${person(d.deletedBy)}</td><td><div class="note" dir="auto"${lang(d.reason)}>${e(d.reason)}</div></td></tr>`,
  );
  return `<section aria-labelledby="deletions-h">
<h2 id="deletions-h">Deletions</h2>
<p>Evidence in scope that was deleted before export, as recorded in the bundle (deletions.json and the ledger).</p>
<div class="scroll"><table>
<thead><tr><th scope="col">Capture</th><th scope="col">Controls</th><th scope="col">Captured at</th><th scope="col">URL</th><th scope="col">Deleted at</th><th scope="col">Deleted by</th><th scope="col">Reason</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</section>`;
}

interface Anchors {
  byControl: Map<ReportControl, string>;
  /** A control ID's first section, for the links from a capture's list of controls. */
  byId: Map<string, string>;
}

/** One unique, safe anchor per control section (two catalogs could share a control ID). */
function controlAnchors(controls: ReportControl[]): Anchors {
  const byControl = new Map<ReportControl, string>();
  const byId = new Map<string, string>();
  const used = new Set<string>();
  for (const c of controls) {
    const base = anchorId('control-', c.id);
    let a = base;
    for (let n = 2; used.has(a); n++) a = `${base}~${n}`;
    used.add(a);
    byControl.set(c, a);
    if (!byId.has(c.id)) byId.set(c.id, a);
  }
  return { byControl, byId };
}

/** A link to a file in the bundle around `inner`, or `inner` alone when the path is not safe. */
function link(path: string, inner: string): string {
  const href = bundleHref(path);
  return href ? `<a href="${e(href)}">${inner}</a>` : inner;
}

function person(p: Identity): string {
  const name = p.name ? `<span dir="auto"${lang(p.name)}>${e(p.name)}</span> ` : '';
  return `${name}&lt;<span dir="auto">${e(p.email)}</span>&gt;`;
}

function time(iso: string, shown = utc(iso)): string {
  return `<time datetime="${e(iso)}">${e(shown)}</time>`;
}

/** `2026-01-05 10:00:00 UTC`, or the string as given when it is not a date. */
function utc(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function shortKey(fingerprint: string): string {
  return fingerprint.length > 12 ? `${fingerprint.slice(0, 12)}…` : fingerprint;
}

function timestampText(ts: ReportCapture['timestamp']): string {
  if (ts.status === 'stamped') {
    return `Timestamped by ${ts.tsaName || 'a timestamp authority'}${ts.genTime ? ` at ${utc(ts.genTime)}` : ''}`;
  }
  return ts.status === 'pending' ? 'Timestamp pending' : 'No timestamp authority configured';
}

/** At most `max` code points (never half a surrogate pair), with `…` when cut. */
function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}
