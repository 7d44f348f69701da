import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import { podHostname } from '../sandbox_config.js';
import { etcHostsContent } from './etc_hosts.js';

const HEADER =
  '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
  'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

function pod(spec: Partial<Pod['spec']> = {}, name = 'web'): Pod {
  return { metadata: { name, namespace: 'ns1', uid: 'u' }, spec: { containers: [], ...spec } } as Pod;
}

describe('etcHostsContent', () => {
  it('lists localhost and the pod IPs under the pod name', () => {
    assert.equal(etcHostsContent(pod(), ['10.0.0.5', 'fd00::5']), HEADER + '10.0.0.5\tweb\nfd00::5\tweb\n');
  });

  it('uses hostname and the subdomain FQDN', () => {
    assert.equal(
      etcHostsContent(pod({ hostname: 'db-0', subdomain: 'db' }), ['10.0.0.6']),
      HEADER + '10.0.0.6\tdb-0.db.ns1.svc.cluster.local\tdb-0\n',
    );
    assert.match(
      etcHostsContent(pod({ subdomain: 'db' }), ['1.2.3.4'], 'example.org'),
      /web\.db\.ns1\.svc\.example\.org\tweb\n/,
    );
  });

  it('appends hostAliases', () => {
    const aliases = [
      { ip: '1.1.1.1', hostnames: ['one', 'uno'] },
      { ip: '2.2.2.2', hostnames: ['two'] },
    ];
    assert.equal(
      etcHostsContent(pod({ hostAliases: aliases }), ['10.0.0.5']),
      HEADER + '10.0.0.5\tweb\n\n# Entries added by HostAliases.\n1.1.1.1\tone\tuno\n2.2.2.2\ttwo\n',
    );
  });

  it('cuts long pod names to 63 characters without a trailing dash', () => {
    const name = 'a'.repeat(62) + '-b';
    assert.equal(podHostname(pod({}, name)), 'a'.repeat(62));
  });
});
