import { browser } from 'wxt/browser';
import { exportBundle, exportFileName } from '../../lib/bundle/export-bundle';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import { sendMessage } from '../../lib/messaging/client';
import { requestScope } from '../../lib/requests/request-scope';
import { downloadTarget } from './save-target';

/** The bundle viewer the build puts in the extension (see ExportPanel). */
const viewerUrl = () => (browser.runtime.getURL as (path: string) => string)('/viewer/verify.html.txt');

/**
 * Exports a request's bundle (its linked captures, requests/<ID>/ and requests.csv) to the
 * downloads folder; resolves to the status line.
 */
export async function exportRequestBundle(requestId: string): Promise<string> {
  const db = getDb();
  const scope = await requestScope(db, requestId);
  const now = new Date();
  const target = downloadTarget(exportFileName(scope, now.toISOString()), 'application/zip');
  try {
    await sendMessage('drainTimestamps', { force: true }).catch(() => undefined);
    const viewer = new Uint8Array(await (await fetch(viewerUrl())).arrayBuffer());
    const out = await exportBundle(db, {
      scope,
      now,
      sink: target.sink,
      viewer,
      extensionVersion: browser.runtime.getManifest().version,
      exportedBy: await getIdentity(db),
    });
    const where = await target.finish();
    return `Exported request ${requestId}: ${out.manifest.captureCount} captures to ${where}`;
  } catch (e) {
    await target.discard();
    throw e;
  }
}
