import { describe, expect, it } from 'vitest';
import { readBrowserInfo } from '../../../lib/capture/browser-info';
import { describeTime, formatOffset } from '../../../lib/capture/clock';
import { dataUrlToBytes, readPngSize } from '../../../lib/capture/png';
import { restrictionReason } from '../../../lib/capture/restricted';
import { PNG_1X1_DATA_URL } from '../helpers';

describe('capture helpers', () => {
  it('reads PNG dimensions and rejects non-PNG bytes', () => {
    expect(readPngSize(dataUrlToBytes(PNG_1X1_DATA_URL))).toEqual({ width: 1, height: 1 });
    expect(() => readPngSize(new Uint8Array(40))).toThrow('not a PNG');
    expect(() => dataUrlToBytes('data:image/jpeg;base64,AAAA')).toThrow('PNG data URL');
  });

  it.each([
    [0, '+00:00'],
    [60, '+01:00'],
    [330, '+05:30'],
    [-480, '-08:00'],
  ])('formats an offset of %i minutes as %s', (m, s) => expect(formatOffset(m)).toBe(s));

  it('states capture time in UTC with milliseconds and the zone', () => {
    const t = describeTime(new Date('2026-01-02T03:04:05.006Z'), 'Europe/Paris');
    expect(t.capturedAt).toBe('2026-01-02T03:04:05.006Z');
    expect(t.timeZone).toBe('Europe/Paris');
  });

  it.each([
    ['chrome://extensions', true],
    ['edge://settings', true],
    ['about:blank', true],
    ['https://chromewebstore.google.com/detail/x', true],
    ['https://chrome.google.com/webstore/category', true],
    ['view-source:https://a.example', true],
    [undefined, true],
    ['https://admin.okta.com/admin/users', false],
    ['http://127.0.0.1:8080/x', false],
  ])('restriction of %s is %s', (url, restricted) => {
    expect(!!restrictionReason(url)).toBe(restricted);
  });

  it('prefers the specific browser brand and its full version', async () => {
    const info = await readBrowserInfo({
      userAgent: 'x',
      userAgentData: {
        getHighEntropyValues: async () => ({
          fullVersionList: [
            { brand: 'Not.A/Brand', version: '99' },
            { brand: 'Chromium', version: '156.0.1.2' },
            { brand: 'Microsoft Edge', version: '156.0.3.4' },
          ],
        }),
      },
    });
    expect(info).toEqual({ name: 'Microsoft Edge', version: '156.0.3.4' });
    expect(await readBrowserInfo({ userAgent: 'Mozilla/5.0 Firefox/140.0' })).toEqual({
      name: 'Firefox',
      version: '140.0',
    });
  });
});
