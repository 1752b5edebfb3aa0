import { parseFingerprints, parseSignersFile, SignersFileError } from '../formats/signers-file';

// verify.html's "Who signed" and "Require timestamps" fields: the fingerprints the auditor expects
// (pasted, in any form Settings or the CLI shows them, or from a signers file) become `pinnedSigners`.
// Everything shown is set with textContent, never parsed as HTML.

/** The verify options these fields set (a subset of VerifyOptions). */
export interface PinningOptions {
  /** Undefined when nothing is pasted or loaded: the bundle is not pinned, and the result says so. */
  pinnedSigners?: string[];
  requireTimestamps?: boolean;
}

export type Pinning = { ok: true; options: PinningOptions } | { ok: false; problems: string[] };

interface LoadedFile {
  name: string;
  fingerprints: string[];
  problems: string[];
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
let loaded: LoadedFile | undefined;

/** What the fields say now: options for verifyBundle, or the problems that stop the check. */
export function currentPinning(): Pinning {
  const pasted = parseFingerprints(byId<HTMLTextAreaElement>('signers')?.value ?? '');
  const problems = [...pasted.errors.map((e) => `pasted fingerprints: ${e}`), ...(loaded?.problems ?? [])];
  if (problems.length) return { ok: false, problems };
  const all = [...new Set([...pasted.fingerprints, ...(loaded?.fingerprints ?? [])])];
  const requireTimestamps = byId<HTMLInputElement>('require-timestamps')?.checked === true;
  return {
    ok: true,
    options: {
      ...(all.length || loaded ? { pinnedSigners: all } : {}),
      ...(requireTimestamps ? { requireTimestamps } : {}),
    },
  };
}

/** Wires the fields; `changed` runs when a choice changes (the page checks the bundle again). */
export function setupPinning(changed: () => void): void {
  const pasted = byId<HTMLTextAreaElement>('signers');
  const file = byId<HTMLInputElement>('signers-file');
  pasted?.addEventListener('input', showStatus);
  pasted?.addEventListener('change', changed);
  byId('require-timestamps')?.addEventListener('change', changed);
  file?.addEventListener('change', async () => {
    const picked = file.files?.[0];
    loaded = picked ? await readSignersFile(picked) : undefined;
    showStatus();
    changed();
  });
  showStatus();
}

async function readSignersFile(file: File): Promise<LoadedFile> {
  try {
    const parsed = parseSignersFile(new Uint8Array(await file.arrayBuffer()), file.name);
    return { name: file.name, fingerprints: parsed.signers.map((s) => s.fingerprint), problems: [] };
  } catch (e) {
    return {
      name: file.name,
      fingerprints: [],
      problems: e instanceof SignersFileError ? e.problems : [`${file.name}: ${(e as Error).message}`],
    };
  }
}

function showStatus(): void {
  const out = byId('signers-status');
  if (!out) return;
  const pin = currentPinning();
  out.className = pin.ok ? 'muted' : 'fail-text';
  if (!pin.ok) {
    out.textContent = pin.problems.join('\n');
    return;
  }
  const n = pin.options.pinnedSigners?.length;
  if (n === undefined) {
    out.textContent = 'Not pinned: a bundle signed by any key can pass, and the result says so.';
    return;
  }
  const fromFile = loaded ? ` (${loaded.fingerprints.length} from ${loaded.name})` : '';
  out.textContent =
    n === 0
      ? `${loaded?.name ?? 'The signers file'} lists no key: every bundle will fail.`
      : `Pinned: ${n} expected key${n === 1 ? '' : 's'}${fromFile}. Every key that signed the bundle must be one of them.`;
}
