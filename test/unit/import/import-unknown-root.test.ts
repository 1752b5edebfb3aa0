import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTsaSettings } from '../../../lib/db/tsa-settings-repo';
import { importBundle } from '../../../lib/import/import-bundle';
import { drainTimestampQueue } from '../../../lib/tsa/queue';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { startTestTsa, type TestTsa } from '../../support/openssl-tsa';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
});
afterAll(async () => {
  await tsa?.close();
});

describe('a genuine bundle stamped by a TSA whose root nobody here trusts', () => {
  it('verifies with a warning, fails only under requireTimestamps, and imports', async () => {
    // Public TSAs send their chain without the root: so does this one's `intermediate` profile.
    const dana = freshDb();
    await setTsaSettings(dana, { urls: [tsa.urlOf('intermediate')], skewThresholdMs: 120_000 });
    await storeCapture(dana, { capturedAt: new Date().toISOString() });
    expect(await drainTimestampQueue(dana)).toBe(1);
    const { bytes } = await exportToBytes(dana, { now: new Date() });

    const report = await verifyBundle(await readZip(bytes));
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.message).join('\n')).toMatch(
      /timestamp not verified: unknown TSA root/,
    );
    const strict = await verifyBundle(await readZip(bytes), { requireTimestamps: true });
    expect(strict.problems.map((p) => p.message).join('\n')).toMatch(/unknown TSA root/);
    const rooted = await verifyBundle(await readZip(bytes), { trustedTsaRoots: [tsa.caDer] });
    expect(rooted.warnings.map((w) => w.message).join('\n')).not.toMatch(/unknown TSA root/);

    const carol = freshDb();
    const fingerprint = (await dana.keys.get('device'))!.fingerprint;
    const r = await importBundle(carol, bytes, {
      fileName: 'dana.zip',
      actor: { name: 'Carol', email: 'carol@example.com' },
      trust: [fingerprint],
    });
    expect(r.imported).toHaveLength(1);
    expect(await carol.foreignTokens.count()).toBe(1);
  });
});
