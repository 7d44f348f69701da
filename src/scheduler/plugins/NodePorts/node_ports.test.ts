import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, onNode } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Pod } from '../../../api/types/pod.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import { ERR_REASON, newNodePorts, portsConflict } from './node_ports.js';

function withPort(name: string, hostPort: number, hostIP?: string, protocol?: 'TCP' | 'UDP'): Pod {
  const p = makePod(name);
  p.spec.containers[0]!.ports = [{ containerPort: 80, hostPort, hostIP, protocol }];
  return p;
}

test('portsConflict: same port and protocol on overlapping addresses', () => {
  const cases: [string, boolean][] = [
    ['0.0.0.0/TCP/80 vs 10.0.0.1/TCP/80', true],
    ['10.0.0.1/TCP/80 vs 10.0.0.2/TCP/80', false],
    ['0.0.0.0/TCP/80 vs 0.0.0.0/UDP/80', false],
    ['0.0.0.0/TCP/80 vs 0.0.0.0/TCP/81', false],
  ];
  for (const [desc, want] of cases) {
    const [a, b] = desc.split(' vs ').map((x) => {
      const [ip, protocol, port] = x.split('/');
      return { ip: ip!, protocol: protocol!, port: Number(port) };
    });
    assert.equal(portsConflict(a!, b!), want, desc);
  }
});

test('filter rejects a used host port; PreFilter skips pods without host ports', () => {
  const h = harness([makeNode('n1')], [onNode(withPort('used', 8080), 'n1')]);
  const p = newNodePorts(undefined, h.handle);
  const st = new CycleState();
  assert.equal(p.preFilter(st, makePod('none'), []).status.code, Code.Skip);
  const s = p.filter(st, withPort('want', 8080, '127.0.0.1'), h.snapshot.get('n1')!);
  assert.equal(s.code, Code.Unschedulable);
  assert.deepEqual([...s.reasons], [ERR_REASON]);
  assert.equal(
    p.filter(st, withPort('other', 8080, undefined, 'UDP'), h.snapshot.get('n1')!).code,
    Code.Success,
  );
});
