import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import { MAX_NESTING_DEPTH, checkTextNesting, textNestingDepth } from './nesting_depth.js';

test('nesting depth of flow and block text', () => {
  assert.equal(textNestingDepth('{"a":{"b":[1,2]}}'), 3 + 1);
  assert.equal(textNestingDepth('a:\n  b:\n    c: 1\n  d: 2\n'), 3);
  assert.equal(textNestingDepth('a: "[[[[{{{{"\nb: \'{{{{\'\n'), 1, 'quoted brackets do not count');
  assert.equal(textNestingDepth('# [[[[[\na: 1\n'), 1);
  assert.equal(textNestingDepth('items:\n- a: 1\n  b: 2\n- c: 3\n'), 2);
});

test('bodies nested beyond the limit are 400', () => {
  const deep = '['.repeat(MAX_NESTING_DEPTH + 1) + ']'.repeat(MAX_NESTING_DEPTH + 1);
  assert.throws(
    () => checkTextNesting(deep, 'json'),
    (e: unknown) => e instanceof StatusError && e.code === 400 && /exceeded max depth of 256/.test(e.message),
  );
  const block = Array.from({ length: 400 }, (_, i) => ' '.repeat(i) + 'a:').join('\n');
  assert.throws(() => checkTextNesting(block, 'yaml'), StatusError);
  checkTextNesting('{"spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}}', 'json');
});
