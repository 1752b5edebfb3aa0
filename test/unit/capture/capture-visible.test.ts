import { describe, expect, it, vi } from 'vitest';
import { type CaptureDeps, captureVisible } from '../../../lib/capture/capture-visible';
import { createCaptureScheduler } from '../../../lib/capture/rate-limit';
import { listCaptures } from '../../../lib/db/captures-repo';
import { setIdentity } from '../../../lib/db/settings-repo';
import { captureMetadataSchema } from '../../../lib/formats/capture-metadata';
import { canonicalSha256 } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { freshDb, PNG_1X1_BASE64, PNG_1X1_DATA_URL } from '../helpers';

function deps(overrides: Partial<CaptureDeps> = {}): CaptureDeps {
  return {
    db: freshDb(),
    schedule: (fn) => fn(),
    getTab: async () => ({ windowId: 1, url: 'https://console.example/users', title: 'Users', active: true }),
    captureVisibleTab: async () => PNG_1X1_DATA_URL,
    readPageInfo: async () => ({
      title: 'Users · Console',
      viewport: { width: 1280, height: 800 },
      devicePixelRatio: 2,
    }),
    browserInfo: async () => ({ name: 'Chromium', version: '156.0.1' }),
    extensionVersion: '0.1.0',
    now: () => new Date('2026-11-28T10:11:12.345Z'),
    ...overrides,
  };
}

const request = { tabId: 7, controlIds: ['A.5.18', 'CC6.3'], note: '  quarterly review ' };

describe('captureVisible', () => {
  it('stores a complete, hashed record with its image', async () => {
    const d = deps();
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    const record = await captureVisible(request, d);
    expect(captureMetadataSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      controlIds: ['A.5.18', 'CC6.3'],
      note: 'quarterly review',
      pageUrl: 'https://console.example/users',
      pageTitle: 'Users · Console',
      capturedAt: '2026-11-28T10:11:12.345Z',
      capturer: { name: 'Dana', email: 'dana@example.com' },
      browser: { name: 'Chromium', version: '156.0.1' },
      viewport: { width: 1280, height: 800 },
      devicePixelRatio: 2,
      image: { format: 'png', width: 1, height: 1 },
    });
    expect(record.controls[0]?.framework).toBe('ISO/IEC 27001:2022');
    expect(record.utcOffset).toMatch(/^[+-]\d\d:\d\d$/);
    const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
    expect(record.image.sha256).toBe(await sha256Hex(png));
    const { metadataSha256, ...rest } = record;
    expect(metadataSha256).toBe(await canonicalSha256(rest));
    const stored = await d.db.images.get(record.id);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(png);
  });

  it.each([
    [
      'a restricted page',
      { getTab: async () => ({ windowId: 1, url: 'chrome://settings', active: true }) },
      /Browser pages/,
    ],
    [
      'the Web Store',
      { getTab: async () => ({ windowId: 1, url: 'https://chromewebstore.google.com/x', active: true }) },
      /store/,
    ],
    [
      'a refused capture',
      {
        captureVisibleTab: async () =>
          Promise.reject(new Error("Either the '<all_urls>' or 'activeTab' permission is required.")),
      },
      /no permission/,
    ],
    [
      'a background tab',
      { getTab: async () => ({ windowId: 1, url: 'https://x.example', active: false }) },
      /visible tab/,
    ],
  ])('refuses %s with a clear message and stores nothing', async (_, overrides, message) => {
    const d = deps(overrides as Partial<CaptureDeps>);
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(captureVisible(request, d)).rejects.toThrow(message);
    expect(await listCaptures(d.db)).toEqual([]);
    expect(await d.db.images.count()).toBe(0);
  });

  it('asks for an identity before the first capture', async () => {
    await expect(captureVisible(request, deps())).rejects.toThrow(/name and email/);
  });

  it('refuses unknown controls and an empty selection', async () => {
    const d = deps();
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await expect(captureVisible({ ...request, controlIds: ['Z.9'] }, d)).rejects.toThrow(
      /Unknown control "Z.9"/,
    );
    await expect(captureVisible({ ...request, controlIds: [] }, d)).rejects.toThrow(/at least one control/);
  });

  it('waits out the two-a-second limit instead of failing', async () => {
    let clock = 0;
    const waits: number[] = [];
    const schedule = createCaptureScheduler(
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    const fn = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(
        new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.'),
      )
      .mockResolvedValue(PNG_1X1_DATA_URL);
    const d = deps({ schedule, captureVisibleTab: fn });
    await setIdentity(d.db, { name: 'Dana', email: 'dana@example.com' });
    await captureVisible(request, d);
    await captureVisible(request, d);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(waits.every((w) => w > 0 && w <= 510)).toBe(true);
    expect(waits.length).toBe(2);
    expect(await d.db.captures.count()).toBe(2);
  });
});
