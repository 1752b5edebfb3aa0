import { describe, expect, it } from 'vitest';
import {
  captureSettingsProblems,
  defaultCaptureSettings,
  getCaptureSettings,
  setCaptureSettings,
} from '../../../lib/db/capture-settings-repo';
import { DEFAULT_SECRET_PARAM_FRAGMENTS } from '../../../lib/redaction/secret-url';
import { freshDb } from '../helpers';

describe('capture settings: secret URL parameter names', () => {
  it('defaults to the common secret names, also for settings stored before the field existed', async () => {
    const db = freshDb();
    expect((await getCaptureSettings(db)).urlSecretParams).toEqual([...DEFAULT_SECRET_PARAM_FRAGMENTS]);
    await db.settings.put({
      key: 'captureSettings',
      value: { banner: false, redactSelectors: [], redactPatterns: [] },
    });
    expect(await getCaptureSettings(db)).toMatchObject({
      banner: false,
      urlSecretParams: [...DEFAULT_SECRET_PARAM_FRAGMENTS],
    });
  });

  it.each([
    [[''], 'URL parameter name 1 is empty.'],
    [['token', 'api key'], 'URL parameter name 2 "api key" cannot hold spaces or any of = & # ?'],
    [['a=b'], 'URL parameter name 1 "a=b" cannot hold spaces or any of = & # ?'],
    [['x#'], 'URL parameter name 1 "x#" cannot hold spaces or any of = & # ?'],
  ])('refuses %j', (urlSecretParams, problem) => {
    expect(captureSettingsProblems({ ...defaultCaptureSettings, urlSecretParams })).toEqual([problem]);
  });

  it('saves names trimmed, lower-cased and once each; an empty list turns URL redaction off', async () => {
    const db = freshDb();
    await setCaptureSettings(db, {
      ...defaultCaptureSettings,
      urlSecretParams: [' Tenant ', 'tenant', 'SID'],
    });
    expect((await getCaptureSettings(db)).urlSecretParams).toEqual(['tenant', 'sid']);
    await setCaptureSettings(db, { ...defaultCaptureSettings, urlSecretParams: [] });
    expect((await getCaptureSettings(db)).urlSecretParams).toEqual([]);
  });

  it('stores nothing when a name is invalid', async () => {
    const db = freshDb();
    await expect(
      setCaptureSettings(db, { ...defaultCaptureSettings, urlSecretParams: ['ok', 'not ok'] }),
    ).rejects.toThrow('URL parameter name 2');
    expect((await getCaptureSettings(db)).urlSecretParams).toEqual([...DEFAULT_SECRET_PARAM_FRAGMENTS]);
  });
});
