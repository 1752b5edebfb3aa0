import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { exportBundle } from '../../lib/bundle/export-bundle';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import type { BundleScope } from '../../lib/formats/manifest';
import { sendMessage } from '../../lib/messaging/client';
import { downloadBlob } from './download';

/**
 * Where the extension keeps the bundle viewer. It is generated when the extension is built, so it
 * is not among WXT's typed public paths on a fresh checkout.
 */
const viewerUrl = () => (browser.runtime.getURL as (path: string) => string)('/viewer/verify.html.txt');

/** Props of an export button. */
export interface ExportButtonProps {
  scope: BundleScope;
  label: string;
  disabled?: boolean;
}

/** Builds the bundle for a scope in this page and downloads it; reports where it went. */
export function ExportButton({ scope, label, disabled }: ExportButtonProps) {
  const [state, setState] = useState<{ busy: boolean; message: string; error?: boolean }>({
    busy: false,
    message: '',
  });
  const run = async () => {
    setState({ busy: true, message: 'Exporting…' });
    try {
      const db = getDb();
      // Stamp what is still queued first (best effort: a TSA that is down only delays its tokens).
      await sendMessage('drainTimestamps', { force: true }).catch(() => undefined);
      const bundle = await exportBundle(db, {
        scope,
        extensionVersion: browser.runtime.getManifest().version,
        exportedBy: await getIdentity(db),
        viewer: new Uint8Array(await (await fetch(viewerUrl())).arrayBuffer()),
      });
      const path = await downloadBlob(bundle.blob, bundle.fileName);
      setState({ busy: false, message: `Exported ${bundle.manifest.captureCount} captures to ${path}` });
    } catch (e) {
      setState({
        busy: false,
        message: `Export failed: ${e instanceof Error ? e.message : String(e)}`,
        error: true,
      });
    }
  };
  return (
    <span class="export">
      <button type="button" class="primary" onClick={run} disabled={disabled || state.busy}>
        {label}
      </button>
      <span role="status" class={state.error ? 'error small' : 'small export-status'}>
        {state.message}
      </span>
    </span>
  );
}
