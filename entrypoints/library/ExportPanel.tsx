import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BlobSink } from '../../lib/bundle/byte-sink';
import { exportBundle, exportFileName } from '../../lib/bundle/export-bundle';
import { planExport, resolveScope } from '../../lib/bundle/plan-export';
import { describeScope, scopeProblems } from '../../lib/bundle/scope';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { settingsTsaRoots } from '../../lib/db/tsa-settings-repo';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { BundleLayout } from '../../lib/formats/manifest';
import type { SelectionScope } from '../../lib/formats/scope-types';
import { sendMessage } from '../../lib/messaging/client';
import { pdfFromBundle } from '../../lib/report/pdf-from-bundle';
import { trustedRootsWith } from '../../lib/tsa/default-roots';
import { ScopeForm, type ScopeFormValue, toChoice } from './ScopeForm';
import { canPickFile, downloadTarget, pickFileTarget, type SaveTarget } from './save-target';

/**
 * Where the extension keeps the bundle viewer. It is generated when the extension is built, so it
 * is not among WXT's typed public paths on a fresh checkout.
 */
const viewerUrl = () => (browser.runtime.getURL as (path: string) => string)('/viewer/verify.html.txt');
const zipKind = {
  description: 'ProofTrail evidence bundle',
  mediaType: 'application/zip',
  extension: '.zip',
};
const pdfKind = { description: 'PDF report', mediaType: 'application/pdf', extension: '.pdf' };

/** The size of the scope picked; `of` is the form value it was computed for. */
type Estimate = (
  | { scope: SelectionScope; captures: number; filings: number; bytes: number }
  | { error: string }
) & { of: ScopeFormValue; layout?: BundleLayout };
interface Running {
  what: string;
  done: number;
  total: number;
  bytes: number;
  estimatedBytes: number;
}

