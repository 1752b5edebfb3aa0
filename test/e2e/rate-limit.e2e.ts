import { describe, expect, it } from 'vitest';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

describe("the browser's two-captures-a-second limit", () => {
  it('makes captures pressed at the same moment wait their turn; none fails', async () => {
    const popups: PopupPage[] = [];
    for (const path of ['/review.html', '/change.html', '/audit-log.html']) {
      const tab = await openTab(b);
      await tab.page.goto(site.origin + path);
      const popup = await PopupPage.open(b, tab);
      await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
      await popup.pickControls(['A.8.15']);
      popups.push(popup);
    }
    const results = await Promise.allSettled(popups.map((p) => p.capture()));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'saved'))).toEqual([
      'saved',
      'saved',
      'saved',
    ]);
    const hashes = results.map((r) => (r.status === 'fulfilled' ? r.value.shortHash : ''));
    expect(new Set(hashes).size).toBe(3);
  });
});
