import { describe, expect, it } from 'vitest';
import { saveCapture } from '../../../lib/db/captures-repo';
import { importCustomControls, listAllControls, withBuiltinControls } from '../../../lib/db/catalog-repo';
import { readPopupForm } from '../../../lib/db/popup-form';
import { setIdentity } from '../../../lib/db/settings-repo';
import { activeUrlRules, setUrlRuleSettings } from '../../../lib/db/url-rules-repo';
import { suggestControls } from '../../../lib/rules/url-rules';
import { freshDb } from '../helpers';
import { sampleRecord } from './sample-record';

describe('the popup form’s data, read at once', () => {
  it('is what the form showed when it read each part itself: identity, controls, 5 newest, rules', async () => {
    const db = freshDb();
    for (let i = 0; i < 7; i++)
      await saveCapture(
        db,
        await sampleRecord(new Uint8Array([i]), { capturedAt: `2026-11-2${i}T10:00:00.000Z` }),
        new Blob([new Uint8Array([i])]),
      );
    await importCustomControls(db, [{ id: 'HR-1', title: 'Onboarding checks', framework: 'Acme' }]);
    await setIdentity(db, { name: 'Dana Reyes', email: 'dana@example.test' });
    await setUrlRuleSettings(db, {
      disabledBuiltins: ['okta'],
      custom: [{ id: 'acme', label: 'Acme HR', pattern: 'https://hr.acme.test/*', controlIds: ['HR-1'] }],
    });

    const form = await readPopupForm(db);
    expect(form.identity).toEqual({ name: 'Dana Reyes', email: 'dana@example.test' });
    expect(withBuiltinControls(form.customControls)).toEqual(await listAllControls(db));
    expect(form.customControls).toEqual([{ id: 'HR-1', title: 'Onboarding checks', framework: 'Acme' }]);
    expect(form.recent.map((r) => r.capturedAt)).toEqual([
      '2026-11-26T10:00:00.000Z',
      '2026-11-25T10:00:00.000Z',
      '2026-11-24T10:00:00.000Z',
      '2026-11-23T10:00:00.000Z',
      '2026-11-22T10:00:00.000Z',
    ]);
    expect(form.urlRules).toEqual(await activeUrlRules(db));
    expect(suggestControls('https://hr.acme.test/people', form.urlRules).controlIds).toEqual(['HR-1']);
    expect(form.urlRules.some((r) => r.id === 'okta')).toBe(false);
    // What crosses to the popup is plain data (messages carry JSON).
    expect(JSON.parse(JSON.stringify(form))).toEqual(form);
  });

  it('says there is no identity yet (the popup asks for it) and lists no captures', async () => {
    const form = await readPopupForm(freshDb());
    expect(form.identity).toBeNull();
    expect(form.recent).toEqual([]);
    expect(form.customControls).toEqual([]);
    expect(withBuiltinControls(form.customControls).length).toBeGreaterThan(100);
  });
});
