/**
 * The iptables backend against the real iptables, inside a network namespace this test creates
 * and removes (needs root and iptables; fails, never skips, without them). Traffic inside the
 * namespace checks that the rules do what they say: a ClusterIP reaches its endpoint, a service
 * without endpoints refuses at once.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import { IptablesBackend, JUMP_RULES } from './iptables_backend.js';
import { computeRules } from './iptables_rules.js';
import { servicePorts } from './service_ports.js';

const run = promisify(execFile);
const NS = `kubets-proxy-test-${process.pid}`;
const inNs = (cmd: string, ...args: string[]) =>
  run('ip', ['netns', 'exec', NS, cmd, ...args], { encoding: 'utf8' }).then((r) => r.stdout);
const NODE = { nodeName: 'n1', nodeIPs: ['192.168.77.1'], clusterCidr: '10.42.0.0/16' };
const backend = new IptablesBackend({ netns: NS });
let server: ChildProcess | undefined;

function rules(withEndpoint: boolean) {
  const services = [
    makeService('ns1', 'web', { clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] }),
    makeService('ns1', 'empty', { clusterIP: '10.96.0.11', ports: [{ name: 'http', port: 80 }] }),
  ];
  const slices = withEndpoint
    ? [makeSlice('ns1', 'web', 'a', [ep('192.168.77.1', 'n1')], { name: 'http', port: 8080 })]
    : [];
  return computeRules(servicePorts(services, slices).ports, NODE);
}

/** Connects from inside the namespace; answers the first line read or the error code. */
async function connect(ip: string, port: number): Promise<string> {
  const script = `const s=require('net').connect(${port},'${ip}');s.setTimeout(5000);s.on('data',d=>{console.log(String(d).trim());s.destroy()});s.on('error',e=>console.log(e.code));s.on('timeout',()=>{console.log('TIMEOUT');s.destroy()})`;
  return (await inNs(process.execPath, '-e', script)).trim();
}

before(async () => {
  await run('ip', ['netns', 'add', NS]);
  await inNs('ip', 'link', 'set', 'lo', 'up');
  // The service range routed out of a veth (whose peer stays here): the ICMP of a REJECT comes
  // back to the client's address as it would to a pod's.
  await inNs('ip', 'link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB');
  await inNs('ip', 'link', 'set', 'vA', 'up');
  await inNs('ip', 'link', 'set', 'vB', 'up');
  await inNs('ip', 'addr', 'add', '192.168.77.1/24', 'dev', 'vA');
  await inNs('ip', 'route', 'add', '10.96.0.0/16', 'via', '192.168.77.2', 'dev', 'vA');
  server = spawn(
    'ip',
    [
      'netns',
      'exec',
      NS,
      process.execPath,
      '-e',
      `const net=require('net');net.createServer(c=>c.end('hello from endpoint two\\n')).listen(8081,'192.168.77.1');` +
        `net.createServer(c=>c.end('hello from the endpoint\\n')).listen(8080,'192.168.77.1',()=>console.log('up'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => server!.stdout!.once('data', resolve));
});

after(async () => {
  server?.kill();
  await run('ip', ['netns', 'del', NS]);
});

/** Two endpoints (one address, ports 8080 and 8081) behind a service with or without affinity. */
function twoEndpoints(clusterIP: string, affinity: boolean) {
  const services = [
    makeService('ns1', 'two', {
      clusterIP,
      ports: [{ name: 'http', port: 80 }],
      ...(affinity ? { sessionAffinity: 'ClientIP' as const } : {}),
    }),
  ];
  const slices = [8080, 8081].map((port) =>
    makeSlice('ns1', 'two', String(port), [ep('192.168.77.1', 'n1')], { name: 'http', port }),
  );
  return computeRules(servicePorts(services, slices).ports, NODE);
}

describe('IptablesBackend in a network namespace', () => {
  test('apply programs both tables and the jumps once, however often it runs', async () => {
    await backend.apply(rules(true));
    await backend.apply(rules(true));
    const nat = await inNs('iptables-save', '-t', 'nat');
    const filter = await inNs('iptables-save', '-t', 'filter');
    for (const j of JUMP_RULES) {
      const text = j.table === 'nat' ? nat : filter;
      const lines = text
        .split('\n')
        .filter((l) => l.startsWith(`-A ${j.chain} `) && l.endsWith(`-j ${j.target}`));
      assert.equal(
        lines.filter((l) => l.includes(j.comment)).length,
        1,
        `${j.table} ${j.chain} → ${j.target}`,
      );
    }
    assert.match(nat, /-A KUBE-SEP-\w+ .*-j DNAT --to-destination 192\.168\.77\.1:8080/);
    assert.match(filter, /"ns1\/empty:http has no endpoints".*-j REJECT --reject-with icmp-port-unreachable/);
  });

  test('a ClusterIP reaches its endpoint; a service without endpoints refuses at once', async () => {
    await backend.apply(rules(true));
    assert.equal(await connect('10.96.0.10', 80), 'hello from the endpoint');
    assert.equal(await connect('10.96.0.11', 80), 'ECONNREFUSED');
  });

  test('traffic spreads over the endpoints at random; ClientIP affinity keeps a client on one', async () => {
    await backend.apply(twoEndpoints('10.96.0.12', false), { full: true });
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await connect('10.96.0.12', 80));
    assert.deepEqual([...seen].sort(), ['hello from endpoint two', 'hello from the endpoint']);
    await backend.apply(twoEndpoints('10.96.0.12', true));
    const sticky = new Set<string>();
    for (let i = 0; i < 16; i++) sticky.add(await connect('10.96.0.12', 80));
    assert.equal(sticky.size, 1, `one endpoint for one client: ${[...sticky].join(', ')}`);
  });

  test('partial syncs delete the chains of services gone; a full sync brings a flushed jump back', async () => {
    await backend.apply(rules(true));
    await inNs('iptables', '-t', 'nat', '-F', 'PREROUTING');
    await backend.apply(rules(false)); // a partial sync
    let nat = await inNs('iptables-save', '-t', 'nat');
    assert.doesNotMatch(nat, /KUBE-SEP-|KUBE-SVC-/);
    assert.match(await inNs('iptables-save', '-t', 'filter'), /"ns1\/web:http has no endpoints"/);
    assert.equal(await backend.intact(), false, 'the flushed jump is noticed');
    await backend.apply(rules(false), { full: true }); // the periodic full sync
    assert.equal(await backend.intact(), true);
    nat = await inNs('iptables-save', '-t', 'nat');
    assert.match(nat, /-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES/);
    assert.equal(await connect('10.96.0.10', 80), 'ECONNREFUSED');
  });

  test('cleanup removes every kube-proxy chain and jump, and nothing else', async () => {
    await inNs('iptables', '-t', 'nat', '-N', 'OTHER-CHAIN');
    await inNs('iptables', '-t', 'nat', '-A', 'PREROUTING', '-j', 'OTHER-CHAIN');
    await inNs('iptables', '-t', 'filter', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT');
    await backend.apply(rules(true));
    await backend.cleanup();
    const all = await inNs('iptables-save');
    assert.doesNotMatch(all, /KUBE-/);
    assert.match(all, /-A PREROUTING -j OTHER-CHAIN/);
    assert.match(all, /-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT/);
    await backend.cleanup(); // nothing left to remove
    assert.notEqual(await connect('10.96.0.10', 80), 'hello from the endpoint', 'no DNAT any more');
  });
});
