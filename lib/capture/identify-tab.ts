import { CaptureError } from './capture-error';
import { restrictionReason } from './restricted';
import type { TabState } from './tab-identity';

/** The tab to capture, read once before anything else: it must exist, be capturable and be visible. */
export async function identifyTab(read: () => Promise<TabState>): Promise<TabState> {
  const tab = await read().catch(() => {
    throw new CaptureError('That tab is gone: it was closed before the capture.');
  });
  const restricted = restrictionReason(tab.url);
  if (restricted) throw new CaptureError(restricted);
  if (!tab.active) throw new CaptureError('The tab must be the visible tab of its window to be captured.');
  return tab;
}
