// The PDF report in every script the fonts cover: page titles, notes and capturer names go in,
// the PDF is read back with pdf.js and each must come out as itself (docs/fonts.md).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontCatalog } from '../../../lib/fonts/catalog';
import type { ReportCapture, ReportModel } from '../../../lib/report/model';
import { pdfReport } from '../../../lib/report/pdf-report';
import { diskFontSource } from '../../../node/cli/font-files';
import { rgbPng } from '../../../node/fixtures/noise-png';
import { extractRuns, pageLines } from './pdf-text-extract';

const png = rgbPng(8, 8, () => [90, 90, 90]);
const sha = createHash('sha256').update(png).digest('hex');

/** Per script: a page title, a note and a capturer's name, as a person would type them. */
const SCRIPTS = {
  latin: {
    title: 'Revue des accès — Société Générale',
    note: 'Vérifié: ñ, ø, ß, Łódź, Ærøskøbing',
    name: 'Zoë Müller-Łukasiewicz',
  },
  greek: {
    title: 'Έλεγχος πρόσβασης χρηστών',
    note: 'Εγκρίθηκε από τον υπεύθυνο',
    name: 'Ελένη Παπαδοπούλου',
  },
  cyrillic: {
    title: 'Проверка прав доступа',
    note: 'Утверждено руководителем отдела',
    name: 'Анна Сергеевна Иванова',
  },
  arabic: { title: 'مراجعة صلاحيات المستخدمين', note: 'تمت الموافقة من المدير', name: 'فاطمة الزهراء' },
  hebrew: { title: 'סקירת הרשאות משתמשים', note: 'אושר על ידי המנהל', name: 'נועה כהן' },
  chinese: { title: '用户访问权限审查', note: '已由部门经理批准', name: '王小明' },
  japanese: { title: 'ユーザーアクセス権のレビュー', note: '管理者が承認しました', name: '佐藤 花子' },
  korean: { title: '사용자 접근 권한 검토', note: '관리자가 승인함', name: '김민준' },
};
const RTL = new Set(['arabic', 'hebrew']);

function capture(script: string, s: (typeof SCRIPTS)['latin']): ReportCapture {
  return {
    id: script,
    capturedAt: '2026-11-28T10:00:00.000Z',
    pageUrl: `https://console.example.com/${script}`,
    pageTitle: s.title,
    capturer: { name: s.name, email: `${script}@example.com` },
    note: s.note,
    controlIds: ['A.5.18'],
    captureMode: 'visible',
    image: { width: 8, height: 8, sha256: sha },
    metadataSha256: sha,
    paths: { image: `A.5.18/${script}.png`, metadata: `A.5.18/${script}.json` },
    timestamp: { status: 'none' },
    imported: false,
  };
}

const model: ReportModel = {
  bundleName: 'scripts.zip',
  exportedAt: '2026-11-28T13:00:00.000Z',
  exportedBy: { name: 'Dana Reyes', email: 'dana@example.com' },
  extensionVersion: '0.2.0',
  scopeLabel: 'Control A.5.18',
  period: { from: '2026-01-01T00:00:00.000Z', to: '2026-11-30T23:59:59.000Z' },
  signers: [],
  controls: [
    {
      id: 'A.5.18',
      framework: 'ISO/IEC 27001:2022',
      title: 'Access rights',
      captures: [
        ...Object.entries(SCRIPTS).map(([k, s]) => capture(k, s)),
        capture('emoji', { title: 'Badge 🔒 ok', note: 'Thumbs 👍🏽 up', name: 'Emoji ✅ Person' }),
      ],
    },
  ],
  deletions: [],
};

let bytes: Uint8Array;
let lines: string[];
let rtlLines: string[];
let catalog: FontCatalog;
const fetched: string[] = [];

beforeAll(async () => {
  const disk = diskFontSource();
  catalog = await disk.catalog();
  bytes = await pdfReport(model, async () => png, {
    catalog: disk.catalog,
    file: (name) => {
      fetched.push(name);
      return disk.file(name);
    },
  });
  const runs = await extractRuns(bytes);
  lines = pageLines(runs).flat();
  rtlLines = pageLines(runs, 'rtl').flat();
  if (process.env.DUMP_PDF) console.log(lines.join('\n'));
}, 60_000);

/**
 * pdf.js returns each run drawn in one font in logical order, and the runs of a line where they
 * are drawn. A right-to-left line is drawn right to left, its words and the pieces of a word drawn
 * from different embedded copies of a font (pdf-glyphs.ts) being separate runs: read right to left,
 * as its reader reads it, the line comes back in the order it was typed. Arabic dots read as
 * U+200D, which is dropped; pdf.js may space words out more: spaces are collapsed.
 */
const tidy = (text: string) =>
  text
    .replace(/\u200D/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Noto Sans Arabic draws letters that differ only by their dots on one shared base glyph (the
 * tooth of ب ت ث ن ي, the hook of ر ز). Each reading gets its own embedded copy (pdf-glyphs.ts),
 * yet pdf.js still reads a few such bases as a sibling (المستخدمين as المسيخدمين): Arabic is
 * compared with the letters of a shared base folded together. The order and every other letter
 * must be exact.
 */
const SIBLINGS = ['بتثنيى', 'جحخ', 'دذ', 'رز', 'سش', 'صض', 'طظ', 'عغ', 'فق'];
const fold = (script: string, text: string) =>
  script !== 'arabic'
    ? text
    : SIBLINGS.reduce((t, group) => t.replace(new RegExp(`[${group}]`, 'g'), group[0]!), text);

describe('PDF report in every script', () => {
  it.each(Object.keys(SCRIPTS))('%s: title, note and capturer name come back as themselves', (script) => {
    const s = SCRIPTS[script as keyof typeof SCRIPTS];
    const read = (RTL.has(script) ? rtlLines : lines).map((l) => fold(script, tidy(l)));
    const shows = (label: string, value: string) =>
      read.some((l) => l.includes(label) && l.includes(fold(script, value)));
    expect(shows('Page title', s.title), s.title).toBe(true);
    expect(shows('Note', s.note), s.note).toBe(true);
    expect(shows('Captured by', `${s.name} <${script}@example.com>`), s.name).toBe(true);
    if (!RTL.has(script)) expect(lines).toContain(`Page title ${s.title}`);
  });

  it('prints emoji as a visible placeholder naming the code point, never "?"', () => {
    expect(lines).toContain('Page title Badge [U+1F512] ok');
    expect(lines).toContain('Note Thumbs [U+1F44D][U+1F3FD] up');
    expect(lines.some((l) => l.includes('Emoji [U+2705] Person'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/\?{2,}/);
  });

  it('embeds only the font files the text needs, subset to the glyphs drawn', () => {
    const groups = new Set(fetched.map((f) => catalog.faces.find((face) => face.file === f)?.group));
    expect([...groups].sort()).toEqual(['arabic', 'hebrew', 'jp', 'kr', 'sans', 'sc']);
    // 355 files in the catalog; a few dozen CJK chunks at most for these strings.
    expect(fetched.length).toBeLessThan(60);
    if (process.env.DUMP_PDF) console.log(`files read: ${fetched.length}`);
    // Subset: the whole of these files is well over 1 MB; the report with eight images of 8×8 px is far below.
    expect(bytes.length).toBeLessThan(400_000);
  });
});
