import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestedSubject } from '../../server/certs/certificate_request.js';
import type { CertificateSigningRequest } from './csr_conditions.js';
import { nodeComponentRequest } from './node_component_requests.js';

const subject = (commonName: string, organizations: string[] = [], more: Partial<RequestedSubject> = {}) => ({
  commonName,
  organizations,
  dnsNames: [],
  ips: [],
  emails: [],
  uris: [],
  ...more,
});
const csr = (spec: Partial<CertificateSigningRequest['spec']> = {}): CertificateSigningRequest =>
  ({
    metadata: { name: 'x' },
    spec: {
      request: '',
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['digital signature', 'key encipherment', 'client auth'],
      username: 'system:node:n2',
      groups: ['system:nodes', 'system:authenticated'],
      ...spec,
    },
  }) as CertificateSigningRequest;
const dnsGroups = ['system:serviceaccounts:kube-system', 'system:serviceaccounts'];

describe('nodeComponentRequest', () => {
  const cases: [string, CertificateSigningRequest, RequestedSubject, string | undefined][] = [
    ['a node asking for kube-proxy', csr(), subject('system:kube-proxy'), 'system:kube-proxy'],
    [
      'a node asking for the DNS server (groups in any order)',
      csr(),
      subject('system:serviceaccount:kube-system:coredns', dnsGroups),
      'system:serviceaccount:kube-system:coredns',
    ],
    ['another user', csr(), subject('system:kube-scheduler'), undefined],
    ['kube-proxy with a group added', csr(), subject('system:kube-proxy', ['system:masters']), undefined],
    [
      'the DNS user without its groups',
      csr(),
      subject('system:serviceaccount:kube-system:coredns'),
      undefined,
    ],
    ['with a DNS name', csr(), subject('system:kube-proxy', [], { dnsNames: ['x'] }), undefined],
    [
      'asked by a user who is not a node',
      csr({ username: 'jane', groups: ['system:authenticated'] }),
      subject('system:kube-proxy'),
      undefined,
    ],
    [
      'a node name outside system:nodes',
      csr({ groups: ['system:authenticated'] }),
      subject('system:kube-proxy'),
      undefined,
    ],
    [
      'another signer',
      csr({ signerName: 'kubernetes.io/kubelet-serving' }),
      subject('system:kube-proxy'),
      undefined,
    ],
    [
      'server usages',
      csr({ usages: ['digital signature', 'server auth'] }),
      subject('system:kube-proxy'),
      undefined,
    ],
  ];
  for (const [name, request, subj, want] of cases)
    it(name, () => assert.equal(nodeComponentRequest(request, subj), want));
});
