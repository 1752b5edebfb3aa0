import { describe, expect, it } from 'vitest';
import { snapshotWithheldReason } from '../../../lib/capture/snapshot-policy';

const none = { maskedAreas: 0, urlRedactions: [], titleMasked: false };

describe('snapshotWithheldReason', () => {
  it.each([
    { hidden: none, reason: undefined },
    { hidden: { ...none, matchedAnywhere: false }, reason: undefined },
    { hidden: { ...none, maskedAreas: 2 }, reason: /Redaction was applied/ },
    { hidden: { ...none, matchedAnywhere: true }, reason: /matched content outside what was captured/ },
    { hidden: { ...none, urlRedactions: ['token'] }, reason: /secret parameters \(token\)/ },
    { hidden: { ...none, titleMasked: true }, reason: /title matched/ },
  ])('$hidden → $reason', ({ hidden, reason }) => {
    const got = snapshotWithheldReason(hidden);
    if (reason) expect(got).toMatch(reason);
    else expect(got).toBeUndefined();
  });
});
