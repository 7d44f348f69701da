import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { KUBETS_PAUSE_IMAGE } from '../kubelet/containerd/containerd_config.js';
import { findCniBinDir } from '../kubelet/containerd/cni_config.js';
import { startContainerd } from '../kubelet/containerd/containerd_process.js';
import type { PodSandboxConfig } from '../kubelet/cri/api.js';
import { CriClient } from '../kubelet/cri/cri_client.js';
import { buildBusyboxImage, defaultBusyboxTag, readHostBusybox } from './builtin_images.js';
import { ensureBuiltinImages, importImageArchive, parseCtrImportOutput } from './containerd_import.js';
import { readTar } from './tar_reader.js';
import { writeTar } from './tar_writer.js';

const kubets = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("image names come from ctr import's output", () => {
  const d = 'a'.repeat(64);
  const out = `unpacking docker.io/library/busybox:1.35 (sha256:${d})...done\nunpacking localhost/kubets/pause:3.9 (sha256:${d})...done\n`;
  assert.deepEqual(parseCtrImportOutput(out), [
    'docker.io/library/busybox:1.35',
    'localhost/kubets/pause:3.9',
  ]);
  assert.deepEqual(parseCtrImportOutput(''), []);
});

test('importing a file that is not there fails clearly', async () => {
  await assert.rejects(
    importImageArchive({ file: '/nonexistent/x.tar', address: '/nonexistent.sock' }),
    /image archive \/nonexistent\/x.tar not found/,
  );
});

const why = (() => {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!fs.existsSync('/usr/bin/containerd') || !fs.existsSync('/usr/bin/ctr')) return 'needs containerd';
  if (!fs.existsSync('/bin/busybox')) return 'needs busybox-static';
  if (!findCniBinDir()) return 'needs the CNI plugins';
  return undefined;
})();

