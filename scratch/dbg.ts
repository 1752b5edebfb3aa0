import { launchFirefox, openTab } from '../test/firefox/firefox-driver';
import { FirefoxPopup, FirefoxLibrary } from '../test/firefox/firefox-pages';
import { startFixtureSite } from '../test/e2e/support';
const site = await startFixtureSite();
const s = await launchFirefox();
try {
  const tab = await openTab(s, `${site.origin}/long.html`);
  const popup = await FirefoxPopup.open(s, tab);
  await popup.ensureIdentity('Dana', 'dana@example.test');
  await popup.pickControl('A.8.15');
  console.log(await popup.capture());
  const lib = await FirefoxLibrary.open(s);
  console.log(await lib.openExport());
  console.log(await lib.exportBundle(s.downloadsDir));
} finally { await s.close(); await site.close(); }
