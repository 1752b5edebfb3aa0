import { describe, expect, it } from 'vitest';
import type { StoreObjectRow } from '../../../lib/db/store-object-row';
import { captureStoreStatus, describeCaptureStoreStatus } from '../../../lib/store/push-status';

const row = (patch: Partial<StoreObjectRow>): StoreObjectRow => ({
  key: 'k',
  source: { kind: 'capture-record', captureId: 'c' },
  seq: 1,
  captureId: 'c',
  sha256: '0'.repeat(64),
  size: 1,
  contentType: 'application/json',
  state: 'stored',
  tries: 0,
  nextAttemptAt: '2026-11-30T00:00:00.000Z',
  ...patch,
});
const day = (iso: string) => iso.slice(0, 10);

describe("a capture's place in the team store", () => {
  it('in store, retained until the date the store reported for its image', () => {
    const s = captureStoreStatus([
      row({}),
      row({
        key: 'i',
        source: { kind: 'image', captureId: 'c' },
        retainUntil: '2033-11-30T00:00:00.000Z',
        lockMode: 'COMPLIANCE',
      }),
    ]);
    expect(s).toEqual({ state: 'stored', retainUntil: '2033-11-30T00:00:00.000Z', lockMode: 'COMPLIANCE' });
    expect(describeCaptureStoreStatus(s!, day)).toBe('in store · retained until 2033-11-30');
  });

  it('waiting: the most-tried object and its reason, the earliest retry', () => {
    const s = captureStoreStatus([
      row({
        state: 'waiting',
        tries: 1,
        reason: 'PUT a: offline',
        nextAttemptAt: '2026-11-30T00:05:00.000Z',
      }),
      row({
        state: 'waiting',
        tries: 3,
        reason: 'PUT b: AccessDenied',
        nextAttemptAt: '2026-11-30T00:01:00.000Z',
      }),
      row({}),
    ]);
    expect(s).toEqual({
      state: 'waiting',
      tries: 3,
      reason: 'PUT b: AccessDenied',
      nextAttemptAt: '2026-11-30T00:01:00.000Z',
    });
    expect(describeCaptureStoreStatus(s!, day)).toBe('waiting (3 tries): PUT b: AccessDenied');
    expect(describeCaptureStoreStatus({ state: 'waiting', tries: 0, nextAttemptAt: '' }, day)).toBe(
      'waiting to be sent',
    );
  });

  it('a conflict outranks everything; no rows: no status', () => {
    expect(
      captureStoreStatus([
        row({ state: 'waiting', tries: 2 }),
        row({ state: 'conflict', reason: 'different bytes' }),
      ]),
    ).toEqual({
      state: 'conflict',
      reason: 'different bytes',
    });
    expect(captureStoreStatus([])).toBeUndefined();
  });
});