test(
  'built images import into a real containerd, the CRI sees them, and containers run from them',
  { timeout: 180_000 },
  async () => {
    // The suite runs as root with scripts/install-deps.sh done: a missing part is a failure.
    assert.equal(why, undefined, `this test ${why}; run scripts/install-deps.sh as root`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-img-'));
    const socket = path.join(dir, 'containerd.sock');
    const log = pino({ level: 'silent' });
    const ac = new AbortController();
    const containerd = await startContainerd({
      dir,
      socket,
      cniBinDir: findCniBinDir()!,
      log,
      signal: ac.signal,
      binary: '/usr/bin/containerd',
    });
    const cri = new CriClient({ endpoint: `unix://${socket}`, timeoutMs: 60_000 });
    const sandboxes: string[] = [];
    try {
      assert.ok(containerd.owned, 'a private containerd');
      const busybox = defaultBusyboxTag(readHostBusybox().version);
      const waitImage = async (image: string) => {
        for (let i = 0; i < 100; i++) {
          const status = await cri.imageStatus({ image });
          if (status) return status;
          await sleep(50);
        }
        assert.fail(`the CRI does not see ${image}`);
      };

      // A fresh containerd: ensureBuiltinImages builds and imports both.
      const imported = await ensureBuiltinImages({
        address: socket,
        images: cri,
        dir: path.join(dir, 'images'),
        log,
      });
      assert.deepEqual(imported.sort(), [busybox, KUBETS_PAUSE_IMAGE].sort());
      const status = await waitImage(busybox);
      assert.ok(status.repoTags.includes(busybox), JSON.stringify(status));
      await waitImage(KUBETS_PAUSE_IMAGE);
      assert.deepEqual(
        await ensureBuiltinImages({ address: socket, images: cri, dir: path.join(dir, 'images'), log }),
        [],
        'nothing to do the second time',
      );

      // importImageArchive of our archive (again: idempotent) and of a docker-archive-only tar.
      const file = path.join(dir, 'busybox.tar');
      fs.writeFileSync(file, buildBusyboxImage({ tag: 'example.com/kubets/bb:oci' }).archive);
      assert.deepEqual(await importImageArchive({ file, address: socket }), ['example.com/kubets/bb:oci']);
      await waitImage('example.com/kubets/bb:oci');
      const docker = readTar(buildBusyboxImage({ tag: 'example.com/kubets/bb:docker' }).archive).filter(
        (m) => m.path !== 'oci-layout' && m.path !== 'index.json',
      );
      const dockerFile = path.join(dir, 'docker.tar');
      fs.writeFileSync(
        dockerFile,
        writeTar(
          docker.map((m) =>
            m.type === 'directory'
              ? { type: 'directory', path: m.path }
              : { type: 'file', path: m.path, data: m.data },
          ),
        ),
      );
      const dockerNames = await importImageArchive({ file: dockerFile, address: socket });
      assert.deepEqual(dockerNames, ['example.com/kubets/bb:docker']);
      await waitImage('example.com/kubets/bb:docker');

      // The same through the command line.
      const cli = spawnSync(process.execPath, [kubets, 'image', 'import', file, '--address', socket], {
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(cli.stdout, 'imported example.com/kubets/bb:oci\n');

      // Not an archive: ctr's error comes through.
      const junk = path.join(dir, 'junk.tar');
      fs.writeFileSync(junk, 'not a tar');
      await assert.rejects(
        importImageArchive({ file: junk, address: socket }),
        /ctr images import .* failed: .+/,
      );

      // A pod (host network: no CNI needed) whose sandbox is the pause image, running busybox.
      const logDirectory = path.join(dir, 'pods', 'p1');
      fs.mkdirSync(logDirectory, { recursive: true });
      const sandboxConfig: PodSandboxConfig = {
        metadata: { name: 'p1', uid: 'uid-p1', namespace: 'default', attempt: 0 },
        logDirectory,
        linux: { securityContext: { namespaceOptions: { network: 'NODE' } } },
      };
      const sandbox = await cri.runPodSandbox(sandboxConfig);
      sandboxes.push(sandbox);
      assert.equal((await cri.podSandboxStatus(sandbox)).state, 'SANDBOX_READY');

      const echo = await cri.createContainer(
        sandbox,
        {
          metadata: { name: 'echo', attempt: 0 },
          image: { image: busybox },
          command: ['sh', '-c', 'echo hello from $(id -un) && ls /bin/sh'],
          logPath: 'echo.log',
        },
        sandboxConfig,
      );
      await cri.startContainer(echo);
      let s = await cri.containerStatus(echo);
      for (let i = 0; i < 200 && s.state !== 'CONTAINER_EXITED'; i++) {
        await sleep(50);
        s = await cri.containerStatus(echo);
      }
      assert.equal(s.state, 'CONTAINER_EXITED');
      assert.equal(s.exitCode, 0, fs.readFileSync(path.join(logDirectory, 'echo.log'), 'utf8'));
      const out = fs.readFileSync(path.join(logDirectory, 'echo.log'), 'utf8');
      assert.match(out, / stdout F hello from root\n/);
      assert.match(out, / stdout F \/bin\/sh\n/);

      // The pause image as a container: it keeps running, and SIGTERM ends it with 0 at once.
      const pause = await cri.createContainer(
        sandbox,
        {
          metadata: { name: 'pause', attempt: 0 },
          image: { image: KUBETS_PAUSE_IMAGE },
          logPath: 'pause.log',
        },
        sandboxConfig,
      );
      await cri.startContainer(pause);
      await sleep(500);
      assert.equal((await cri.containerStatus(pause)).state, 'CONTAINER_RUNNING');
      const t0 = Date.now();
      await cri.stopContainer(pause, 30);
      const stopped = await cri.containerStatus(pause);
      assert.equal(stopped.state, 'CONTAINER_EXITED');
      assert.equal(stopped.exitCode, 0);
      assert.ok(
        Date.now() - t0 < 10_000,
        `stopped in ${Date.now() - t0} ms, not by SIGKILL after the grace period`,
      );
    } finally {
      for (const id of sandboxes) {
        await cri.stopPodSandbox(id).catch(() => {});
        await cri.removePodSandbox(id).catch(() => {});
      }
      cri.close();
      ac.abort();
      await containerd.done;
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  },
);
