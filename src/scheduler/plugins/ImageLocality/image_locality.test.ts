import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import { CycleState } from '../../framework/cycle_state.js';
import { newImageLocality } from './image_locality.js';

const MB = 1024 * 1024;

test('score grows with image size and spread over nodes', () => {
  const withImage = (name: string, images: { names: string[]; sizeBytes: number }[]) => {
    const n = makeNode(name);
    n.status!.images = images;
    return n;
  };
  const nodes = [
    withImage('big', [{ names: ['app:1'], sizeBytes: 500 * MB }]),
    withImage('both', [
      { names: ['app:1'], sizeBytes: 500 * MB },
      { names: ['docker.io/tool:latest', 'tool'], sizeBytes: 300 * MB },
    ]),
    makeNode('none'),
  ];
  const h = harness(nodes);
  const p = newImageLocality(undefined, h.handle);
  const pod = makePod('p');
  pod.spec.containers = [
    { name: 'a', image: 'app:1' },
    { name: 'b', image: 'tool' },
  ];
  const s = (n: string) => p.score(new CycleState(), pod, h.snapshot.get(n)!);
  // big: 500MB*2/3 = 333MB; both: 333MB + 300MB*1/3; thresholds 23MB..2000MB
  assert.equal(
    s('big'),
    Math.trunc((100 * (Math.trunc((500 * MB * 2) / 3) - 23 * MB)) / (2000 * MB - 23 * MB)),
  );
  assert.ok(s('both') > s('big'));
  assert.equal(s('none'), 0);
});
