import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestedSubject } from '../../server/certs/certificate_request.js';
import {
  APISERVER_CLIENT_SIGNER,
  KUBELET_CLIENT_SIGNER,
  KUBELET_SERVING_SIGNER,
  signerProfile,
  signerRefusal,
} from './csr_signers.js';

const node = (extra: Partial<RequestedSubject> = {}): RequestedSubject => ({
  commonName: 'system:node:n1',
  organizations: ['system:nodes'],
  dnsNames: [],
  ips: [],
  emails: [],
  uris: [],
  ...extra,
});
const CLIENT = ['digital signature', 'key encipherment', 'client auth'];
const SERVING = ['digital signature', 'server auth'];

describe('signerRefusal', () => {
  const cases: [string, string, RequestedSubject, string[], string | undefined][] = [
    ['kubelet client', KUBELET_CLIENT_SIGNER, node(), CLIENT, undefined],
    [
      'kubelet client without key encipherment',
      KUBELET_CLIENT_SIGNER,
      node(),
      ['client auth', 'digital signature'],
      undefined,
    ],
    [
      'wrong group',
      KUBELET_CLIENT_SIGNER,
      node({ organizations: ['system:masters'] }),
      CLIENT,
      'subject organization is not system:nodes',
    ],
    [
      'wrong name',
      KUBELET_CLIENT_SIGNER,
      node({ commonName: 'n1' }),
      CLIENT,
      'subject common name does not begin with system:node:',
    ],
    [
      'client with a DNS name',
      KUBELET_CLIENT_SIGNER,
      node({ dnsNames: ['n1'] }),
      CLIENT,
      'DNS subjectAltNames are not allowed',
    ],
    [
      'client with an IP',
      KUBELET_CLIENT_SIGNER,
      node({ ips: ['10.0.0.1'] }),
      CLIENT,
      'IP subjectAltNames are not allowed',
    ],
    [
      'client asking server auth',
      KUBELET_CLIENT_SIGNER,
      node(),
      SERVING,
      'usages did not match [digital signature key encipherment client auth]',
    ],
    ['serving', KUBELET_SERVING_SIGNER, node({ ips: ['10.0.0.1'] }), SERVING, undefined],
    [
      'serving without names',
      KUBELET_SERVING_SIGNER,
      node(),
      SERVING,
      'DNS or IP subjectAltName is required',
    ],
    [
      'serving with an email',
      KUBELET_SERVING_SIGNER,
      node({ dnsNames: ['n1'], emails: ['a@b'] }),
      SERVING,
      'Email subjectAltNames are not allowed',
    ],
    [
      'user client',
      APISERVER_CLIENT_SIGNER,
      node({ commonName: 'jane', organizations: [] }),
      ['client auth'],
      undefined,
    ],
    [
      'user client asking server auth',
      APISERVER_CLIENT_SIGNER,
      node(),
      ['client auth', 'server auth'],
      'invalid usage for client certificate: server auth',
    ],
    ['unknown signer', 'example.com/x', node(), CLIENT, 'unsupported signer "example.com/x"'],
  ];
  for (const [what, signer, subject, usages, want] of cases)
    it(what, () => assert.equal(signerRefusal(signer, subject, usages), want));
});

describe('signerProfile', () => {
  it('client signers use the client CA, kubelet serving the server CA, others none', () => {
    assert.deepEqual(signerProfile(KUBELET_CLIENT_SIGNER), { ca: 'client', usage: 'client' });
    assert.deepEqual(signerProfile(APISERVER_CLIENT_SIGNER), { ca: 'client', usage: 'client' });
    assert.deepEqual(signerProfile(KUBELET_SERVING_SIGNER), { ca: 'server', usage: 'server' });
    assert.equal(signerProfile('kubernetes.io/legacy-unknown'), undefined);
  });
});
