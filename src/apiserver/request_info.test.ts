import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestInfo } from './request_info.js';

test('request info is parsed as upstream does', () => {
  const table: Array<[string, string, Partial<ReturnType<typeof parseRequestInfo>>]> = [
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      { verb: 'list', namespace: 'default', resource: 'pods', name: '' },
    ],
    ['GET', '/api/v1/namespaces/default/pods?watch=true', { verb: 'watch', resource: 'pods' }],
    [
      'GET',
      '/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name%3Dtls&watch=1',
      { verb: 'watch', resource: 'secrets', name: 'tls' },
    ],
    [
      'GET',
      '/api/v1/namespaces/ns/secrets?fieldSelector=type%3Dx,metadata.name%3Dtls',
      { verb: 'list', name: 'tls' },
    ],
    ['GET', '/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name!%3Dtls', { verb: 'list', name: '' }],
    ['GET', '/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name%3D..', { verb: 'list', name: '' }],
    [
      'GET',
      '/api/v1/watch/namespaces/default/pods',
      { verb: 'watch', namespace: 'default', resource: 'pods' },
    ],
    ['GET', '/api/v1/namespaces/default/pods/web', { verb: 'get', name: 'web', subresource: '' }],
    [
      'PUT',
      '/api/v1/namespaces/default/pods/web/status',
      { verb: 'update', name: 'web', subresource: 'status' },
    ],
    ['GET', '/api/v1/namespaces/ns1/pods/web/log', { verb: 'get', subresource: 'log', namespace: 'ns1' }],
    ['GET', '/api/v1/namespaces', { verb: 'list', resource: 'namespaces', namespace: '' }],
    [
      'GET',
      '/api/v1/namespaces/kube-system',
      { verb: 'get', resource: 'namespaces', name: 'kube-system', namespace: '' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/ns1/finalize',
      { verb: 'update', resource: 'namespaces', name: 'ns1', subresource: 'finalize' },
    ],
    ['PUT', '/api/v1/namespaces/ns1/status', { resource: 'namespaces', name: 'ns1', subresource: 'status' }],
    [
      'GET',
      '/apis/apps/v1/deployments',
      { apiGroup: 'apps', apiVersion: 'v1', verb: 'list', resource: 'deployments' },
    ],
    ['DELETE', '/apis/apps/v1/namespaces/x/deployments', { verb: 'deletecollection', namespace: 'x' }],
    ['DELETE', '/apis/apps/v1/namespaces/x/deployments/d', { verb: 'delete', name: 'd' }],
    ['POST', '/api/v1/namespaces/x/pods/p/eviction', { verb: 'create', subresource: 'eviction' }],
    ['GET', '/api/v1/nodes/n1', { verb: 'get', resource: 'nodes', name: 'n1', namespace: '' }],
  ];
  for (const [method, url, want] of table) {
    const u = new URL(url, 'https://x');
    const got = parseRequestInfo(method, u.pathname, u.searchParams);
    assert.equal(got.isResourceRequest, true, url);
    for (const [k, v] of Object.entries(want))
      assert.equal(got[k as keyof typeof got], v, `${method} ${url}: ${k}`);
  }
  for (const path of [
    '/api',
    '/api/v1',
    '/apis',
    '/apis/apps',
    '/apis/apps/v1',
    '/version',
    '/openapi/v2',
    '/healthz',
  ]) {
    assert.equal(parseRequestInfo('GET', path, new URLSearchParams()).isResourceRequest, false, path);
  }
});
