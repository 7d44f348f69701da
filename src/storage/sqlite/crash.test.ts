import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from './sqlite_store.js';

const storm = fileURLToPath(new URL('../../../test/fixtures/sqlite_write_storm.js', import.meta.url));

test(
  'every acknowledged write survives kill -9 in the middle of a write storm',
  { timeout: 120_000 },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-crash-'));
    const db = path.join(dir, 'state.db');
    try {
      for (let round = 0; round < 3; round++) {
        const acked = new Map<string, { revision: number; value?: string }>();
        const child = spawn(process.execPath, [storm, db], { stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_code, sig) => resolve(sig)),
        );
        let writes = 0;
        for await (const line of readline.createInterface({ input: child.stdout })) {
          const [kind, key, rev, value] = line.split(' ');
          if (kind === 'ready') continue;
          assert.ok(key && rev, `unexpected line ${line}`);
          // Later acks of the same key replace earlier ones: only the newest must be present.
          acked.set(key, { revision: Number(rev), ...(kind === 'update' ? { value } : {}) });
          if (++writes === 4000 + round * 1000) child.kill('SIGKILL');
        }
        assert.equal(await exited, 'SIGKILL');
        assert.ok(acked.size > 1000);

        const store = await SqliteStore.open({ path: db });
        try {
          const current = await store.currentRevision();
          for (const [key, want] of acked) {
            const { kv } = await store.get(key);
            assert.ok(kv, `acknowledged key ${key} is missing after the crash`);
            assert.ok(kv.modRevision >= want.revision, `${key}: revision went back`);
            if (want.value === undefined) assert.equal(kv.modRevision, want.revision, `${key} revision`);
            else
              assert.ok(
                Number(Buffer.from(kv.value).toString()) >= Number(want.value),
                `${key} lost an update`,
              );
            assert.ok(kv.modRevision <= current);
          }
          // Revisions are intact: one per write, strictly increasing, no holes in what was listed.
          const all = await store.list('/registry/storm/');
          const revs = all.kvs.map((kv) => kv.modRevision);
          assert.equal(new Set(revs).size, revs.length, 'no two keys share a revision');
          // The store keeps working where it stopped: new writes continue after `current`.
          const next = await store.create(`/registry/after-crash/${round}`, Buffer.from('x'));
          assert.ok(next.succeeded);
          assert.equal(next.revision, current + 1);
        } finally {
          await store.close();
        }
        // Start the next round on a fresh keyspace: remove the storm's keys.
        const cleanup = await SqliteStore.open({ path: db });
        for (const kv of (await cleanup.list('/registry/storm/')).kvs) await cleanup.delete(kv.key);
        await cleanup.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
