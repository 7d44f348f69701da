import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { POD_MASQ_CHAIN, podMasqueradeRules } from './pod_masquerade.js';

const run = promisify(execFile);

describe('podMasqueradeRules', () => {
  it('returns traffic inside the cluster CIDR and masquerades the rest', () => {
    const rules = podMasqueradeRules('10.42.0.0/16');
    assert.match(rules, /^\*nat\n:KUBETS-POD-MASQ - \[0:0\]\n/);
    assert.match(rules, /-A KUBETS-POD-MASQ -d 10\.42\.0\.0\/16 .* -j RETURN\n/);
    assert.match(
      rules,
      /-A KUBETS-POD-MASQ -m comment --comment "kubets: pods leaving the cluster network" -j MASQUERADE\nCOMMIT\n$/,
    );
  });

  it('refuses what is not an IPv4 CIDR', () => {
    assert.throws(() => podMasqueradeRules('10.42.0.0'), /is not an IPv4 CIDR/);
    assert.throws(() => podMasqueradeRules('10.42.0.0/16 -j ACCEPT'), /is not an IPv4 CIDR/);
  });

  describe('applied by iptables-restore in a network namespace of its own', () => {
    const ns = `kubets-masq-${process.pid}`;
    before(() => run('ip', ['netns', 'add', ns]));
    after(() => run('ip', ['netns', 'delete', ns]));

    it('is accepted, and applying it twice leaves one copy', async () => {
      for (let i = 0; i < 2; i++) {
        const restore = run('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush']);
        restore.child.stdin!.end(podMasqueradeRules('10.42.0.0/16'));
        await restore;
      }
      const { stdout } = await run('ip', [
        'netns',
        'exec',
        ns,
        'iptables',
        '-t',
        'nat',
        '-S',
        POD_MASQ_CHAIN,
      ]);
      assert.equal(stdout.split('\n').filter((l) => l.includes('MASQUERADE')).length, 1);
    });

    it('ensurePodMasquerade adds one jump; removePodMasquerade takes the jump and the chain away', async () => {
      const mod = new URL('./pod_masquerade.js', import.meta.url).href;
      const inNs = (code: string) =>
        run('ip', [
          'netns',
          'exec',
          ns,
          process.execPath,
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(mod)}); ${code}`,
        ]);
      const save = async () => (await run('ip', ['netns', 'exec', ns, 'iptables-save', '-t', 'nat'])).stdout;
      await inNs("await m.ensurePodMasquerade('10.42.0.0/16'); await m.ensurePodMasquerade('10.42.0.0/16');");
      const before = await save();
      assert.equal(
        before.split('\n').filter((l) => l.startsWith('-A POSTROUTING') && l.includes(POD_MASQ_CHAIN)).length,
        1,
      );
      await inNs('await m.removePodMasquerade(); await m.removePodMasquerade();');
      assert.doesNotMatch(await save(), new RegExp(POD_MASQ_CHAIN));
    });
  });
});
