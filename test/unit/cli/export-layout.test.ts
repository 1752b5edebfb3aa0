import { describe, expect, it } from 'vitest';
import { parseLayout, runExport } from '../../../node/cli/export-command';
import { UsageError } from '../../../node/cli/usage';

describe('prooftrail export --layout', () => {
  it('takes per-control or write-once, per-control when absent', () => {
    expect(parseLayout(undefined)).toBe('per-control');
    expect(parseLayout('per-control')).toBe('per-control');
    expect(parseLayout('write-once')).toBe('write-once');
  });

  it('refuses any other value, naming the flag and the layouts, before anything is launched', async () => {
    for (const bad of ['flat', 'Write-Once', ''])
      await expect(
        runExport(['--profile', '/nonexistent', '--out', 'b.zip', '--layout', bad]),
      ).rejects.toThrow(new UsageError(`--layout "${bad}" is not a layout: use per-control or write-once`));
  });

  it('refuses write-once with --request', async () => {
    await expect(
      runExport(['--profile', '/nonexistent', '--out', 'b.zip', '--request', 'R1', '--layout', 'write-once']),
    ).rejects.toThrow(/--layout write-once cannot be combined with --request/);
  });
});
