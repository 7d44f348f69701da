import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { groupVersion } from '../resource.js';
import { STANDARD_VERBS } from './define.js';
import { builtinResources } from './index.js';

const defs = builtinResources();
const key = (d: { group: string; version: string; plural: string }) => `${d.group}/${d.version}/${d.plural}`;
const find = (group: string, version: string, plural: string) => {
  const d = defs.find((x) => x.group === group && x.version === version && x.plural === plural);
  assert.ok(d, `${group}/${version}/${plural} is declared`);
  return d;
};

describe('builtin declarations', () => {
  it('declare each group/version/plural once', () => {
    const keys = defs.map(key);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('use each short name for one resource only (the same resource in two groups may share)', () => {
    const owner = new Map<string, string>();
    for (const d of defs) {
      for (const s of d.shortNames) {
        const prev = owner.get(s);
        assert.ok(prev === undefined || prev === d.plural, `short name ${s} used by ${prev} and ${d.plural}`);
        owner.set(s, d.plural);
      }
    }
  });

  it('use each kind once per group and version', () => {
    const kinds = defs.map((d) => `${groupVersion(d)}/${d.kind}`);
    assert.deepEqual(
      kinds.filter((k, i) => kinds.indexOf(k) !== i),
      [],
    );
  });

  for (const d of defs) {
    describe(key(d), () => {
      it('is well-formed', () => {
        assert.equal(d.listKind, `${d.kind}List`);
        assert.equal(d.singular, d.kind.toLowerCase());
        assert.match(d.plural, /^[a-z]+$/);
        assert.ok(d.verbs.length > 0);
        for (const v of d.verbs) assert.ok(STANDARD_VERBS.includes(v), `verb ${v}`);
        assert.ok(d.storagePrefix.length > 0);
        assert.equal(d.scale !== undefined, d.subresources.includes('scale'));
        if (d.subresources.includes('status')) assert.ok(d.hasStatus);
        assert.deepEqual([...d.subresources].sort(), d.subresources);
      });

      it('prints one cell per column, with a name-format Name column', () => {
        const obj: KubeObject = {
          apiVersion: groupVersion(d),
          kind: d.kind,
          metadata: { name: 'x', creationTimestamp: '2024-01-01T00:00:00Z' },
        };
        const cells = d.printRow(obj, new Date('2024-01-02T00:00:00Z'));
        assert.equal(cells.length, d.columns.length);
        const name = d.columns.find((c) => c.name === 'Name');
        assert.equal(name?.format, 'name');
        assert.ok(cells.includes('x'));
        for (const c of d.columns)
          assert.ok(['string', 'integer', 'number', 'boolean', 'date'].includes(c.type));
      });

      it('survives empty objects in every strategy hook', () => {
        const obj: KubeObject = {
          apiVersion: groupVersion(d),
          kind: d.kind,
          metadata: { name: 'x', namespace: 'default', uid: 'u' },
        };
        const ctx = { user: 'u' };
        d.strategy.prepareForCreate?.(obj, ctx);
        d.strategy.defaults?.(obj);
        d.strategy.validate?.(obj);
        const next = structuredClone(obj);
        d.strategy.prepareForUpdate?.(next, obj, ctx);
        d.strategy.validateUpdate?.(next, obj);
        d.strategy.prepareForStatusUpdate?.(next, obj, 'status');
        d.strategy.validateStatusUpdate?.(next, obj, 'status');
        d.strategy.gracePeriod?.(obj, undefined);
      });
    });
  }
});

describe('upstream facts', () => {
  it('lists core first, then the groups in order', () => {
    const groups = [...new Set(defs.map((d) => d.group))];
    assert.deepEqual(groups, [
      '',
      'apps',
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'certificates.k8s.io',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'apiextensions.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
    ]);
    assert.deepEqual(
      defs.filter((d) => d.group === 'autoscaling').map((d) => d.version),
      ['v2', 'v1'],
    );
  });

  const storage: Array<[string, string, string, string]> = [
    ['', 'v1', 'nodes', 'minions'],
    ['', 'v1', 'services', 'services/specs'],
    ['', 'v1', 'endpoints', 'services/endpoints'],
    ['', 'v1', 'replicationcontrollers', 'controllers'],
    ['networking.k8s.io', 'v1', 'ingresses', 'ingress'],
    ['apps', 'v1', 'deployments', 'deployments'],
    ['events.k8s.io', 'v1', 'events', 'events'],
    [
      'apiextensions.k8s.io',
      'v1',
      'customresourcedefinitions',
      'apiextensions.k8s.io/customresourcedefinitions',
    ],
  ];
  for (const [group, version, plural, prefix] of storage) {
    it(`stores ${plural} under ${prefix}`, () =>
      assert.equal(find(group, version, plural).storagePrefix, prefix));
  }

  const shortNames: Array<[string, string, string, string[]]> = [
    ['', 'v1', 'pods', ['po']],
    ['', 'v1', 'services', ['svc']],
    ['', 'v1', 'namespaces', ['ns']],
    ['', 'v1', 'nodes', ['no']],
    ['', 'v1', 'limitranges', ['limits']],
    ['', 'v1', 'resourcequotas', ['quota']],
    ['apps', 'v1', 'deployments', ['deploy']],
    ['apps', 'v1', 'statefulsets', ['sts']],
    ['batch', 'v1', 'cronjobs', ['cj']],
    ['autoscaling', 'v2', 'horizontalpodautoscalers', ['hpa']],
    ['certificates.k8s.io', 'v1', 'certificatesigningrequests', ['csr']],
    ['networking.k8s.io', 'v1', 'networkpolicies', ['netpol']],
    ['scheduling.k8s.io', 'v1', 'priorityclasses', ['pc']],
    ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds']],
  ];
  for (const [group, version, plural, names] of shortNames) {
    it(`${plural} has short names ${names.join(',')}`, () =>
      assert.deepEqual(find(group, version, plural).shortNames, names));
  }

  it('puts the workloads in the `all` category', () => {
    const all = defs
      .filter((d) => d.categories.includes('all'))
      .map(key)
      .sort();
    assert.deepEqual(all, [
      '/v1/pods',
      '/v1/replicationcontrollers',
      '/v1/services',
      'apps/v1/daemonsets',
      'apps/v1/deployments',
      'apps/v1/replicasets',
      'apps/v1/statefulsets',
      'autoscaling/v1/horizontalpodautoscalers',
      'autoscaling/v2/horizontalpodautoscalers',
      'batch/v1/cronjobs',
      'batch/v1/jobs',
    ]);
  });

  it('gives namespaces no deletecollection and reviews only create', () => {
    assert.deepEqual(find('', 'v1', 'namespaces').verbs, [
      'create',
      'delete',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    assert.deepEqual(find('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews').verbs, ['create']);
    assert.equal(find('authorization.k8s.io', 'v1', 'localsubjectaccessreviews').namespaced, true);
  });

  it('declares the subresources kubectl uses', () => {
    assert.deepEqual(find('', 'v1', 'pods').subresources, [
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'status',
    ]);
    assert.deepEqual(find('', 'v1', 'namespaces').subresources, ['finalize', 'status']);
    assert.deepEqual(find('', 'v1', 'serviceaccounts').subresources, ['token']);
    assert.deepEqual(find('certificates.k8s.io', 'v1', 'certificatesigningrequests').subresources, [
      'approval',
      'status',
    ]);
    for (const plural of ['deployments', 'replicasets', 'statefulsets'])
      assert.ok(find('apps', 'v1', plural).subresources.includes('scale'));
  });

  it('uses the default Name / Created At table where upstream has no printer', () => {
    for (const [group, plural] of [
      ['rbac.authorization.k8s.io', 'roles'],
      ['rbac.authorization.k8s.io', 'clusterroles'],
      ['', 'limitranges'],
      ['apiextensions.k8s.io', 'customresourcedefinitions'],
    ] as const) {
      assert.deepEqual(
        find(group, 'v1', plural).columns.map((c) => [c.name, c.type]),
        [
          ['Name', 'string'],
          ['Created At', 'date'],
        ],
      );
    }
  });
});
