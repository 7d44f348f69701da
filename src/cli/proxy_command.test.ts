import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import { IptablesBackend } from '../proxy/iptables_backend.js';
import { computeRules } from '../proxy/iptables_rules.js';
import { servicePorts } from '../proxy/service_ports.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.js', import.meta.url));

test('kubets proxy --cleanup removes kube-proxy’s rules (in a network namespace of its own)', async () => {
  const ns = `kubets-proxy-cli-test-${process.pid}`;
  await run('ip', ['netns', 'add', ns]);
  try {
    const { ports } = servicePorts(
      [makeService('ns1', 'web', { clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] })],
      [makeSlice('ns1', 'web', 'a', [ep('10.42.0.5')], { name: 'http', port: 8080 })],
    );
    await new IptablesBackend({ netns: ns }).apply(computeRules(ports, { nodeName: 'n', nodeIPs: [] }));
    const save = () =>
      run('ip', ['netns', 'exec', ns, 'iptables-save'], { encoding: 'utf8' }).then((r) => r.stdout);
    assert.match(await save(), /KUBE-SEP-/);
    const r = await run('ip', ['netns', 'exec', ns, process.execPath, main, 'proxy', '--cleanup'], {
      encoding: 'utf8',
    });
    assert.equal(r.stderr, '');
    assert.doesNotMatch(await save(), /KUBE-/);
  } finally {
    await run('ip', ['netns', 'del', ns]);
  }
});
