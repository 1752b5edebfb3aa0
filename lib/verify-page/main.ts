import { trustedRootsWith } from '../tsa/default-roots';
import { fromPem } from '../tsa/pem';
import { type BundleArchive, BundleReadError } from '../verify/archive';
import { memoryArchive } from '../verify/memory-archive';
import { formatReport, type VerifyReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
import { blobSource } from '../zip/blob-source';
import { openZipArchive } from '../zip/open-zip-archive';
import { currentPinning, setupPinning } from './pinning';

// The page an auditor opens from the bundle itself (verify.html): no network, no install.
// Everything shown is set with textContent, never parsed as HTML.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let roots: Uint8Array[] | undefined;

function show(lines: string[], ok: boolean): void {
  const out = $('result');
  out.className = ok ? 'ok' : 'fail';
  out.replaceChildren(
    ...lines.map((l) => {
      const li = document.createElement('li');
      li.textContent = l;
      return li;
    }),
  );
}

/** The last check, run again when the expected signers or "Require timestamps" change. */
let again: (() => Promise<void>) | undefined;
setupPinning(() => void again?.());

async function run(zip: () => Promise<BundleArchive>, name: string): Promise<void> {
  again = () => run(zip, name);
  const pin = currentPinning();
  if (!pin.ok)
    return show(
      pin.problems.map((p) => `FAIL (signers): ${p}`),
      false,
    );
  show(['Checking…'], true);
  let report: VerifyReport;
  try {
    report = await verifyBundle(await zip(), {
      trustedTsaRoots: trustedRootsWith(roots ?? []),
      ...pin.options,
    });
  } catch (e) {
    const message =
      e instanceof BundleReadError
        ? `${name}: ${e.message}`
        : `cannot check ${name}: ${(e as Error).message}`;
    return show([`FAIL (bundle): ${message}`], false);
  }
  show(formatReport(report, name), report.ok);
}

/** The ZIP is read through File.slice, one entry at a time: a bundle of any size fits. */
async function fromZipFile(file: File): Promise<void> {
  await run(() => openZipArchive(blobSource(file)), file.name);
}

/** The unzipped folder, chosen with a folder picker: paths are relative to the bundle's root. */
async function fromFolder(files: FileList): Promise<void> {
  const entries = new Map<string, Uint8Array>();
  const list = [...files];
  const root = list[0]?.webkitRelativePath.split('/')[0] ?? '';
  for (const f of list) {
    const path = f.webkitRelativePath.slice(root.length + 1);
    entries.set(path, new Uint8Array(await f.arrayBuffer()));
  }
  await run(async () => memoryArchive(entries), `${root}/`);
}

$('zip').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void fromZipFile(file);
});
$('folder').addEventListener('change', (e) => {
  const files = (e.target as HTMLInputElement).files;
  if (files?.length) void fromFolder(files);
});
$('roots').addEventListener('change', async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  try {
    roots = fromPem(await file.text());
    $('roots-status').textContent =
      `${roots.length} trusted TSA root certificate(s) loaded from ${file.name}, besides the default set.`;
  } catch {
    roots = undefined;
    $('roots-status').textContent = `${file.name} holds no PEM certificate.`;
  }
  // A bundle already checked is checked again with these roots.
  void again?.();
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => e.preventDefault());
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (file) void fromZipFile(file);
});
