import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instrumentCri, operationType } from './instrumented_runtime.js';

describe('operationType', () => {
  const cases: [string, string][] = [
    ['runPodSandbox', 'run_podsandbox'],
    ['podSandboxStatus', 'podsandbox_status'],
    ['listPodSandbox', 'list_podsandbox'],
    ['createContainer', 'create_container'],
    ['imageStatus', 'image_status'],
    ['version', 'version'],
  ];
  for (const [method, op] of cases) it(`${method} → ${op}`, () => assert.equal(operationType(method), op));
});

describe('instrumentCri', () => {
  class Service {
    calls = 0;
    async startContainer(id: string): Promise<string> {
      this.calls++;
      return `started ${id}`;
    }
    async stopContainer(): Promise<void> {
      throw new Error('gone');
    }
    name(): string {
      return 'plain';
    }
  }

  it('passes calls and results through and reports each with its duration', async () => {
    const seen: [string, number, boolean][] = [];
    let t = 1000;
    const svc = new Service();
    const wrapped = instrumentCri(
      svc,
      (op, ms, failed) => seen.push([op, ms, failed]),
      () => (t += 5),
    );
    assert.equal(await wrapped.startContainer('c1'), 'started c1');
    assert.equal(svc.calls, 1);
    assert.deepEqual(seen, [['start_container', 5, false]]);
  });

  it('reports a failed call as failed and rejects with its error', async () => {
    const seen: [string, boolean][] = [];
    const wrapped = instrumentCri(new Service(), (op, _ms, failed) => seen.push([op, failed]));
    await assert.rejects(wrapped.stopContainer(), /gone/);
    assert.deepEqual(seen, [['stop_container', true]]);
  });

  it('leaves methods that return no promise untimed', () => {
    const seen: string[] = [];
    const wrapped = instrumentCri(new Service(), (op) => seen.push(op));
    assert.equal(wrapped.name(), 'plain');
    assert.deepEqual(seen, []);
  });
});
