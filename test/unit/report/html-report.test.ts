import { describe, expect, it } from 'vitest';
import { VERIFIER_PACKAGE } from '../../../lib/bundle/verifier-package';
import { REPORT_FAVICON_DATA_URL } from '../../../lib/report/favicon';
import { anchorId, bundleHref, escapeHtml } from '../../../lib/report/html-escape';
import { REPORT_CSP, renderIndexHtml } from '../../../lib/report/html-report';
import type { ReportCapture, ReportControl, ReportModel } from '../../../lib/report/model';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const LONG_TITLE = `${'W'.repeat(19_990)}-end-title`;
const ARABIC = 'مراجعة صلاحيات الوصول';
const HEBREW = 'הערה: נבדק ע״י המבקר';

function capture(over: Partial<ReportCapture> & { id: string; folder: string }): ReportCapture {
  const { folder, ...rest } = over;
  const base = `${folder}/2026-01-05T10-00-00.000Z_${over.id}`;
  return {
    capturedAt: '2026-01-05T10:00:00.000Z',
    pageUrl: 'https://console.example.com/users',
    pageTitle: 'Users',
    capturer: { name: 'Ada', email: 'ada@example.com' },
    note: '',
    controlIds: [folder],
    captureMode: 'visible',
    image: { width: 1280, height: 800, sha256: `${over.id}`.padEnd(64, '0') },
    metadataSha256: 'f'.repeat(64),
    paths: { image: `${base}.png`, metadata: `${base}.json` },
    timestamp: { status: 'none' },
    imported: false,
    ...rest,
  };
}

