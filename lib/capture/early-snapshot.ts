import type { PageText, RedactionArea } from '../page-agent/types';
import { maskTitle } from '../redaction/mask-title';
import { redactSecretUrl } from '../redaction/secret-url';
import type { CaptureDeps } from './capture-page';
import type { CheckedRequest } from './check-request';
import type { TabState } from './tab-identity';

type Snapshot = Awaited<ReturnType<CaptureDeps['pageSnapshot']>>;

/**
 * The page snapshot of a visible capture starts as soon as the browser returns the screenshot,
 * beside the tab check that follows it, instead of after that check. Only when nothing will be
 * hidden: the page's inspection found nothing to mask or matched anywhere, and the address and
 * title first read need no redaction. The policy is still applied to what was finally read
 * (snapshot-policy.ts): a snapshot started here that it withholds is dropped, never stored; one it
 * keeps is checked against the tab after it was made, like any other.
 */
export function earlySnapshot(
  checked: Pick<CheckedRequest, 'mode' | 'settings' | 'rules'>,
  first: TabState,
  make: () => Promise<Snapshot>,
) {
  const eligible =
    checked.mode === 'visible' &&
    !!first.url &&
    !redactSecretUrl(first.url, checked.settings.urlSecretParams).redacted.length &&
    !maskTitle(first.title ?? '', checked.rules.textPatterns).masked;
  let shot = false;
  let clear = false;
  let started: Promise<Snapshot> | undefined;
  const maybeStart = () => {
    if (!eligible || !shot || !clear || started) return;
    started = make();
    started.catch(() => undefined); // the caller reports or replaces a failed snapshot
  };
  return {
    /** The screenshot call, starting the snapshot once it returns (if the inspection is clear). */
    wrap(screenshot: () => Promise<string>): () => Promise<string> {
      return async () => {
        const dataUrl = await screenshot();
        shot = true;
        maybeStart();
        return dataUrl;
      };
    },
    /** The page's inspection of the visible area, as it arrives. */
    inspected(view: { areas: RedactionArea[]; text: PageText }): void {
      clear = !view.areas.length && !view.text.matchedAnywhere;
      maybeStart();
    },
    /** The snapshot started early, if one was. */
    started: (): Promise<Snapshot> | undefined => started,
  };
}
