import { storeCredentials } from '../cli/store-target';
import type { LaunchedBrowser } from './launch';
import { setIdentityIfMissing } from './library-job';
import { StoreSettingsPage } from './store-settings-page';

/**
 * Connects the profile to the team store as a reader (credentials from the AWS environment) and
 * reads every owner's evidence into it, trusting the keys in `trust`. Fails naming every owner that
 * was refused or whose key is not trusted, with the fingerprint to pass to --trust.
 */
export async function readTeamFromStore(
  b: LaunchedBrowser,
  target: { endpoint: string; bucket: string; prefix: string; region: string },
  trust: readonly string[],
  exporter: { name: string; email: string },
): Promise<void> {
  const credentials = await storeCredentials();
  await setIdentityIfMissing(b, exporter);
  const settings = await StoreSettingsPage.open(b);
  try {
    await settings.connect({ ...target, mode: 'reader', ...credentials });
    const read = await settings.readTeam(trust);
    const refused = read.lines.filter((l) => l.includes(': refused: '));
    if (read.untrusted.length || refused.length)
      throw new Error(
        [
          'not every owner in the store could be read, so nothing was exported:',
          ...refused.map((l) => `  ${l}`),
          ...read.untrusted.map(
            (fp) => `  key ${fp} is not trusted: check it with its owner, then add --trust ${fp}`,
          ),
        ].join('\n'),
      );
  } finally {
    await settings.page.close();
  }
}
