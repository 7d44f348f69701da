import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slowStartBatch } from './slow_start_batch.js';

test('slowStartBatch: batches of 1, 2, 4 …; stops after the batch with the first failure', async () => {
  const table: { count: number; failFrom: number; calls: number; successes: number; batches: number[] }[] = [
    { count: 0, failFrom: Infinity, calls: 0, successes: 0, batches: [] },
    { count: 10, failFrom: Infinity, calls: 10, successes: 10, batches: [1, 2, 4, 3] },
    { count: 10, failFrom: 0, calls: 1, successes: 0, batches: [1] },
    { count: 10, failFrom: 2, calls: 3, successes: 2, batches: [1, 2] },
    { count: 10, failFrom: 4, calls: 7, successes: 4, batches: [1, 2, 4] },
  ];
  for (const row of table) {
    let calls = 0;
    let inFlight = 0;
    const batches: number[] = [];
    const res = await slowStartBatch(row.count, 1, async () => {
      const i = calls++;
      if (inFlight === 0) batches.push(0);
      inFlight++;
      batches[batches.length - 1]!++;
      await Promise.resolve();
      inFlight--;
      if (i >= row.failFrom) throw new Error(`call ${i}`);
    });
    assert.equal(calls, row.calls, `calls for ${JSON.stringify(row)}`);
    assert.equal(res.successes, row.successes);
    assert.deepEqual(batches, row.batches);
    assert.equal(res.error !== undefined, row.failFrom < row.count);
  }
});
