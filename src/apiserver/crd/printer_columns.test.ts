import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { cellFor, customResourceTable } from './printer_columns.js';

const obj: KubeObject = {
  metadata: { name: 'w1', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { replicas: 3, ratio: 0.5, on: true, tags: ['a'], size: '2.7' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('customResourceTable', () => {
  it('serves Name and Age when no columns are declared', () => {
    const t = customResourceTable([]);
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.type, c.format]),
      [
        ['Name', 'string', 'name'],
        ['Age', 'date', ''],
      ],
    );
    assert.deepEqual(t.printRow(obj, new Date('2024-01-01T00:05:10Z')), ['w1', '5m10s']);
  });

  it('evaluates each declared column with its type', () => {
    const t = customResourceTable([
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags', priority: 1 },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', description: 'how much' },
      { name: 'On', type: 'boolean', jsonPath: '.spec.on' },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nope' },
      { name: 'Wrong', type: 'integer', jsonPath: '.spec.size' },
    ]);
    assert.deepEqual(t.printRow(obj, new Date()), ['w1', 3, 'True', '["a"]', 0.5, true, null, null]);
    assert.equal(t.columns[3]!.priority, 1);
    assert.equal(t.columns[4]!.description, 'how much');
    assert.equal(
      t.columns[1]!.description,
      'Custom resource definition column (in JSONPath format): .spec.replicas',
    );
  });
});

describe('cellFor', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['string', 'x', 'x'],
    ['string', 5, '5'],
    ['string', 1.5, '1.5'],
    ['string', { a: 1 }, '{"a":1}'],
    ['string', false, 'false'],
    ['integer', 2.9, 2],
    ['integer', 'x', null],
    ['number', 3, 3],
    ['boolean', 'true', null],
    ['date', '2024-05-01T10:00:00Z', '3h'],
    ['date', 'soon', '<invalid>'],
    ['date', 5, null],
    ['string', null, null],
  ];
  for (const [type, v, want] of cases) {
    const now = new Date('2024-05-01T13:00:00Z');
    it(`${type} ${JSON.stringify(v)}`, () => assert.deepEqual(cellFor(type, v, now), want));
  }
});
