import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';

const obj = {
  metadata: { name: 'w', labels: { 'app.kubernetes.io/name': 'x' } },
  spec: { replicas: 3, tags: ['a', 'b', 'c'], nested: { deep: { v: 1 } } },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', n: 1 },
      { type: 'Synced', status: 'False', n: 5 },
    ],
  },
};

const cases: Array<[string, unknown[]]> = [
  ['.spec.replicas', [3]],
  ['{.spec.replicas}', [3]],
  ['.spec.missing', []],
  ['.spec.tags[0]', ['a']],
  ['.spec.tags[-1]', ['c']],
  ['.spec.tags[*]', ['a', 'b', 'c']],
  ['.spec.tags[0:2]', ['a', 'b']],
  ['.spec.tags[9]', []],
  ["['spec']['replicas']", [3]],
  [".metadata.labels['app.kubernetes.io/name']", ['x']],
  ['.status.conditions[?(@.type=="Ready")].status', ['True']],
  [".status.conditions[?(@.type!='Ready')].type", ['Synced']],
  ['.status.conditions[?(@.n>2)].type', ['Synced']],
  ['.status.conditions[?(@.n)].n', [1, 5]],
  ['..v', [1]],
  ['.spec.nested.*', [{ v: 1 }]],
];

describe('jsonpath', () => {
  for (const [path, want] of cases) {
    it(path, () => assert.deepEqual(evaluateJsonPath(parseJsonPath(path), obj), want));
  }
  for (const bad of ['spec', '.spec[', '.spec[?(x)]', '.spec.#']) {
    it(`refuses ${bad}`, () => assert.throws(() => parseJsonPath(bad), JsonPathError));
  }
});
