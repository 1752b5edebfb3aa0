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
  lines = pageLines(await extractRuns(bytes)).flat();
  if (process.env.DUMP_PDF) console.log(lines.join('\n'));
}, 60_000);

/**
 * pdf.js returns each run drawn with one font in logical order, and the runs of a line in drawing
 * order. A right-to-left line is drawn right to left, and its words are separate runs (the space
 * between them is drawn in Helvetica), so read back left to right its words come last-first.
 */
const expected = (script: string, text: string) =>
  fold(script, RTL.has(script) ? text.split(' ').reverse().join(' ') : text);

/**
 * Noto's Arabic font draws a dotted letter as a dotless base plus dots placed by GPOS, and some
 * bases are shared (the tooth of ب ت ث ن ي): pdf.js reads such a base as one of the letters it
 * stands for. Arabic is compared with the letters that share a base folded together; the dots
 * read as U+200D (ignored), and pdf.js may space the words out more: spaces are collapsed.
 */
const SKELETONS = ['بتثنيى', 'جحخ', 'دذ', 'رز', 'سش', 'صض', 'طظ', 'عغ', 'فق'];
function fold(script: string, text: string): string {
  let out = text
    .replace(/\u200D/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (script === 'arabic')
    for (const group of SKELETONS) out = out.replace(new RegExp(`[${group}]`, 'g'), group[0]!);
  return out;
}

describe('PDF report in every script', () => {
  it.each(Object.keys(SCRIPTS))('%s: title, note and capturer name come back as themselves', (script) => {
    const s = SCRIPTS[script as keyof typeof SCRIPTS];
    const read = lines.map((l) => fold(script, l));
    expect(read).toContain(`Page title ${expected(script, s.title)}`);
    expect(read).toContain(`Note ${expected(script, s.note)}`);
    expect(read.some((l) => l.includes(expected(script, s.name)))).toBe(true);
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
