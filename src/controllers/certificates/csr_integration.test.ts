import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { createCertificate } from '../../server/certs/certificate.js';
import { createCertificateRequest } from '../../server/certs/certificate_request.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';
import type { CertificateSigningRequest } from './csr_conditions.js';
import { CsrApprovingReconciler } from './csrapproving_controller.js';
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from './csr_signers.js';

const now = new Date();
const later = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
const clientCa = await createCertificate({
  commonName: 'client-ca',
  usage: 'ca',
  notBefore: now,
  notAfter: later,
});
const serverCa = await createCertificate({
  commonName: 'server-ca',
  usage: 'ca',
  notBefore: now,
  notAfter: later,
});
const cluster = useControllerCluster(['csrsigning'], {
  settings: { clusterSigning: { client: clientCa, server: serverCa } },
});
const csrs = () =>
  new ResourceClient(
    cluster.tc.rest,
    Resources.certificatesigningrequests,
  ) as unknown as ResourceClient<CertificateSigningRequest>;

async function request(
  name: string,
  signerName: string,
  subject: Parameters<typeof createCertificateRequest>[0],
  usages: string[],
  expirationSeconds?: number,
): Promise<CertificateSigningRequest> {
  const { csrPem } = await createCertificateRequest(subject);
  return csrs().create({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(csrPem).toString('base64'), signerName, usages, expirationSeconds },
  });
}

