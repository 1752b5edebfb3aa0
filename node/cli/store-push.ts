import { ownersPrefix } from '../../lib/store/store-settings';
import { withLibrary } from '../automation/library-job';
import { StoreSettingsPage } from '../automation/store-settings-page';
import { parseStoreTarget, storeCredentials } from './store-target';
import { parseCommandLine, UsageError } from './usage';

/**
 * `store push --profile DIR --store s3://BUCKET/PREFIX --endpoint URL [--region R]`: connects the
 * profile to the store as an owner (credentials from the AWS environment or profile files, saved in
 * the profile as Settings would save them) and sends everything not yet there. 0 when nothing is
 * left waiting, 1 otherwise (with the store's reason).
 */
export async function storePush(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    profile: { type: 'string' },
    store: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`store push takes no file (${positionals[0]})`);
  if (!values.profile) throw new UsageError('--profile DIR is required (the library whose evidence to send)');
  const target = parseStoreTarget(values);
  const credentials = await storeCredentials();
  if (credentials.sessionToken)
    throw new UsageError(
      'temporary credentials (AWS_SESSION_TOKEN) cannot be saved in a profile: use a key of the owner',
    );
  const counts = await withLibrary({ profile: values.profile }, true, async (_library, b) => {
    const settings = await StoreSettingsPage.open(b);
    await settings.connect({ ...target, mode: 'owner', ...credentials });
    return settings.sendNow();
  });
  const where = `s3://${target.bucket}/${ownersPrefix(target)}`;
  if (counts.waiting === 0 && counts.conflict === 0) {
    console.log(`OK: ${counts.stored} objects of this profile are in ${where}; nothing waiting.`);
    return 0;
  }
  console.error(`NOT DONE: ${counts.text}`);
  return 1;
}
