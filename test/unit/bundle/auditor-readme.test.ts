import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { auditorReadme } from '../../../lib/bundle/auditor-readme';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

it('README-AUDITOR.txt names the exact package version for every command, where it comes from, and the stock-tools check', () => {
  const text = auditorReadme({
    fileName: 'evidence.zip',
    entries: 4,
    stamped: 0,
    fingerprint: 'x'.repeat(43),
  });
  expect(text).toContain(`npx prooftrail@${version} verify evidence.zip --signers signers.json`);
  expect(text).toContain(`npx prooftrail@${version} verify-page --out verify.html`);
  // Every npx command is pinned: none runs whatever version happens to be newest.
  expect(text.match(/npx prooftrail\S*/g)?.every((c) => c === `npx prooftrail@${version}`)).toBe(true);
  expect(text).toContain('https://www.npmjs.com/package/prooftrail');
  expect(text).toContain(`npm view prooftrail@${version} repository dist.integrity`);
  expect(text).toMatch(/verify\.html inside this\s+bundle is only as trustworthy as the bundle/);
  expect(text).toContain('sha256sum -c SHA256SUMS');
});
