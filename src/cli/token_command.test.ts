import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapTokenSecret } from '../server/bootstrap_tokens.js';
import { parseTtl, tokenCommand, tokenTable } from './token_command.js';
import { UsageError } from './usage_error.js';

describe('kubets token', () => {
  it('parses TTLs like kubeadm', () => {
    assert.equal(parseTtl('24h'), 86_400_000);
    assert.equal(parseTtl('1h30m'), 5_400_000);
    assert.equal(parseTtl('90s'), 90_000);
    assert.equal(parseTtl('0'), 0);
    assert.throws(() => parseTtl('tomorrow'), UsageError);
    assert.throws(() => parseTtl(''), UsageError);
  });

  it('lists tokens with TTL, expiry, usages, description and groups', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const table = tokenTable(
      [
        bootstrapTokenSecret(
          { id: 'abcdef', secret: '0123456789abcdef' },
          { ttlMs: 7_200_000, now, description: 'n2' },
        ),
        bootstrapTokenSecret({ id: 'zzzzzz', secret: '0123456789abcdef' }, { ttlMs: 0, now, groups: [] }),
        { metadata: { name: 'other', namespace: 'kube-system' }, type: 'Opaque' },
      ],
      now,
    );
    const lines = table.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS$/);
    assert.match(
      lines[1]!,
      /^abcdef\.0123456789abcdef\s+120m\s+2026-01-01T02:00:00Z\s+authentication,signing\s+n2\s+system:bootstrappers:kubeadm:default-node-token$/,
    );
    assert.match(
      lines[2]!,
      /^zzzzzz\.0123456789abcdef\s+<forever>\s+<never>\s+authentication,signing\s+<none>\s*$/,
    );
  });

  it('refuses bad input before reaching any server', async () => {
    const run = (args: string[]) => tokenCommand([...args, '--kubeconfig', '/nonexistent/kubeconfig']);
    await assert.rejects(run(['create', 'BAD']), /was not of the form/);
    await assert.rejects(
      run(['create', '--groups', 'system:masters']),
      /--groups: group "system:masters" must match/,
    );
    await assert.rejects(run(['create', '--ttl', 'soon']), /--ttl: soon is not a duration/);
    await assert.rejects(run(['frobnicate']), /unknown subcommand "frobnicate"/);
    await assert.rejects(run(['delete']), /delete needs at least one token/);
  });
});
