import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Node } from '../api/types/node.js';
import { desiredPodRoutes, parseRoutes, syncRoutes } from './node_routes.js';

const node = (name: string, cidr?: string, ip?: string): Node =>
  ({
    metadata: { name },
    spec: cidr ? { podCIDR: cidr } : {},
    status: ip ? { addresses: [{ type: 'InternalIP', address: ip }] } : {},
  }) as Node;

describe('desiredPodRoutes', () => {
  it("routes every other node's podCIDR via its InternalIP, skipping nodes without either", () => {
    assert.deepEqual(
      desiredPodRoutes(
        [
          node('self', '10.42.0.0/24', '10.99.0.1'),
          node('b', '10.42.2.0/24', '10.99.0.3'),
          node('a', '10.42.1.0/24', '10.99.0.2'),
          node('no-cidr', undefined, '10.99.0.4'),
          node('no-ip', '10.42.5.0/24'),
          node('bad', 'nonsense', '10.99.0.6'),
        ],
        'self',
      ),
      [
        { cidr: '10.42.1.0/24', via: '10.99.0.2' },
        { cidr: '10.42.2.0/24', via: '10.99.0.3' },
      ],
    );
  });

  it('parses ip route output', () => {
    assert.deepEqual(
      parseRoutes('10.42.1.0/24 via 10.99.0.2 dev br0 \n10.42.2.0/24 via 10.99.0.3 dev br0\n'),
      [
        { cidr: '10.42.1.0/24', via: '10.99.0.2' },
        { cidr: '10.42.2.0/24', via: '10.99.0.3' },
      ],
    );
  });
});

describe('syncRoutes in a network namespace', () => {
  const ns = `kubets-routes-${process.pid}`;
  const ip = (...args: string[]) => execFileSync('ip', ['-n', ns, ...args]).toString();
  before(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    ip('link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
    ip('link', 'set', 'd1', 'up');
    ip('addr', 'add', '10.99.0.1/24', 'dev', 'd0');
    ip('link', 'set', 'd0', 'up');
    // Someone else's route in the same range is never touched.
    ip('route', 'add', '10.42.9.0/24', 'via', '10.99.0.9');
  });
  after(() => execFileSync('ip', ['netns', 'del', ns]));
  const log = pino({ level: 'silent' });

  it('adds, changes and removes only its own routes', async () => {
    await syncRoutes(
      [
        { cidr: '10.42.1.0/24', via: '10.99.0.2' },
        { cidr: '10.42.2.0/24', via: '10.99.0.3' },
      ],
      log,
      ns,
    );
    assert.match(ip('-4', 'route'), /10\.42\.1\.0\/24 via 10\.99\.0\.2 .*proto 213/);
    assert.match(ip('-4', 'route'), /10\.42\.2\.0\/24 via 10\.99\.0\.3 .*proto 213/);
    await syncRoutes([{ cidr: '10.42.2.0/24', via: '10.99.0.4' }], log, ns);
    const routes = ip('-4', 'route');
    assert.doesNotMatch(routes, /10\.42\.1\.0/);
    assert.match(routes, /10\.42\.2\.0\/24 via 10\.99\.0\.4/);
    assert.doesNotMatch(routes, /via 10\.99\.0\.3/);
    assert.match(routes, /10\.42\.9\.0\/24 via 10\.99\.0\.9/, 'a foreign route stays');
    await syncRoutes([], log, ns);
    assert.doesNotMatch(ip('-4', 'route'), /proto 213/);
  });

  it('programs the reachable routes when a node is not on this network, and names the one that failed', async () => {
    const failed = await syncRoutes(
      [
        { cidr: '10.42.3.0/24', via: '10.64.0.14' },
        { cidr: '10.42.4.0/24', via: '10.99.0.5' },
      ],
      log,
      ns,
    );
    assert.deepEqual([...failed.keys()], ['10.42.3.0/24 10.64.0.14']);
    assert.match(failed.get('10.42.3.0/24 10.64.0.14')!, /Nexthop has invalid gateway|unreachable/i);
    assert.match(ip('-4', 'route'), /10\.42\.4\.0\/24 via 10\.99\.0\.5/);
    await syncRoutes([], log, ns);
  });
});