/** Formats a byte count as kB / MB / GB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Pick a scope, see its size, export a bundle or a PDF report with progress and cancel. */
export function ExportPanel({
  captures,
  value,
  onChange: setValue,
}: {
  captures: readonly CaptureMetadata[];
  value: ScopeFormValue;
  onChange(update: (prev: ScopeFormValue) => ScopeFormValue): void;
}) {
  const db = getDb();
  const [destination, setDestination] = useState<'file' | 'downloads'>(canPickFile() ? 'file' : 'downloads');
  const [layout, setLayout] = useState<BundleLayout>('per-control');
  const [estimate, setEstimate] = useState<Estimate>();
  const [running, setRunning] = useState<Running>();
  const [result, setResult] = useState<{ text: string; error?: boolean }>();
  const controller = useRef<AbortController>();

  useEffect(() => {
    let live = true;
    void (async () => {
      const scope = await resolveScope(db, toChoice(value));
      const problems = scopeProblems(scope);
      if (problems.length) return live && setEstimate({ error: problems.join(' '), of: value, layout });
      const plan = await planExport(db, scope, layout);
      if (live)
        setEstimate({
          scope,
          captures: plan.captures.length,
          filings: plan.filings,
          bytes: plan.estimatedBytes,
          of: value,
          layout,
        });
    })();
    return () => {
      live = false;
    };
  }, [value, captures, layout]);

  const start = async (what: 'bundle' | 'pdf') => {
    // The scope is resolved again from the form as it is now, never from an estimate in flight.
    const scope = await resolveScope(db, toChoice(value));
    const problems = scopeProblems(scope);
    if (problems.length) return setResult({ text: problems.join(' '), error: true });
    const now = new Date();
    const zipName = exportFileName(scope, now.toISOString());
    const name = what === 'pdf' ? zipName.replace(/\.zip$/, '.pdf') : zipName;
    setResult(undefined);
    const kind = what === 'pdf' ? pdfKind : zipKind;
    let target: SaveTarget | undefined;
    try {
      target =
        destination === 'file' && canPickFile()
          ? await pickFileTarget(name, kind)
          : downloadTarget(name, kind.mediaType);
    } catch (e) {
      return setResult({ text: `Could not open the file: ${message(e)}`, error: true });
    }
    if (!target) return;
    const ctl = new AbortController();
    controller.current = ctl;
    const label = what === 'pdf' ? 'Making the PDF report' : 'Exporting';
    let shown = 0;
    setRunning({ what: label, done: 0, total: 0, bytes: 0, estimatedBytes: 0 });
    try {
      // Stamp what is still queued first (best effort: a TSA that is down only delays its tokens).
      await sendMessage('drainTimestamps', { force: true }).catch(() => undefined);
      const common = {
        scope,
        now,
        layout,
        extensionVersion: browser.runtime.getManifest().version,
        exportedBy: await getIdentity(db),
        signal: ctl.signal,
        // The export entry is stamped before the bundle closes if a TSA answers within 10 s;
        // otherwise the bundle says its export entry was pending when exported.
        timestampNow: () =>
          Promise.race([
            sendMessage('drainTimestamps', { force: true }).then(() => undefined),
            new Promise<void>((resolve) => setTimeout(resolve, 10_000)),
          ]).catch(() => undefined),
        // At most a few repaints a second: re-rendering per capture would slow a large export.
        onProgress: (p: Omit<Running, 'what'>) => {
          const now = performance.now();
          if (now - shown < 150 && p.done > 0 && p.done < p.total) return;
          shown = now;
          setRunning({ what: label, ...p });
        },
      };
      if (what === 'bundle') {
        const viewer = new Uint8Array(await (await fetch(viewerUrl())).arrayBuffer());
        const out = await exportBundle(db, { ...common, sink: target.sink, viewer });
        const where = await target.finish();
        setResult({
          text: `Exported ${out.manifest.captureCount} captures (${formatBytes(out.bytes)}) to ${where}`,
        });
      } else {
        const memory = new BlobSink();
        await exportBundle(db, { ...common, sink: memory });
        const bundle = new Uint8Array(await memory.blob().arrayBuffer());
        ctl.signal.throwIfAborted();
        const pdf = await pdfFromBundle(bundle, zipName, {
          trustedTsaRoots: trustedRootsWith(await settingsTsaRoots(db)),
        });
        await target.sink.write(pdf);
        await target.sink.close();
        const where = await target.finish();
        setResult({ text: `Saved the PDF report (${formatBytes(pdf.byteLength)}) to ${where}` });
      }
    } catch (e) {
      await target.sink.abort();
      await target.discard();
      setResult(
        ctl.signal.aborted
          ? { text: 'Export cancelled; no file was kept.' }
          : { text: `Export failed: ${message(e)}`, error: true },
      );
    } finally {
      controller.current = undefined;
      setRunning(undefined);
    }
  };

  // The keyboard follows the run: to Cancel while it works (the export buttons are disabled), back
  // to the button that started it when it ends (Cancel is gone).
  const cancelRef = useRef<HTMLButtonElement>(null);
  const startedBy = useRef<HTMLButtonElement | null>(null);
  const isRunning = Boolean(running);
  useEffect(() => {
    if (isRunning) cancelRef.current?.focus();
    else if (startedBy.current && keyboardLost()) startedBy.current.focus();
  }, [isRunning]);
  const press = (what: 'bundle' | 'pdf') => (e: Event) => {
    startedBy.current = e.currentTarget as HTMLButtonElement;
    void start(what);
  };

  const ready = estimate && !('error' in estimate) && estimate.captures > 0;
  return (
    <section class="export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading" tabIndex={-1}>
        Export evidence
      </h2>
      <ScopeForm value={value} captures={captures} disabled={Boolean(running)} onChange={setValue} />
      <fieldset class="layout" disabled={Boolean(running)}>
        <legend>Layout</legend>
        <label class="check">
          <input
            type="radio"
            name="layout"
            checked={layout === 'per-control'}
            onChange={() => setLayout('per-control')}
          />
          A copy in each control's folder (default)
        </label>
        <label class="check">
          <input
            type="radio"
            name="layout"
            checked={layout === 'write-once'}
            onChange={() => setLayout('write-once')}
          />
          Each capture once, indexed per control
        </label>
        <p class="small hint">
          Each capture once makes a smaller, faster bundle when captures are tagged to several controls; each
          control's folder then lists its captures (captures.csv) instead of holding copies. Either layout is
          bundle format 9, which the verifier the bundle's README-AUDITOR.txt names reads.
        </p>
      </fieldset>
      <p
        class="estimate"
        aria-live="polite"
        data-current={String(estimate?.of === value && estimate?.layout === layout)}
      >
        {!estimate
          ? 'Estimating…'
          : 'error' in estimate
            ? estimate.error
            : estimate.captures
              ? `${describeScope(estimate.scope)}: ${estimate.captures} captures, about ${formatBytes(estimate.bytes)}`
              : `${describeScope(estimate.scope)}: no capture matches.`}
      </p>
      <fieldset class="destination" disabled={Boolean(running)}>
        <legend>Save to</legend>
        <label class="check">
          <input
            type="radio"
            name="destination"
            checked={destination === 'file'}
            disabled={!canPickFile()}
            onChange={() => setDestination('file')}
          />
          A file I choose (written as it is made)
        </label>
        <label class="check">
          <input
            type="radio"
            name="destination"
            checked={destination === 'downloads'}
            onChange={() => setDestination('downloads')}
          />
          The downloads folder
        </label>
      </fieldset>
      <div class="export-actions">
        <button type="button" class="primary" disabled={!ready || Boolean(running)} onClick={press('bundle')}>
          Export bundle
        </button>
        <button type="button" disabled={!ready || Boolean(running)} onClick={press('pdf')}>
          PDF report
        </button>
        {running && (
          <button
            type="button"
            ref={cancelRef}
            onClick={() => controller.current?.abort(new DOMException('cancelled', 'AbortError'))}
          >
            Cancel
          </button>
        )}
      </div>
      {running && (
        <div class="progress">
          <label for="export-progress">
            {running.what}: {running.done} of {running.total} captures · {formatBytes(running.bytes)} written
          </label>
          <progress id="export-progress" max={running.total || 1} value={running.done} />
        </div>
      )}
      {/* Announced: the run's progress in quarters (not every repaint), then its outcome; a failure as an alert. */}
      <p role="status" class={result?.error ? 'error small' : 'small export-status'}>
        {running ? (
          progressLine(running)
        ) : result?.error ? (
          <span role="alert">{result.text}</span>
        ) : (
          result?.text
        )}
      </p>
    </section>
  );
}

/** What the status line says while a run works: its stage in steps of a quarter. */
const progressLine = (r: Running) =>
  r.total ? `${r.what}: ${Math.floor((r.done / r.total) * 4) * 25}% done…` : `${r.what}: starting…`;

/** Whether the keyboard is on nothing (the page's body): the element that had it went away. */
const keyboardLost = () => !document.activeElement || document.activeElement === document.body;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
