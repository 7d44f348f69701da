import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { runStoreConformance } from '../conformance.js';
import { CompactedError, StoreClosedError, UnavailableError, ValueTooLargeError } from '../errors.js';
import type { Store, WatchEvent } from '../store.js';
import { startEtcd } from './etcd_process.js';
import { EtcdStore } from './etcd_store.js';

const etcd = await startEtcd();
after(() => etcd.stop());

let opened = 0;
/** A fresh key prefix for each test, so tests sharing one etcd never see each other's keys. */
function uniquePrefix(): string {
  return `/registry/t${process.pid}-${++opened}/`;
}

runStoreConformance('etcd', async () => {
  const store = await EtcdStore.open({ endpoints: [etcd.endpoint], prefix: '/registry/' });
  return { store, prefix: uniquePrefix(), cleanup: () => store.close() };
});

const enc = (s: string): Uint8Array => Buffer.from(s);

/** Resolves when `pred` holds, polling every 50 ms; fails with `what` after `timeoutMs`. */
async function waitFor(pred: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `write` until it does not fail with a retriable error (etcd coming back). */
async function retrying<T>(write: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof UnavailableError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * A TCP relay to etcd that a test can cut (connections reset, new ones refused) and restore on
 * the same port: one client loses etcd while others keep writing to it.
 */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(from);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.sockets.delete(from);
          to.destroy();
        });
        from.pipe(to);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

