import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapTokenRow,
  bootstrapTokenSecret,
  checkBootstrapGroups,
  generateBootstrapToken,
  parseBootstrapToken,
} from './bootstrap_tokens.js';

describe('bootstrap tokens', () => {
  it('are generated as [a-z0-9]{6}.[a-z0-9]{16}, each different', () => {
    const a = generateBootstrapToken();
    const b = generateBootstrapToken();
    assert.match(`${a.id}.${a.secret}`, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.notEqual(`${a.id}.${a.secret}`, `${b.id}.${b.secret}`);
  });

  it('parse, and refuse other text with kubeadm message', () => {
    assert.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), {
      id: 'abcdef',
      secret: '0123456789abcdef',
    });
    assert.throws(() => parseBootstrapToken('ABCDEF.0123456789abcdef'), /was not of the form/);
    assert.throws(() => parseBootstrapToken('abcdef0123456789abcdef'), /was not of the form/);
  });

  it('become the kube-system Secret kubeadm writes, and read back as a row', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const s = bootstrapTokenSecret(
      { id: 'abcdef', secret: '0123456789abcdef' },
      { ttlMs: 3600_000, description: 'for n2', now },
    );
    assert.equal(s.metadata.name, 'bootstrap-token-abcdef');
    assert.equal(s.metadata.namespace, 'kube-system');
    assert.equal(s.type, 'bootstrap.kubernetes.io/token');
    const text = (k: string) => Buffer.from(s.data![k]!, 'base64').toString();
    assert.equal(text('expiration'), '2026-01-01T01:00:00Z');
    assert.equal(text('usage-bootstrap-authentication'), 'true');
    assert.equal(text('usage-bootstrap-signing'), 'true');
    assert.equal(text('auth-extra-groups'), 'system:bootstrappers:kubeadm:default-node-token');
    assert.deepEqual(bootstrapTokenRow(s), {
      token: 'abcdef.0123456789abcdef',
      expires: new Date('2026-01-01T01:00:00Z'),
      usages: ['authentication', 'signing'],
      description: 'for n2',
      groups: ['system:bootstrappers:kubeadm:default-node-token'],
    });
    assert.equal(bootstrapTokenRow({ ...s, type: 'Opaque' }), undefined);
    const forever = bootstrapTokenSecret(
      { id: 'abcdef', secret: '0123456789abcdef' },
      { ttlMs: 0, groups: [] },
    );
    assert.equal(forever.data!.expiration, undefined);
    assert.equal(forever.data!['auth-extra-groups'], undefined);
  });

  it('extra groups must be system:bootstrappers:…', () => {
    checkBootstrapGroups(['system:bootstrappers:workers']);
    assert.throws(() => checkBootstrapGroups(['system:masters']), /"system:masters" must match/);
  });
});
