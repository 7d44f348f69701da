/**
 * The images every kubets node has without a registry, built from Debian's busybox-static:
 * `busybox` (the whole multi-call binary with a symlink per applet in /bin, a minimal /etc, Cmd
 * `sh`) and the pod sandbox image `KUBETS_PAUSE_IMAGE` (busybox as a shell that sleeps forever,
 * exits 0 on SIGTERM/SIGINT and reaps the zombies it inherits).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { KUBETS_PAUSE_IMAGE } from '../kubelet/containerd/containerd_config.js';
import type { OciArchive } from './oci_archive.js';
import { buildOciArchive } from './oci_archive.js';
import type { TarEntry } from './tar_writer.js';

/** Where Debian's busybox-static puts the binary. */
export const HOST_BUSYBOX = '/bin/busybox';

/** The pause image's entrypoint: sleep forever, exit 0 when told to stop, reap zombies. */
export const PAUSE_ENTRYPOINT = [
  '/bin/sh',
  '-c',
  "trap 'exit 0' TERM INT; while :; do sleep 2147483647 & wait $!; done",
];

/** Options of both builders. */
export interface BuiltinImageOptions {
  /** The image name (default: see each builder). */
  tag?: string;
  /** The busybox binary to put in the image (default /bin/busybox). */
  busybox?: string;
}

/** The host's busybox: its bytes, version (`1.35.0`) and applet names. */
export interface HostBusybox {
  binary: Buffer;
  version: string;
  applets: string[];
}

/** Reads the host's busybox; throws a clear error when busybox-static is not installed. */
export function readHostBusybox(file: string = HOST_BUSYBOX): HostBusybox {
  if (!fs.existsSync(file)) throw new Error(`busybox-static is not installed: ${file} not found`);
  const binary = fs.readFileSync(file);
  // `busybox --help` prints the version on its first line ("BusyBox v1.35.0 (Debian …)"); some
  // builds exit 1 after it, so the exit code is not what tells.
  const r = spawnSync(file, ['--help'], { encoding: 'utf8' });
  const help = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const m = /BusyBox v(\d+\.\d+(?:\.\d+)?)/.exec(help);
  if (!m) throw new Error(`${file} does not look like busybox: ${help.split('\n')[0]}`);
  const applets = execFileSync(file, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => /^[\w.[\]-]+$/.test(s) && s !== 'busybox');
  return { binary, version: m[1]!, applets };
}

/** `docker.io/library/busybox:<major.minor>` for a busybox version. */
export function defaultBusyboxTag(version: string): string {
  return `docker.io/library/busybox:${version.split('.').slice(0, 2).join('.')}`;
}

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** The busybox image's files: the binary, one symlink per applet, /etc, /tmp and mount points. */
export function busyboxFiles(bb: HostBusybox): TarEntry[] {
  const dir = (path: string, mode = 0o755): TarEntry => ({ type: 'directory', path, mode });
  return [
    dir('/bin'),
    { type: 'file', path: '/bin/busybox', data: bb.binary, mode: 0o755 },
    ...bb.applets.map((a): TarEntry => ({ type: 'symlink', path: `/bin/${a}`, target: 'busybox' })),
    dir('/etc'),
    { type: 'file', path: '/etc/passwd', data: Buffer.from(PASSWD), mode: 0o644 },
    { type: 'file', path: '/etc/group', data: Buffer.from(GROUP), mode: 0o644 },
    dir('/root', 0o700),
    dir('/tmp', 0o1777),
    dir('/var'),
    dir('/proc', 0o555),
    dir('/sys', 0o555),
    dir('/dev'),
  ];
}

/** The busybox image (see the file comment); default tag from the busybox version. */
export function buildBusyboxImage(opts: BuiltinImageOptions = {}): OciArchive {
  const bb = readHostBusybox(opts.busybox);
  return buildOciArchive({
    name: opts.tag ?? defaultBusyboxTag(bb.version),
    files: busyboxFiles(bb),
    config: { cmd: ['sh'] },
    createdBy: `kubets image build-busybox (BusyBox v${bb.version})`,
  });
}

/** The pod sandbox image (see the file comment), named `KUBETS_PAUSE_IMAGE` by default. */
export function buildPauseImage(opts: BuiltinImageOptions = {}): OciArchive {
  const bb = readHostBusybox(opts.busybox);
  return buildOciArchive({
    name: opts.tag ?? KUBETS_PAUSE_IMAGE,
    files: [
      { type: 'file', path: '/bin/busybox', data: bb.binary, mode: 0o755 },
      { type: 'symlink', path: '/bin/sh', target: 'busybox' },
      { type: 'directory', path: '/proc', mode: 0o555 },
      { type: 'directory', path: '/sys', mode: 0o555 },
      { type: 'directory', path: '/dev' },
      { type: 'directory', path: '/tmp', mode: 0o1777 },
    ],
    config: { entrypoint: PAUSE_ENTRYPOINT },
    createdBy: `kubets image build-pause (BusyBox v${bb.version})`,
  });
}