describe('etcd store: outages', () => {
  test('an unreachable etcd fails calls promptly with a retriable UnavailableError, then recovers', async () => {
    const own = await startEtcd();
    const store = await EtcdStore.open({ endpoints: [own.endpoint], requestTimeoutMs: 2000 });
    try {
      const prefix = uniquePrefix();
      assert.ok((await store.create(prefix + 'before', enc('1'))).succeeded);
      own.kill();
      for (const call of [
        () => store.get(prefix + 'before'),
        () => store.create(prefix + 'during', enc('2')),
      ]) {
        await assert.rejects(call(), (err: unknown) => {
          assert.ok(err instanceof UnavailableError, String(err));
          assert.equal(err.retriable, true);
          assert.match(err.message, new RegExp(own.endpoint.replace(/^http:\/\//, '')));
          return true;
        });
      }
      await own.restart();
      const back = await retrying(() => store.get(prefix + 'before'));
      assert.equal(Buffer.from(back.kv?.value ?? []).toString(), '1');
      assert.equal((await store.get(prefix + 'during')).kv, null, 'the failed create wrote nothing');
    } finally {
      await store.close();
      await own.stop();
    }
  });

  test('open fails with UnavailableError when no endpoint answers, and skips a dead endpoint', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    await assert.rejects(EtcdStore.open({ endpoints: [dead], requestTimeoutMs: 2000 }), UnavailableError);
    const store = await EtcdStore.open({ endpoints: [dead, etcd.endpoint], requestTimeoutMs: 2000 });
    try {
      const prefix = uniquePrefix();
      assert.ok((await store.create(prefix + 'k', enc('v'))).succeeded);
      assert.equal((await store.get(prefix + 'k')).kv?.version, 1);
    } finally {
      await store.close();
    }
  });

  test('a watch survives etcd crashing and restarting: every event once, in order, no gap', async () => {
    const own = await startEtcd();
    const watcher = await EtcdStore.open({ endpoints: [own.endpoint] });
    const writer = await EtcdStore.open({ endpoints: [own.endpoint] });
    try {
      const prefix = uniquePrefix();
      const events: WatchEvent[] = [];
      const errors: Error[] = [];
      const written: number[] = [];
      const ac = new AbortController();
      watcher.watch(
        prefix,
        { afterRevision: await writer.currentRevision(), signal: ac.signal },
        { onEvents: (batch) => events.push(...batch), onError: (err) => errors.push(err) },
      );
      const writeBatch = async (from: number, to: number): Promise<void> => {
        for (let i = from; i < to; i++) {
          const result = await retrying(() =>
            writer.create(`${prefix}${String(i).padStart(3, '0')}`, enc(String(i))),
          );
          if (result.succeeded) {
            written.push(result.revision);
          } else {
            // The create was applied but its answer was lost in the outage; the retry found it.
            assert.equal(Buffer.from(result.current.value).toString(), String(i));
            written.push(result.current.modRevision);
          }
        }
      };

      await writeBatch(0, 20);
      await waitFor(() => events.length === 20, 'the first 20 events');
      own.kill();
      // Writes land right after the restart, while the watch is still backing off.
      await own.restart();
      await writeBatch(20, 40);
      await waitFor(() => events.length >= 40, 'the events written after the crash');
      // A graceful restart in the middle of a stream of writes.
      const during = writeBatch(40, 60);
      await own.restart();
      await during;
      await waitFor(() => events.length >= 60, 'the events written around the restart');
      await new Promise((resolve) => setTimeout(resolve, 300));
      ac.abort();

      assert.deepEqual(errors, []);
      assert.deepEqual(
        events.map((e) => [e.type, Buffer.from(e.kv.value).toString()]),
        Array.from({ length: 60 }, (_, i) => ['ADDED', String(i)]),
      );
      assert.deepEqual(
        events.map((e) => e.kv.modRevision),
        written,
      );
    } finally {
      await watcher.close();
      await writer.close();
      await own.stop();
    }
  });
});

describe('etcd store: a watch losing its connection', () => {
  test('resumes without gap or repeat, and ends with CompactedError if its history went meanwhile', async () => {
    const proxy = new CuttableProxy(new URL(etcd.endpoint));
    await proxy.listen();
    const watcher = await EtcdStore.open({ endpoints: [proxy.endpoint] });
    const writer = await EtcdStore.open({ endpoints: [etcd.endpoint] });
    try {
      const prefix = uniquePrefix();
      const values: string[] = [];
      const errors: Error[] = [];
      watcher.watch(
        prefix,
        { afterRevision: await writer.currentRevision() },
        {
          onEvents: (batch) => values.push(...batch.map((e) => Buffer.from(e.kv.value).toString())),
          onError: (err) => errors.push(err),
        },
      );
      const write = async (value: string): Promise<number> => {
        const result = await writer.create(prefix + value, enc(value));
        assert.ok(result.succeeded);
        return result.revision;
      };

      await write('a');
      await waitFor(() => values.length === 1, 'the first event');
      await proxy.cut();
      for (const value of ['b', 'c', 'd']) await write(value);
      await proxy.listen();
      await waitFor(() => values.length === 4, 'the events written while disconnected');
      assert.deepEqual(values, ['a', 'b', 'c', 'd']);

      await proxy.cut();
      await write('e');
      const compactAt = await write('f');
      await writer.compact(compactAt);
      await proxy.listen();
      await waitFor(() => errors.length === 1, 'the compaction error');
      const [err] = errors;
      assert.ok(err instanceof CompactedError, String(err));
      assert.equal(err.compactRevision, compactAt);
      assert.deepEqual(values, ['a', 'b', 'c', 'd'], 'nothing delivered after the gap');
      assert.equal(await watcher.compactedRevision(), compactAt);
    } finally {
      await watcher.close();
      await writer.close();
      await proxy.cut();
    }
  });
});

describe('etcd store: limits and lifecycle', () => {
  let store: Store;
  let prefix: string;
  const fresh = async (maxValueBytes?: number): Promise<void> => {
    store = await EtcdStore.open({ endpoints: [etcd.endpoint], maxValueBytes });
    prefix = uniquePrefix();
  };

  test('values etcd itself refuses map to ValueTooLargeError and write nothing', async () => {
    // etcd was started with --max-request-bytes of 3 MiB; this store allows more than that.
    await fresh(8 * 1024 * 1024);
    try {
      const revision = await store.currentRevision();
      // Just over etcd's request limit: etcd answers "request is too large".
      await assert.rejects(
        store.create(prefix + 'a', Buffer.alloc(3 * 1024 * 1024 + 1024)),
        ValueTooLargeError,
      );
      // Over gRPC's receive limit (request limit + 512 KiB): gRPC itself refuses the message.
      await assert.rejects(store.create(prefix + 'b', Buffer.alloc(5 * 1024 * 1024)), ValueTooLargeError);
      assert.equal(await store.currentRevision(), revision);
      assert.equal(await store.count(prefix), 0);
    } finally {
      await store.close();
    }
  });

  test('a value over the store limit is refused before anything is sent', async () => {
    await fresh(1024);
    try {
      const revision = await store.currentRevision();
      await assert.rejects(store.create(prefix + 'a', Buffer.alloc(1025)), (err: unknown) => {
        assert.ok(err instanceof ValueTooLargeError);
        assert.equal(err.size, 1025);
        assert.equal(err.limit, 1024);
        return true;
      });
      assert.ok((await store.create(prefix + 'a', Buffer.alloc(1024))).succeeded);
      assert.equal(await store.currentRevision(), revision + 1);
    } finally {
      await store.close();
    }
  });

  test('close ends watches with StoreClosedError and fails later calls', async () => {
    await fresh();
    const errors: Error[] = [];
    store.watch(
      prefix,
      { afterRevision: await store.currentRevision() },
      { onEvents: () => {}, onError: (e) => errors.push(e) },
    );
    const pending = store.get(prefix + 'x');
    await store.close();
    await pending.then(
      (result) => assert.equal(result.kv, null),
      (err: unknown) => assert.ok(err instanceof StoreClosedError, String(err)),
    );
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof StoreClosedError);
    await assert.rejects(store.get(prefix + 'x'), StoreClosedError);
    await assert.rejects(store.create(prefix + 'x', enc('v')), StoreClosedError);
  });

  test('many watches share the store and each sees only its prefix', async () => {
    await fresh();
    try {
      const start = await store.currentRevision();
      const seen = new Map<string, string[]>();
      const ac = new AbortController();
      setMaxListeners(30, ac.signal);
      const names = Array.from({ length: 20 }, (_, i) => `w${i}/`);
      for (const name of names) {
        seen.set(name, []);
        store.watch(
          prefix + name,
          { afterRevision: start, signal: ac.signal },
          {
            onEvents: (batch) => seen.get(name)?.push(...batch.map((e) => e.kv.key)),
            onError: (err) => assert.fail(err),
          },
        );
      }
      for (const name of names) assert.ok((await store.create(prefix + name + 'k', enc(name))).succeeded);
      await waitFor(() => [...seen.values()].every((keys) => keys.length === 1), 'one event per watch');
      ac.abort();
      for (const name of names) assert.deepEqual(seen.get(name), [prefix + name + 'k']);
    } finally {
      await store.close();
    }
  });
});

describe('etcd store: progress notifications', () => {
  test('a quiet watch hears progress at the current revision', async () => {
    const own = await startEtcd({ extraArgs: ['--experimental-watch-progress-notify-interval=500ms'] });
    const store = await EtcdStore.open({ endpoints: [own.endpoint] });
    try {
      const prefix = uniquePrefix();
      assert.ok((await store.create(prefix + 'elsewhere/k', enc('v'))).succeeded);
      const current = await store.currentRevision();
      let progress = 0;
      const ac = new AbortController();
      store.watch(
        prefix + 'quiet/',
        { afterRevision: current, signal: ac.signal },
        {
          onEvents: () => assert.fail('no event expected under a quiet prefix'),
          onProgress: (rev) => (progress = rev),
          onError: (err) => assert.fail(err),
        },
      );
      await waitFor(() => progress >= current, 'a progress notification');
      ac.abort();
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
