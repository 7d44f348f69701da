/**
 * The datastore conformance suite: the `Store` contract checked as behaviour, run unchanged
 * against every backend (`sqlite/store.test.ts`, `etcd/etcd_store.test.ts`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CompactedError,
  FutureRevisionError,
  InvalidKeyError,
  LeaseNotFoundError,
  ValueTooLargeError,
} from './errors.js';
import { DEFAULT_MAX_VALUE_BYTES } from './limits.js';
import type { KeyValue, Store, WatchEvent } from './store.js';

/** A store under test: `prefix` is a fresh key prefix no other test writes under. */
export interface StoreUnderTest {
  store: Store;
  prefix: string;
  cleanup(): Promise<void>;
}

const enc = (s: string): Uint8Array => Buffer.from(s);
const dec = (kv: KeyValue | null | undefined): string | undefined =>
  kv ? Buffer.from(kv.value).toString() : undefined;

/** Collects the events of a watch and lets a test wait for a number of them. */
class EventCollector {
  readonly events: WatchEvent[] = [];
  error: Error | null = null;
  lastProgress = 0;
  private waiters: Array<() => void> = [];
  readonly handlers = {
    onEvents: (evs: readonly WatchEvent[]) => {
      this.events.push(...evs);
      this.wake();
    },
    onProgress: (rev: number) => {
      this.lastProgress = rev;
      this.wake();
    },
    onError: (err: Error) => {
      this.error = err;
      this.wake();
    },
  };
  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves when `pred` holds, fails after `timeoutMs`. */
  async until(pred: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; have ${this.events.length} events`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function mustCreate(store: Store, key: string, value: string, lease?: number): Promise<KeyValue> {
  const res = await store.create(key, enc(value), lease ? { lease } : undefined);
  assert.ok(res.succeeded, `create ${key}`);
  return res.kv;
}

/** Defines the conformance tests for one backend. `open` is called once per test. */
export function runStoreConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  const withStore = (fn: (s: Store, p: string) => Promise<void>) => async () => {
    const sut = await open();
    try {
      await fn(sut.store, sut.prefix);
    } finally {
      await sut.cleanup();
    }
  };

  describe(`store conformance: ${name}`, () => {
    test(
      'every write gets the next, strictly increasing revision',
      withStore(async (s, p) => {
        const start = await s.currentRevision();
        const a = await mustCreate(s, p + 'a', '1');
        assert.ok(a.modRevision > start);
        assert.equal(a.createRevision, a.modRevision);
        assert.equal(a.version, 1);
        const u = await s.update(p + 'a', enc('2'), a.modRevision);
        assert.ok(u.succeeded);
        assert.ok(u.kv.modRevision > a.modRevision);
        assert.equal(u.kv.createRevision, a.createRevision);
        assert.equal(u.kv.version, 2);
        assert.equal(u.revision, u.kv.modRevision);
        const d = await s.delete(p + 'a', u.kv.modRevision);
        assert.ok(d.succeeded);
        assert.ok(d.revision > u.kv.modRevision);
        assert.equal(dec(d.prevKv), '2');
        assert.equal(await s.currentRevision(), d.revision);
        const again = await mustCreate(s, p + 'a', '3');
        assert.equal(again.version, 1, 'version restarts after deletion');
        assert.ok(again.createRevision > d.revision);
      }),
    );

    test(
      'create is create-if-absent and returns the existing value',
      withStore(async (s, p) => {
        const first = await mustCreate(s, p + 'k', 'one');
        const rev = await s.currentRevision();
        const second = await s.create(p + 'k', enc('two'));
        assert.equal(second.succeeded, false);
        assert.ok(!second.succeeded);
        assert.equal(dec(second.current), 'one');
        assert.equal(second.current.modRevision, first.modRevision);
        assert.equal(await s.currentRevision(), rev, 'a failed create writes nothing');
      }),
    );

    test(
      'get at the latest and at an older revision',
      withStore(async (s, p) => {
        await mustCreate(s, p + 'first', 'so that the next write is not the first revision');
        const v1 = await mustCreate(s, p + 'g', 'v1');
        const u = await s.update(p + 'g', enc('v2'), v1.modRevision);
        assert.ok(u.succeeded);
        const latest = await s.get(p + 'g');
        assert.equal(dec(latest.kv), 'v2');
        assert.equal(latest.revision, await s.currentRevision());
        const old = await s.get(p + 'g', v1.modRevision);
        assert.equal(dec(old.kv), 'v1');
        assert.equal(old.kv?.version, 1);
        const before = await s.get(p + 'g', v1.modRevision - 1);
        assert.equal(before.kv, null);
        assert.equal((await s.get(p + 'missing')).kv, null);
        const cur = await s.currentRevision();
        await assert.rejects(s.get(p + 'g', cur + 1000), FutureRevisionError);
      }),
    );

    test(
      'update and delete are compare-and-swap on the mod revision',
      withStore(async (s, p) => {
        const v1 = await mustCreate(s, p + 'c', 'v1');
        const ok = await s.update(p + 'c', enc('v2'), v1.modRevision);
        assert.ok(ok.succeeded);
        const rev = await s.currentRevision();
        const stale = await s.update(p + 'c', enc('v3'), v1.modRevision);
        assert.equal(stale.succeeded, false);
        assert.ok(!stale.succeeded);
        assert.equal(dec(stale.current), 'v2', 'conflict returns the current value');
        assert.equal(stale.current?.modRevision, ok.kv.modRevision);
        const missing = await s.update(p + 'nope', enc('x'), 5);
        assert.ok(!missing.succeeded);
        assert.equal(missing.current, null);
        const staleDel = await s.delete(p + 'c', v1.modRevision);
        assert.ok(!staleDel.succeeded);
        assert.equal(dec(staleDel.current), 'v2');
        assert.equal(await s.currentRevision(), rev, 'failed writes write nothing');
        const del = await s.delete(p + 'c', ok.kv.modRevision);
        assert.ok(del.succeeded);
        const delMissing = await s.delete(p + 'c');
        assert.ok(!delMissing.succeeded);
        assert.equal(delMissing.current, null);
        const unconditional = await mustCreate(s, p + 'u', 'x');
        const ud = await s.delete(p + 'u');
        assert.ok(ud.succeeded);
        assert.equal(ud.prevKv.modRevision, unconditional.modRevision);
      }),
    );

    test(
      'list is ordered by key, limited, and continues consistently at the first page revision',
      withStore(async (s, p) => {
        const names = Array.from({ length: 25 }, (_, i) => `item-${String(i).padStart(3, '0')}`);
        for (const n of [...names].reverse()) await mustCreate(s, p + 'l/' + n, n);
        await mustCreate(s, p + 'other/x', 'not in the listing');
        const all = await s.list(p + 'l/');
        assert.deepEqual(
          all.kvs.map((kv) => kv.key),
          names.map((n) => p + 'l/' + n),
        );
        assert.equal(all.more, false);
        assert.equal(await s.count(p + 'l/'), 25);

        const page1 = await s.list(p + 'l/', { limit: 10 });
        assert.equal(page1.kvs.length, 10);
        assert.equal(page1.more, true);
        // Writes between pages must not show in the continuation.
        const k15 = (await s.get(p + 'l/item-015')).kv!;
        assert.ok((await s.update(k15.key, enc('changed'), k15.modRevision)).succeeded);
        assert.ok((await s.delete(p + 'l/item-020')).succeeded);
        await mustCreate(s, p + 'l/item-0125', 'new');
        const seen = page1.kvs.map((kv) => kv.key);
        let last = page1;
        while (last.more) {
          const startKey = last.kvs[last.kvs.length - 1]!.key + '\0';
          last = await s.list(p + 'l/', { limit: 10, startKey, revision: page1.revision });
          assert.equal(last.revision, page1.revision);
          seen.push(...last.kvs.map((kv) => kv.key));
          if (last.kvs.some((kv) => kv.key.endsWith('item-015'))) {
            assert.equal(dec(last.kvs.find((kv) => kv.key.endsWith('item-015'))), 'item-015');
          }
        }
        assert.deepEqual(
          seen,
          names.map((n) => p + 'l/' + n),
        );
        const now = await s.list(p + 'l/');
        assert.equal(now.kvs.length, 25);
        assert.ok(now.kvs.some((kv) => kv.key.endsWith('item-0125')));
        assert.ok(!now.kvs.some((kv) => kv.key.endsWith('item-020')));
        assert.equal(await s.count(p + 'l/'), 25);
      }),
    );

    test(
      'watch from an old revision delivers every event in order with previous values',
      withStore(async (s, p) => {
        const start = await s.currentRevision();
        const a = await mustCreate(s, p + 'w/a', 'a1');
        const a2 = await s.update(p + 'w/a', enc('a2'), a.modRevision);
        assert.ok(a2.succeeded);
        await mustCreate(s, p + 'elsewhere', 'x');
        const del = await s.delete(p + 'w/a');
        assert.ok(del.succeeded);

        const ac = new AbortController();
        const c = new EventCollector();
        s.watch(p + 'w/', { afterRevision: start, signal: ac.signal }, c.handlers);
        await c.until(() => c.events.length >= 3, 'three historical events');
        await mustCreate(s, p + 'w/b', 'b1');
        await c.until(() => c.events.length >= 4, 'a live event');
        ac.abort();
        assert.equal(c.error, null);
        assert.deepEqual(
          c.events.map((e) => [e.type, e.kv.key, dec(e.kv) ?? '', dec(e.prevKv) ?? null]),
          [
            ['ADDED', p + 'w/a', 'a1', null],
            ['MODIFIED', p + 'w/a', 'a2', 'a1'],
            ['DELETED', p + 'w/a', '', 'a2'],
            ['ADDED', p + 'w/b', 'b1', null],
          ],
        );
        assert.equal(c.events[2]!.kv.modRevision, del.revision);
        const revs = c.events.map((e) => e.kv.modRevision);
        assert.deepEqual(
          revs,
          [...revs].sort((x, y) => x - y),
        );
        await mustCreate(s, p + 'w/c', 'after abort');
        await sleep(300);
        assert.equal(c.events.length, 4, 'no events after abort');
      }),
    );

    test(
      'a watch resumed from its last revision sees no gap and no duplicate',
      withStore(async (s, p) => {
        const start = await s.currentRevision();
        const writer = (async () => {
          for (let i = 0; i < 200; i++) await mustCreate(s, `${p}r/${String(i).padStart(4, '0')}`, String(i));
        })();
        const got: WatchEvent[] = [];
        let after = start;
        while (got.length < 200) {
          const ac = new AbortController();
          const c = new EventCollector();
          s.watch(p + 'r/', { afterRevision: after, signal: ac.signal }, c.handlers);
          await c.until(() => c.events.length >= 1 || got.length >= 200, 'some events');
          ac.abort();
          got.push(...c.events);
          if (c.events.length) after = c.events[c.events.length - 1]!.kv.modRevision;
        }
        await writer;
        assert.deepEqual(
          got.map((e) => dec(e.kv)),
          Array.from({ length: 200 }, (_, i) => String(i)),
        );
      }),
    );

    test(
      'compaction: older revisions answer CompactedError, newer ones still work',
      withStore(async (s, p) => {
        const v1 = await mustCreate(s, p + 'x', 'v1');
        const v2 = await s.update(p + 'x', enc('v2'), v1.modRevision);
        assert.ok(v2.succeeded);
        const v3 = await s.update(p + 'x', enc('v3'), v2.kv.modRevision);
        assert.ok(v3.succeeded);
        await mustCreate(s, p + 'y', 'y1');
        const c = v3.kv.modRevision;
        await s.compact(c);
        assert.ok((await s.compactedRevision()) >= c);
        await assert.rejects(s.get(p + 'x', v1.modRevision), CompactedError);
        await assert.rejects(s.list(p, { revision: v2.kv.modRevision }), CompactedError);
        assert.equal(dec((await s.get(p + 'x', c)).kv), 'v3');
        assert.equal(dec((await s.get(p + 'x')).kv), 'v3');
        assert.equal((await s.list(p)).kvs.length, 2);

        const old = new EventCollector();
        s.watch(p, { afterRevision: v1.modRevision }, old.handlers);
        await old.until(() => old.error !== null, 'a compaction error');
        assert.ok(old.error instanceof CompactedError);
        assert.equal(old.events.length, 0);

        const ac = new AbortController();
        const fresh = new EventCollector();
        s.watch(p, { afterRevision: c, signal: ac.signal }, fresh.handlers);
        await fresh.until(() => fresh.events.length >= 1, 'the event after the compacted revision');
        assert.equal(dec(fresh.events[0]!.kv), 'y1');
        ac.abort();
        await assert.rejects(s.compact(c - 1), CompactedError);
      }),
    );

    test(
      'leases: keys expire with their lease, revoke deletes them, unknown leases fail',
      withStore(async (s, p) => {
        const lease = await s.grantLease(2);
        assert.ok(lease.id > 0);
        assert.ok(lease.ttl >= 2);
        const start = await s.currentRevision();
        const kv = await mustCreate(s, p + 'ttl/a', 'expires', lease.id);
        assert.equal(kv.lease, lease.id);
        const ac = new AbortController();
        const c = new EventCollector();
        s.watch(p + 'ttl/', { afterRevision: start, signal: ac.signal }, c.handlers);
        await c.until(() => c.events.some((e) => e.type === 'DELETED'), 'expiry of the leased key', 20000);
        ac.abort();
        assert.equal((await s.get(p + 'ttl/a')).kv, null);
        await assert.rejects(s.keepAliveLease(lease.id), LeaseNotFoundError);

        const l2 = await s.grantLease(60);
        await mustCreate(s, p + 'ttl/b', 'revoked', l2.id);
        const kept = await s.keepAliveLease(l2.id);
        assert.equal(kept.id, l2.id);
        await s.revokeLease(l2.id);
        assert.equal((await s.get(p + 'ttl/b')).kv, null);
        await assert.rejects(s.revokeLease(l2.id), LeaseNotFoundError);
        await assert.rejects(s.create(p + 'ttl/c', enc('x'), { lease: 987654321 }), LeaseNotFoundError);
        assert.equal((await s.get(p + 'ttl/c')).kv, null);
      }),
    );

    test(
      'large values up to 1.5 MiB are stored; larger ones are refused and nothing is written',
      withStore(async (s, p) => {
        const big = Buffer.alloc(DEFAULT_MAX_VALUE_BYTES, 7);
        const kv = await s.create(p + 'big', big);
        assert.ok(kv.succeeded);
        const got = await s.get(p + 'big');
        assert.equal(got.kv?.value.byteLength, big.byteLength);
        assert.ok(Buffer.from(got.kv!.value).equals(big));
        const rev = await s.currentRevision();
        await assert.rejects(
          s.create(p + 'too-big', Buffer.alloc(DEFAULT_MAX_VALUE_BYTES + 1)),
          ValueTooLargeError,
        );
        await assert.rejects(
          s.update(p + 'big', Buffer.alloc(DEFAULT_MAX_VALUE_BYTES + 1), kv.kv.modRevision),
          ValueTooLargeError,
        );
        assert.equal(await s.currentRevision(), rev);
        assert.equal((await s.get(p + 'too-big')).kv, null);
      }),
    );

    test(
      'bad keys are refused with InvalidKeyError and nothing is written',
      withStore(async (s, p) => {
        const rev = await s.currentRevision();
        await assert.rejects(s.create('', enc('x')), InvalidKeyError);
        await assert.rejects(s.create('/elsewhere/key', enc('x')), InvalidKeyError);
        await assert.rejects(s.create('/registry/', enc('x')), InvalidKeyError);
        await assert.rejects(s.update('', enc('x'), 1), InvalidKeyError);
        await assert.rejects(s.delete('/etc/passwd'), InvalidKeyError);
        await assert.rejects(s.get('relative/key'), InvalidKeyError);
        await assert.rejects(s.list('/outside/'), InvalidKeyError);
        await assert.rejects(s.create(p + 'a\0b', enc('x')), InvalidKeyError);
        assert.equal(await s.currentRevision(), rev);
      }),
    );

    test(
      'concurrent writers: compare-and-swap loses no update',
      withStore(async (s, p) => {
        const key = p + 'counter';
        await mustCreate(s, key, '0');
        const writers = 32;
        const perWriter = 10;
        const revisions = new Set<number>();
        await Promise.all(
          Array.from({ length: writers }, async () => {
            for (let i = 0; i < perWriter; i++) {
              let cur = (await s.get(key)).kv!;
              for (;;) {
                const next = String(Number(dec(cur)) + 1);
                const r = await s.update(key, enc(next), cur.modRevision);
                if (r.succeeded) {
                  assert.ok(!revisions.has(r.revision), 'a revision is never reused');
                  revisions.add(r.revision);
                  break;
                }
                assert.ok(r.current);
                cur = r.current;
              }
            }
          }),
        );
        assert.equal(dec((await s.get(key)).kv), String(writers * perWriter));
        // Concurrent creates of one key: exactly one wins.
        const creates = await Promise.all(
          Array.from({ length: 16 }, (_, i) => s.create(p + 'once', enc(String(i)))),
        );
        assert.equal(creates.filter((r) => r.succeeded).length, 1);
      }),
    );

    test(
      'many keys: 100k keys are counted, listed in pages and watched',
      { timeout: 600_000 },
      withStore(async (s, p) => {
        const n = 100_000;
        const start = await s.currentRevision();
        const ac = new AbortController();
        const c = new EventCollector();
        s.watch(p + 'many/', { afterRevision: start, signal: ac.signal }, c.handlers);
        const value = enc(JSON.stringify({ kind: 'ConfigMap', data: { a: 'b'.repeat(100) } }));
        const concurrency = 64;
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < n) {
              const i = next++;
              const r = await s.create(`${p}many/${String(i).padStart(6, '0')}`, value);
              assert.ok(r.succeeded);
            }
          }),
        );
        assert.equal(await s.count(p + 'many/'), n);
        let pages = 0;
        let total = 0;
        let startKey: string | undefined;
        let revision: number | undefined;
        let prevKey = '';
        for (;;) {
          const page = await s.list(p + 'many/', { limit: 10_000, startKey, revision });
          revision = page.revision;
          pages++;
          total += page.kvs.length;
          for (const kv of page.kvs) {
            assert.ok(kv.key > prevKey);
            prevKey = kv.key;
          }
          if (!page.more) break;
          startKey = page.kvs[page.kvs.length - 1]!.key + '\0';
        }
        assert.equal(total, n);
        assert.equal(pages, 10);
        await c.until(() => c.events.length >= n, 'every event of 100k creates', 120_000);
        ac.abort();
        assert.equal(c.events.length, n);
        for (let i = 1; i < c.events.length; i++) {
          assert.ok(c.events[i]!.kv.modRevision > c.events[i - 1]!.kv.modRevision);
        }
      }),
    );
  });
}