function approve(csr: CertificateSigningRequest, type = 'Approved'): Promise<unknown> {
  return cluster.tc.rest.request({
    method: 'PUT',
    path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${csr.metadata.name}/approval`,
    body: {
      ...csr,
      status: { conditions: [{ type, status: 'True', reason: 'Test', message: 'by the test' }] },
    },
  });
}

async function issued(name: string): Promise<X509Certificate> {
  let cert = '';
  await waitFor(async () => {
    cert = (await csrs().get('', name)).status?.certificate ?? '';
    return cert !== '';
  }, `a certificate for ${name}`);
  return new X509Certificate(Buffer.from(cert, 'base64').toString());
}

describe('csrsigning', () => {
  it('signs an approved kubelet client request with the client CA', async () => {
    const csr = await request(
      'node-client',
      KUBELET_CLIENT_SIGNER,
      { commonName: 'system:node:n1', organizations: ['system:nodes'] },
      ['digital signature', 'client auth'],
      3600,
    );
    assert.ok(csr.spec.username, 'the requester is recorded');
    assert.ok(csr.spec.groups?.includes('system:authenticated'), 'with its groups, for the approver');
    await approve(csr);
    const cert = await issued('node-client');
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:n1');
    assert.ok(cert.verify(new X509Certificate(clientCa.certPem).publicKey));
    const hours = (Date.parse(cert.validTo) - Date.now()) / 3600_000;
    assert.ok(hours > 0.9 && hours <= 1.01, `expirationSeconds honoured (${hours} h)`);
    const got = await csrs().get('', 'node-client');
    const approved = got.status?.conditions?.find((c) => c.type === 'Approved') as Record<string, unknown>;
    assert.equal(approved.reason, 'Test');
    assert.match(String(approved.lastUpdateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('signs a kubelet serving request with the server CA, keeping its names', async () => {
    const csr = await request(
      'node-serving',
      KUBELET_SERVING_SIGNER,
      { commonName: 'system:node:n1', organizations: ['system:nodes'], dnsNames: ['n1'], ips: ['10.0.0.9'] },
      ['digital signature', 'key encipherment', 'server auth'],
    );
    await approve(csr);
    const cert = await issued('node-serving');
    assert.ok(cert.verify(new X509Certificate(serverCa.certPem).publicKey));
    assert.equal(cert.subjectAltName, 'DNS:n1, IP Address:10.0.0.9');
  });

  it('fails a request the signer refuses, with the reason', async () => {
    const csr = await request(
      'not-a-node',
      KUBELET_CLIENT_SIGNER,
      { commonName: 'system:node:n1', organizations: ['system:masters'] },
      ['digital signature', 'client auth'],
    );
    await approve(csr);
    await waitFor(async () => {
      const c = (await csrs().get('', 'not-a-node')).status?.conditions?.find((x) => x.type === 'Failed');
      return (
        c?.reason === 'SignerValidationFailure' && c.message === 'subject organization is not system:nodes'
      );
    }, 'the Failed condition');
    assert.equal((await csrs().get('', 'not-a-node')).status?.certificate, undefined);
  });

  it('leaves a denied request unsigned, and approval conditions cannot be removed or both set', async () => {
    const csr = await request(
      'denied',
      KUBELET_CLIENT_SIGNER,
      { commonName: 'system:node:n2', organizations: ['system:nodes'] },
      ['digital signature', 'client auth'],
    );
    await approve(csr, 'Denied');
    const cur = await csrs().get('', 'denied');
    await assert.rejects(
      cluster.tc.rest.request({
        method: 'PUT',
        path: '/apis/certificates.k8s.io/v1/certificatesigningrequests/denied/approval',
        body: { ...cur, status: { conditions: [] } },
      }),
      (err: unknown) =>
        err instanceof StatusError &&
        err.code === 422 &&
        /updates may not remove a condition of type "Denied"/.test(err.message),
    );
    await assert.rejects(
      cluster.tc.rest.request({
        method: 'PUT',
        path: '/apis/certificates.k8s.io/v1/certificatesigningrequests/denied/approval',
        body: {
          ...cur,
          status: {
            conditions: [
              ...(cur.status?.conditions ?? []),
              { type: 'Approved', status: 'True', reason: 'x', message: 'x' },
            ],
          },
        },
      }),
      (err: unknown) =>
        err instanceof StatusError && err.code === 422 && /mutually exclusive/.test(err.message),
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await csrs().get('', 'denied')).status?.certificate, undefined);
  });
});

describe('csrapproving', () => {
  it('approves a node client request its requester may make, naming the check asked', async () => {
    const csr = await request(
      'bootstrap-client',
      KUBELET_CLIENT_SIGNER,
      { commonName: 'system:node:n3', organizations: ['system:nodes'] },
      ['digital signature', 'key encipherment', 'client auth'],
    );
    const asked: string[] = [];
    const cache = { get: () => csr };
    const allow = new CsrApprovingReconciler(
      cache,
      async (_c, sub) => {
        asked.push(sub);
        return true;
      },
      cluster.tc.rest,
    );
    await allow.reconcile({ namespace: '', name: 'bootstrap-client' });
    assert.deepEqual(asked, ['nodeclient'], 'the requester (admin) is not the node: a new node client');
    const got = await csrs().get('', 'bootstrap-client');
    const approved = got.status?.conditions?.find((c) => c.type === 'Approved');
    assert.equal(approved?.reason, 'AutoApproved');
    assert.equal(approved?.message, 'Auto approving kubelet client certificate after SubjectAccessReview.');
  });

  it('leaves requests alone that the review refuses or that are not node client requests', async () => {
    const other = await request(
      'user-client',
      'kubernetes.io/kube-apiserver-client',
      { commonName: 'jane' },
      ['digital signature', 'client auth'],
    );
    const refused = await request(
      'refused-client',
      KUBELET_CLIENT_SIGNER,
      { commonName: 'system:node:n4', organizations: ['system:nodes'] },
      ['digital signature', 'client auth'],
    );
    for (const csr of [other, refused]) {
      let asked = 0;
      const r = new CsrApprovingReconciler(
        { get: () => csr },
        async () => {
          asked++;
          return false;
        },
        cluster.tc.rest,
      );
      await r.reconcile({ namespace: '', name: csr.metadata.name! });
      assert.equal(asked, csr === other ? 0 : 1);
      assert.equal((await csrs().get('', csr.metadata.name!)).status?.conditions?.length ?? 0, 0);
    }
  });

  it("approves a node's request for its kube-proxy's identity, and no other", async () => {
    const asNode = (c: CertificateSigningRequest) => ({
      ...c,
      spec: { ...c.spec, username: 'system:node:n5', groups: ['system:nodes', 'system:authenticated'] },
    });
    const proxy = asNode(
      await request('n5-proxy', 'kubernetes.io/kube-apiserver-client', { commonName: 'system:kube-proxy' }, [
        'digital signature',
        'key encipherment',
        'client auth',
      ]),
    );
    const scheduler = asNode(
      await request(
        'n5-scheduler',
        'kubernetes.io/kube-apiserver-client',
        { commonName: 'system:kube-scheduler' },
        ['digital signature', 'client auth'],
      ),
    );
    for (const c of [proxy, scheduler]) {
      const r = new CsrApprovingReconciler({ get: () => c }, async () => true, cluster.tc.rest);
      await r.reconcile({ namespace: '', name: c.metadata.name! });
    }
    const approved = (await csrs().get('', 'n5-proxy')).status?.conditions?.find(
      (c) => c.type === 'Approved',
    );
    assert.equal(
      approved?.message,
      'Auto approving system:kube-proxy client certificate for system:node:n5.',
    );
    assert.equal((await csrs().get('', 'n5-scheduler')).status?.conditions?.length ?? 0, 0);
    await waitFor(
      async () => Boolean((await csrs().get('', 'n5-proxy')).status?.certificate),
      'the kube-proxy certificate',
    );
    const cert = new X509Certificate(
      Buffer.from((await csrs().get('', 'n5-proxy')).status!.certificate!, 'base64'),
    );
    assert.equal(cert.subject, 'CN=system:kube-proxy');
  });
});
