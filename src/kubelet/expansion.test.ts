import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandVars } from './expansion.js';

describe('expandVars', () => {
  const vars: Record<string, string> = { A: 'alpha', B: 'beta', EMPTY: '' };
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['$(A)', 'alpha'],
    ['x-$(A)-$(B)-y', 'x-alpha-beta-y'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['$$$(A)', '$alpha'],
    ['cost $5', 'cost $5'],
    ['$(A', '$(A'],
    ['$()', '$()'],
    ['$(EMPTY)!', '!'],
    ['end$', 'end$'],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
      assert.equal(
        expandVars(input, (n) => vars[n]),
        want,
      );
    });
  }
});
