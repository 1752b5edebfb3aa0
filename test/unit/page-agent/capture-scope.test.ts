import { describe, expect, it } from 'vitest';
import { notInspectedNotices, textScopeFor } from '../../../lib/page-agent/capture-scope';

const region = { x: 1, y: 2, width: 30, height: 40 };

describe('textScopeFor', () => {
  it.each([
    { mode: 'visible', target: {}, scope: { kind: 'viewport' } },
    { mode: 'full-page', target: {}, scope: { kind: 'page' } },
    { mode: 'element', target: { selector: '#t' }, scope: { kind: 'element', selector: '#t' } },
    { mode: 'region', target: { region }, scope: { kind: 'region', rect: region } },
  ] as const)('$mode → $scope.kind', ({ mode, target, scope }) => {
    expect(textScopeFor(mode, target)).toEqual(scope);
  });
});

describe('notInspectedNotices', () => {
  it('names each place redaction could not reach', () => {
    expect(notInspectedNotices(['cross-origin frame https://ads.example'])).toEqual([
      'Not inspected for redaction: cross-origin frame https://ads.example (its content may be visible in the image unmasked).',
    ]);
    expect(notInspectedNotices()).toEqual([]);
  });
});