/** A capture tagged to two controls: filed once under each, paths in that control's folder. */
function hostileCapture(folder: string): ReportCapture {
  const base = `${folder}/2026 "x" '<y>' ${IMG}`;
  return capture({
    id: 'cap-hostile',
    folder,
    capturedAt: '2026-01-20T09:30:00.000Z',
    pageTitle: SCRIPT,
    pageUrl: 'javascript:alert(1)',
    note: `${IMG}\nsecond line\n${HEBREW}`,
    capturer: { name: `<b>Eve</b> ${SCRIPT}`, email: `eve"@example.com` },
    controlIds: ['A.5.18', 'CC6.3', 'Z.9 (not in scope)'],
    captureMode: `full-page ${IMG}`,
    paths: {
      image: `${base}.png`,
      metadata: `${base}.json`,
      thumbnail: `${base}.thumb.jpg`,
      pageText: `${base}.txt`,
      pageSnapshot: `${base}.mhtml`,
    },
    ledger: { fingerprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', seq: 42 },
    timestamp: { status: 'stamped', genTime: '2026-01-20T09:30:05Z', tsaName: `FreeTSA ${SCRIPT}` },
    imported: true,
  });
}

function hostileModel(): ReportModel {
  const controls: ReportControl[] = [
    {
      id: 'A.5.18',
      framework: 'ISO/IEC 27001:2022',
      title: `Access rights </h3>${SCRIPT}`,
      captures: [
        capture({ id: 'cap-first', folder: 'A.5.18', capturedAt: '2026-01-01T00:00:00.000Z' }),
        hostileCapture('A.5.18'),
        capture({
          id: 'cap-long',
          folder: 'A.5.18',
          capturedAt: '2026-02-20T12:00:00.000Z',
          pageTitle: LONG_TITLE,
          timestamp: { status: 'pending' },
        }),
        capture({
          id: 'cap-rtl',
          folder: 'A.5.18',
          capturedAt: '2026-02-28T23:59:59.999Z',
          pageTitle: ARABIC,
          note: HEBREW,
          capturer: { name: 'سارة', email: 'sara@example.com' },
        }),
      ],
    },
    {
      id: 'CC6.3',
      framework: 'SOC 2',
      title: 'Role-based access',
      captures: [hostileCapture('CC6.3')],
    },
    {
      id: `X"><svg onload=alert(1)>`,
      framework: `custom ${SCRIPT}`,
      title: IMG,
      captures: [
        capture({
          id: 'cap-escape',
          folder: 'X',
          capturedAt: '2026-01-10T00:00:00.000Z',
          paths: { image: '../../etc/passwd.png', metadata: 'X/../../m.json' },
        }),
      ],
    },
  ];
  return {
    bundleName: `prooftrail-A.5.18 ${IMG}.zip`,
    exportedAt: '2026-03-02T08:00:00.000Z',
    exportedBy: { name: `Mallory ${SCRIPT}`, email: 'mallory@example.com' },
    extensionVersion: '0.2.0',
    scopeLabel: `Controls A.5.18, CC6.3 · ${SCRIPT} ${ARABIC}`,
    period: { from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
    controls,
    signers: [
      {
        fingerprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
        actors: [{ name: `Eve ${IMG}`, email: 'eve@example.com' }],
        entries: 12,
        stamped: 9,
      },
    ],
    deletions: [
      {
        captureId: 'cap-gone',
        controlIds: ['A.5.18'],
        capturedAt: '2026-01-03T00:00:00.000Z',
        pageUrl: 'http://evil.example/?q=<script>',
        deletedAt: '2026-01-04T00:00:00.000Z',
        deletedBy: { name: 'Ada', email: 'ada@example.com' },
        reason: `Wrong tenant ${SCRIPT}`,
      },
    ],
  };
}

const html = renderIndexHtml(hostileModel());

/** Every start tag's name and attributes (all values are double-quoted by the renderer). */
function startTags(doc: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  for (const m of doc.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]!.toLowerCase()] = a[2] ?? '';
    out.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The HTML of one control's section, by its anchor. */
function section(doc: string, controlId: string): string {
  const start = doc.indexOf(`<section id="${escapeHtml(anchorId('control-', controlId))}"`);
  expect(start).toBeGreaterThan(-1);
  return doc.slice(start, doc.indexOf('\n</section>', start));
}

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('bundleHref', () => {
  it('percent-encodes each segment, keeping the slashes', () => {
    expect(bundleHref(`A.5.18/a b "c" #d?e%f:g.png`)).toBe('A.5.18/a%20b%20%22c%22%20%23d%3Fe%25f%3Ag.png');
  });

  it('cannot make a scheme, an absolute or a protocol-relative URL', () => {
    expect(bundleHref('javascript:alert(1)')).toBe('javascript%3Aalert(1)');
    expect(bundleHref('https://evil.example/x.png')).toBe('https%3A/evil.example/x.png');
    expect(bundleHref('//evil.example/x.png')).toBe('evil.example/x.png');
    expect(bundleHref('/etc/passwd')).toBe('etc/passwd');
  });

  it('refuses paths that climb out of the bundle, and empty ones', () => {
    expect(bundleHref('../x.png')).toBeUndefined();
    expect(bundleHref('A/../../x.png')).toBeUndefined();
    expect(bundleHref('')).toBeUndefined();
    expect(bundleHref('./A/x.png')).toBe('A/x.png');
  });
});

describe('anchorId', () => {
  it('keeps IDs readable and distinct, with only safe characters', () => {
    expect(anchorId('control-', 'A.5.18')).toBe('control-A.5.18');
    expect(anchorId('control-', 'a/b')).not.toBe(anchorId('control-', 'a_2f_b'));
    expect(anchorId('control-', `X"><svg>`)).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});

describe('renderIndexHtml', () => {
  it('puts the CSP meta first in <head>, with no script allowed', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n')).toBe(true);
    const firstInHead = html.slice(html.indexOf('<head>') + '<head>'.length).trimStart();
    expect(
      firstInHead.startsWith(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`),
    ).toBe(true);
    expect(REPORT_CSP).toMatch(/^default-src 'none';/);
    expect(REPORT_CSP).not.toMatch(/script-src|unsafe-eval/);
    expect(REPORT_CSP).toContain("base-uri 'none'");
    expect(REPORT_CSP).toContain("form-action 'none'");
  });

  it('writes no unescaped markup from the model', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(/<b>Eve/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('uses only its own elements, with no event handler or style attribute', () => {
    const allowed = new Set(
      'html head meta title style body header main footer section article div p span code time dl dt dd ul li a img table caption thead tbody tr th td br h1 h2 h3 h4 details summary'.split(
        ' ',
      ),
    );
    // The one exception: the favicon, a <link> to the report's own icon inlined as a PNG data URL.
    const isFavicon = (t: ReturnType<typeof startTags>[number]) =>
      t.name === 'link' && t.attrs.rel === 'icon' && t.attrs.href === REPORT_FAVICON_DATA_URL;
    expect(startTags(html).filter(isFavicon)).toHaveLength(1);
    const tags = startTags(html).filter((t) => !isFavicon(t));
    // Every `<` outside <style> opens one of these tags, a closing tag, or the doctype.
    const body = html.replace(/<style>[\s\S]*?<\/style>/, '');
    expect(body.match(/</g)!.length).toBe(
      startTags(body).length + (body.match(/<\//g) ?? []).length + 1 /* doctype */,
    );
    for (const t of tags) {
      expect(allowed.has(t.name), t.name).toBe(true);
      for (const name of Object.keys(t.attrs)) expect(name.startsWith('on'), name).toBe(false);
    }
    expect(
      tags.filter((t) => ['script', 'iframe', 'object', 'embed', 'form', 'base', 'link'].includes(t.name)),
    ).toEqual([]);
  });

  it('points every src and href at a relative path in the bundle or an anchor', () => {
    const refs = startTags(html).flatMap((t) =>
      ['src', 'href'].filter((a) => a in t.attrs).map((a) => decodeEntities(t.attrs[a]!)),
    );
    // The favicon (a fixed PNG, checked in test/unit/icons) is the only data: URL.
    expect(refs.filter((r) => r === REPORT_FAVICON_DATA_URL)).toHaveLength(1);
    refs.splice(refs.indexOf(REPORT_FAVICON_DATA_URL), 1);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).not.toMatch(/https?:/i);
      expect(ref, ref).not.toContain(':'); // no scheme at all: javascript:, data:, file:
      expect(ref.startsWith('/')).toBe(false);
      expect(ref.split('/')).not.toContain('..');
      if (ref.startsWith('#')) expect(ref).toMatch(/^#[A-Za-z0-9._~-]+$/);
    }
    // In-page anchors all exist.
    const ids = new Set(startTags(html).map((t) => t.attrs.id));
    for (const ref of refs.filter((r) => r.startsWith('#'))) expect(ids.has(ref.slice(1)), ref).toBe(true);
  });

  it('encodes file names with spaces and quotes per segment', () => {
    const encoded = bundleHref(`A.5.18/2026 "x" '<y>' ${IMG}.png`)!;
    expect(encoded).toBe(
      "A.5.18/2026%20%22x%22%20'%3Cy%3E'%20%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.png",
    );
    expect(html).toContain(
      `<a href="${escapeHtml(encoded)}"><img src="${escapeHtml(bundleHref(`A.5.18/2026 "x" '<y>' ${IMG}.thumb.jpg`)!)}"`,
    );
  });

  it('links nothing that would leave the bundle', () => {
    const s = section(html, `X"><svg onload=alert(1)>`);
    expect(s).toContain('Image path not shown');
    expect(s).not.toContain('etc/passwd');
    expect(s).not.toMatch(/href="[^#]/);
  });

  it('shows URLs as code, never as links', () => {
    expect(html).toContain('<code dir="auto">javascript:alert(1)</code>');
    expect(html).toContain('<code dir="auto">https://console.example.com/users</code>');
    expect(html).not.toContain('href="javascript');
  });

  it('files each capture under each of its controls', () => {
    for (const id of ['A.5.18', 'CC6.3']) {
      const s = section(html, id);
      expect(s).toContain(`<h4 dir="auto">${escapeHtml(SCRIPT)}</h4>`);
      expect(s).toContain(escapeHtml(bundleHref(`${id}/2026 "x" '<y>' ${IMG}.png`)!));
    }
    expect(section(html, 'A.5.18').match(/<article class="card">/g)).toHaveLength(4);
    expect(section(html, 'CC6.3').match(/<article class="card">/g)).toHaveLength(1);
  });

  it('lists a capture’s controls, linking those in the report', () => {
    const s = section(html, 'CC6.3');
    expect(s).toContain(
      '<a href="#control-A.5.18" dir="auto">A.5.18</a>, <a href="#control-CC6.3" dir="auto">CC6.3</a>',
    );
    expect(s).toContain('<span dir="auto">Z.9 (not in scope)</span>');
  });

  it('shows the metadata, ledger and timestamp of a capture', () => {
    const s = section(html, 'A.5.18');
    expect(s).toContain('<time datetime="2026-01-20T09:30:00.000Z">2026-01-20 09:30:00 UTC</time>');
    expect(s).toContain(`Timestamped by FreeTSA ${escapeHtml(SCRIPT)} at 2026-01-20 09:30:05 UTC`);
    expect(s).toContain('Timestamp pending');
    expect(s).toContain('No timestamp authority configured');
    expect(s).toContain(
      'key <code title="NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs">NzbLsXh8uDCc…</code>, entry #42',
    );
    expect(s).toContain('Imported from a teammate’s bundle');
    expect(s).toContain(
      `<div class="note" dir="auto" lang="he">${escapeHtml(`${IMG}\nsecond line\n${HEBREW}`)}</div>`,
    );
    expect(s).toContain('visible text of the page');
    // The snapshot is named, not linked.
    expect(s).toContain(`<code dir="auto">${escapeHtml(`A.5.18/2026 "x" '<y>' ${IMG}.mhtml`)}</code>`);
    expect(s).not.toContain('.mhtml"');
    expect(s).toContain(
      `<a href="${escapeHtml(bundleHref(`A.5.18/2026 "x" '<y>' ${IMG}.json`)!)}"><code>${'f'.repeat(64)}</code></a>`,
    );
  });

  it('gives every image alt text, size and lazy loading', () => {
    const imgs = startTags(html).filter((t) => t.name === 'img');
    expect(imgs).toHaveLength(5); // not the one whose path leaves the bundle
    for (const img of imgs) {
      expect(img.attrs.alt).toMatch(/^Capture of /);
      expect(img.attrs.loading).toBe('lazy');
      expect(Number(img.attrs.width)).toBe(320);
      expect(Number(img.attrs.height)).toBe(200);
    }
    expect(imgs.map((i) => i.attrs.alt)).toContain(`Capture of ${escapeHtml(SCRIPT)}`);
    // A 20,000-character title is cut in alt text but shown whole in the card.
    const longAlt = imgs.find((i) => i.attrs.alt!.includes('WWW'))!.attrs.alt!;
    expect(longAlt.length).toBeLessThan(250);
    expect(html).toContain(`<h4 dir="auto">${LONG_TITLE.slice(0, 200)}…</h4>`);
    expect(html).toContain(
      `<details><summary>Whole title (20000 characters)</summary><div dir="auto">${LONG_TITLE}</div></details>`,
    );
    expect(html.split(LONG_TITLE)).toHaveLength(2); // once, not in the heading too
    expect(html).toContain('overflow-wrap:anywhere');
  });

  it('marks untrusted text dir="auto", with the language its script suggests, for titles, notes and names', () => {
    expect(html).toContain(`<h4 dir="auto" lang="ar">${ARABIC}</h4>`);
    expect(html).toContain(`<div class="note" dir="auto" lang="he">${HEBREW}</div>`);
    expect(html).toContain('<span dir="auto" lang="ar">سارة</span>');
    expect(html).toContain('.note{white-space:pre-wrap}');
  });

  it('keeps headings in order', () => {
    const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it('shows the header, summary and how to verify', () => {
    expect(html).toContain('<h1>Evidence report</h1>');
    expect(html).toContain(
      `<p class="scope" dir="auto">${escapeHtml(`Controls A.5.18, CC6.3 · ${SCRIPT} ${ARABIC}`)}</p>`,
    );
    expect(html).toContain(
      '<dt>Exported at</dt><dd><time datetime="2026-03-02T08:00:00.000Z">2026-03-02 08:00:00 UTC</time></dd>',
    );
    expect(html).toContain('<dt>ProofTrail version</dt><dd>0.2.0</dd>');
    expect(html).toContain('<dt>Controls</dt><dd>3</dd>');
    expect(html).toContain('<dt>Captures</dt><dd>5</dd>'); // the hostile capture counted once
    expect(html).toContain('<dt>Capturers</dt><dd>3<ul');
    expect(html).toContain('<td>9 of 12</td>');
    expect(html).toContain('<a href="verify.html">verify.html</a>');
    expect(html).toContain(`npx ${VERIFIER_PACKAGE} verify &lt;bundle.zip&gt;`);
    expect(VERIFIER_PACKAGE).toMatch(/^prooftrail@\d+\.\d+\.\d+/);
  });

  it('shows coverage by week, with gaps marked', () => {
    const table = html.slice(
      html.indexOf('<table class="coverage">'),
      html.indexOf('</table>', html.indexOf('<table class="coverage">')),
    );
    const heads = [...table.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual([
      'Control',
      '1 Jan',
      '8 Jan',
      '15 Jan',
      '22 Jan',
      '29 Jan',
      '5 Feb',
      '12 Feb',
      '19 Feb',
      '26 Feb',
    ]);
    const row = (id: string) => {
      const tr = table
        .split('\n')
        .find((l) => l.includes(`href="#${escapeHtml(anchorId('control-', id))}"`))!;
      return [...tr.matchAll(/<td( class="gap")?>(\d+)<\/td>/g)].map((m) => `${m[2]}${m[1] ? '!' : ''}`);
    };
    expect(row('A.5.18')).toEqual(['1', '0!', '1', '0!', '0!', '0!', '0!', '1', '1']);
    expect(row('CC6.3')).toEqual(['0!', '0!', '1', '0!', '0!', '0!', '0!', '0!', '0!']);
  });

  it('lists deletions, and leaves the section out when there are none', () => {
    expect(html).toContain('<h2 id="deletions-h">Deletions</h2>');
    expect(html).toContain(`Wrong tenant ${escapeHtml(SCRIPT)}`);
    expect(html).toContain('<code dir="auto">http://evil.example/?q=&lt;script&gt;</code>');
    const none = renderIndexHtml({ ...hostileModel(), deletions: [] });
    expect(none).not.toContain('Deletions');
  });

  it('shows coverage by month for a long period', () => {
    const long = renderIndexHtml({
      ...hostileModel(),
      period: { from: '2025-10-15T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
    });
    const heads = [...long.matchAll(/<th scope="col" title="[^"]*">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(['Oct 2025', 'Nov 2025', 'Dec 2025', 'Jan 2026', 'Feb 2026']);
  });
});
