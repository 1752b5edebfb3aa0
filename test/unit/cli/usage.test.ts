import { describe, expect, it } from 'vitest';
import { attachFingerprintValues } from '../../../node/cli/usage';

describe('fingerprints that start with a dash', () => {
  const fp = '-9E0z-MhM6hMBxIfEjUDTNtMeTBkovtJREqhY7yzA10';
  it('are attached to --signer so parseArgs does not take them for an option', () => {
    expect(attachFingerprintValues(['b.zip', '--signer', fp, '--json'], ['--signer'])).toEqual([
      'b.zip',
      `--signer=${fp}`,
      '--json',
    ]);
  });
  it('leaves everything else as it was', () => {
    const args = ['--signer', 'abc', '--json', '--signer', '--json', 'x.zip'];
    expect(attachFingerprintValues(args, ['--signer'])).toEqual(args);
  });
});
