/**
 * Fuzzing every route of the API server: for each built-in resource and each of its routes
 * (collection, object, subresources) random and mutated bodies, content types and query
 * parameters. The server must answer every request with a proper status (never a 5xx, every
 * error a `Status`), keep answering, and keep the stored objects intact: objects no fuzz write
 * succeeded on are unchanged, and every stored value still decodes. The PRNG is seeded, so a
 * failure names the seed and request that reproduce it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { deepEqual } from '../api/object.js';
import { Http2Transport } from '../client/transport.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster } from '../../test/fixtures/test_cluster.js';
import { builtinResources } from './registry/builtin/index.js';
import type { ResourceDef } from './registry/resource.js';

const SEED = Number(process.env.KUBETS_FUZZ_SEED ?? 20261122);
const ROUNDS = Number(process.env.KUBETS_FUZZ_ROUNDS ?? 6);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let tc: TestCluster;
let wire: Http2Transport;
before(async () => {
  tc = await startTestCluster();
  wire = new Http2Transport(tc.rest.config);
});
after(async () => {
  wire.close();
  await tc.stop();
});

const NS = 'fuzz';
const base = (d: ResourceDef) => (d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`);
const collection = (d: ResourceDef) => `${base(d)}${d.namespaced ? `/namespaces/${NS}` : ''}/${d.plural}`;
const apiVersion = (d: ResourceDef) => (d.group ? `${d.group}/${d.version}` : d.version);

const CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'text/plain',
  '',
];

const WEIRD_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  -0,
  '',
  'x'.repeat(70_000),
  '\u0000\uffff\ud800',
  '../../etc',
  [],
  [null, 1, 'a', {}],
  {},
  { '': 1, 'a.b/c': 'd' },
  { metadata: { name: 'nested' } },
  Number.MAX_SAFE_INTEGER + 2,
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** A random mutation of `obj`: a value replaced by a weird one somewhere in the tree. */
function mutate(r: () => number, obj: unknown, depth = 0): unknown {
  if (depth > 6 || r() < 0.15) return pick(r, WEIRD_VALUES);
  if (Array.isArray(obj)) {
    if (obj.length === 0) return [pick(r, WEIRD_VALUES)];
    const copy = [...obj];
    const i = Math.floor(r() * copy.length);
    copy[i] = mutate(r, copy[i], depth + 1);
    return copy;
  }
  if (obj && typeof obj === 'object') {
    const copy: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const field =
      keys.length && r() < 0.8 ? pick(r, keys) : pick(r, ['spec', 'status', 'data', 'zz', 'metadata']);
    copy[field] = mutate(r, copy[field], depth + 1);
    return copy;
  }
  return pick(r, WEIRD_VALUES);
}

/** A random body: garbage bytes, broken JSON, YAML, or a mutated object of `d`. */
function randomBody(r: () => number, d: ResourceDef, name: string): string {
  const valid: KubeObject = {
    apiVersion: apiVersion(d),
    kind: d.kind,
    metadata: { name, namespace: d.namespaced ? NS : undefined, labels: { fuzz: 'yes' } },
  };
  switch (Math.floor(r() * 7)) {
    case 0:
      return Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256))).toString(
        'latin1',
      );
    case 1:
      return JSON.stringify(mutate(r, valid)).slice(0, Math.floor(r() * 80));
    case 2:
      return `kind: ${d.kind}\nmetadata:\n  name: [${name}\n  : :\n\t- x`;
    case 3:
      return JSON.stringify([
        {
          op: pick(r, ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']),
          path: pick(r, ['/spec', '/metadata/name', '/a~2b', '', '/status/0', '/metadata/labels/fuzz']),
          value: pick(r, WEIRD_VALUES),
          from: '/x',
        },
      ]);
    case 4:
      return '['.repeat(5000) + ']'.repeat(5000);
    default:
      return JSON.stringify(mutate(r, valid));
  }
}

function randomQuery(r: () => number): string {
  const params = [
    'labelSelector=a in (b',
    'labelSelector=!!x',
    'fieldSelector=spec.nope=1',
    'fieldSelector=metadata.name==',
    'limit=-5',
    'limit=abc',
    'continue=garbage',
    'resourceVersion=abc',
    'resourceVersionMatch=Exact',
    'dryRun=All',
    'dryRun=bogus',
    'fieldValidation=Strict',
    'fieldValidation=Nope',
    'fieldManager=' + 'm'.repeat(200),
    'force=maybe',
    'gracePeriodSeconds=-3',
    'propagationPolicy=Sideways',
    'timeoutSeconds=1',
    'pretty=1',
  ];
  const n = Math.floor(r() * 3);
  const encode = (p: string) => {
    const i = p.indexOf('=');
    return `${p.slice(0, i)}=${encodeURIComponent(p.slice(i + 1))}`;
  };
  return n ? '?' + Array.from({ length: n }, () => encode(pick(r, params))).join('&') : '';
}

interface Outcome {
  status: number;
  body: string;
}

async function send(
  method: string,
  path: string,
  body: string | undefined,
  contentType: string,
): Promise<Outcome> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  const res = await wire.request({ method, path, headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: res.body.toString('utf8') };
}

test(
  'fuzz: every route answers random and mutated input with a proper status and loses nothing',
  { timeout: 300_000 },
  async () => {
    const r = prng(SEED);
    const defs = builtinResources().filter((d) => d.verbs.includes('create') || d.verbs.includes('get'));
    await send('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: NS } }), 'application/json');
    // Seeds: one valid object per creatable resource that we know how to make minimal (metadata only).
    const seeds = new Map<string, KubeObject>();
    for (const d of defs) {
      if (!d.verbs.includes('create') || !d.verbs.includes('get')) continue;
      const res = await send(
        'POST',
        collection(d),
        JSON.stringify({ apiVersion: apiVersion(d), kind: d.kind, metadata: { name: 'seed' } }),
        'application/json',
      );
      if (res.status === 201) seeds.set(d.plural + '.' + d.group, JSON.parse(res.body) as KubeObject);
    }
    const touched = new Set<string>();
    const problems: string[] = [];
    let requests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const d of defs) {
        const names = ['seed', `fz-${round}`, 'Bad_Name', '%2e%2e', 'x'.repeat(300)];
        const routes: { method: string; path: string; seedRoute: boolean }[] = [];
        for (const name of names) {
          const item = `${collection(d)}/${encodeURIComponent(name)}`;
          const seedRoute = name === 'seed';
          routes.push({ method: 'POST', path: collection(d), seedRoute: false });
          for (const m of ['GET', 'PUT', 'PATCH', 'DELETE'])
            routes.push({ method: m, path: item, seedRoute });
          for (const sub of d.subresources) {
            for (const m of ['GET', 'PUT', 'PATCH', 'POST'])
              routes.push({ method: m, path: `${item}/${sub}`, seedRoute });
          }
        }
        routes.push({
          method: 'DELETE',
          path: collection(d) + '?labelSelector=fuzz%3Dnever',
          seedRoute: false,
        });
        for (const route of routes) {
          const name = route.path.split('/').at(-1)!;
          const body = route.method === 'GET' ? undefined : randomBody(r, d, decodeURIComponent(name));
          const ct = pick(r, CONTENT_TYPES);
          const path = route.path + randomQuery(r).replace(/timeoutSeconds=1/, 'timeoutSeconds=1');
          const watch =
            route.method === 'GET' && r() < 0.05
              ? (path.includes('?') ? '&' : '?') + 'watch=1&timeoutSeconds=1'
              : '';
          requests++;
          let res: Outcome;
          try {
            res = await send(route.method, path + watch, body, ct);
          } catch (err) {
            problems.push(
              `seed ${SEED}: ${route.method} ${path}${watch} (${ct}): no answer: ${(err as Error).message}`,
            );
            continue;
          }
          const what = `seed ${SEED}: ${route.method} ${path}${watch} (${ct}) body ${JSON.stringify(body?.slice(0, 120))}`;
          if (res.status >= 500) problems.push(`${what} → ${res.status} ${res.body.slice(0, 300)}`);
          if (res.status >= 400 && !watch) {
            try {
              const s = JSON.parse(res.body) as { kind?: string; code?: number };
              if (s.kind !== 'Status' || s.code !== res.status)
                problems.push(`${what} → ${res.status} without a matching Status`);
            } catch {
              problems.push(`${what} → ${res.status} with a non-JSON body: ${res.body.slice(0, 100)}`);
            }
          }
          if (route.seedRoute && route.method !== 'GET' && res.status < 300)
            touched.add(d.plural + '.' + d.group);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} bad answers out of ${requests}`);
    // Still answering.
    assert.equal((await send('GET', '/readyz', undefined, '')).status, 200);
    // Untouched seeds are unchanged; touched ones still read back.
    for (const d of defs) {
      const key = d.plural + '.' + d.group;
      const seed = seeds.get(key);
      if (!seed) continue;
      const res = await send('GET', `${collection(d)}/seed`, undefined, '');
      if (touched.has(key)) {
        assert.ok(res.status === 200 || res.status === 404, `${key}: ${res.status}`);
      } else {
        assert.equal(res.status, 200, `${key} seed readable`);
        assert.ok(deepEqual(JSON.parse(res.body), seed), `${key} seed unchanged`);
      }
      const list = await send('GET', collection(d), undefined, '');
      assert.equal(list.status, 200, `${key} lists`);
    }
    // Every stored value decodes.
    const stored = await tc.store.list('/registry/');
    for (const kv of stored.kvs) {
      const text = Buffer.from(kv.value).toString('utf8');
      assert.doesNotThrow(() => JSON.parse(text), `stored ${kv.key} decodes`);
    }
  },
);
