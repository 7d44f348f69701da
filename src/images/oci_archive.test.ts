import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { layerEntries } from './image_layer.js';
import { buildOciArchive, DEFAULT_PATH, imageNameTag, MediaType, ociArchitecture } from './oci_archive.js';
import { readTar } from './tar_reader.js';
import type { TarEntry } from './tar_writer.js';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: unknown;
  annotations?: Record<string, string>;
}
interface Index {
  schemaVersion: number;
  mediaType: string;
  manifests: Descriptor[];
}
interface Manifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}
interface Config {
  os: string;
  architecture: string;
  config: unknown;
  rootfs: unknown;
  history: Array<{ created_by: string }>;
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const files: TarEntry[] = [
  { type: 'file', path: '/usr/bin/hello', data: Buffer.from('#!/bin/sh\necho hello\n'), mode: 0o755 },
  { type: 'symlink', path: '/bin', target: 'usr/bin' },
  { type: 'directory', path: '/tmp', mode: 0o1777 },
];

function parse(archive: Buffer) {
  const members = new Map(readTar(archive).map((m) => [m.path, m]));
  const blob = (digest: string) => {
    const m = members.get(`blobs/${digest.replace(':', '/')}`);
    assert.ok(m, `blob ${digest} is in the archive`);
    assert.equal(sha(m.data), digest, 'a blob is named after its sha256');
    return m.data;
  };
  const json = <T>(p: string) => JSON.parse(members.get(p)!.data.toString()) as T;
  return { members, blob, json };
}

test('an OCI archive: layout, index with names, manifest, config, layer, docker manifest.json', () => {
  const built = buildOciArchive({
    name: 'docker.io/library/hello:1.0',
    files,
    config: { entrypoint: ['/usr/bin/hello'], cmd: ['x'], workingDir: '/tmp' },
    createdBy: 'test',
  });
  const { members, blob, json } = parse(built.archive);
  assert.deepEqual(json<unknown>('oci-layout'), { imageLayoutVersion: '1.0.0' });

  const index = json<Index>('index.json');
  assert.equal(index.schemaVersion, 2);
  assert.equal(index.mediaType, MediaType.index);
  assert.equal(index.manifests.length, 1);
  const desc = index.manifests[0]!;
  assert.equal(desc.mediaType, MediaType.manifest);
  assert.equal(desc.digest, built.manifestDigest);
  assert.deepEqual(desc.annotations, {
    'io.containerd.image.name': 'docker.io/library/hello:1.0',
    'org.opencontainers.image.ref.name': '1.0',
  });
  assert.deepEqual(desc.platform, { architecture: ociArchitecture(), os: 'linux' });

  const manifestBytes = blob(desc.digest);
  assert.equal(desc.size, manifestBytes.length);
  const manifest = JSON.parse(manifestBytes.toString()) as Manifest;
  assert.equal(manifest.mediaType, MediaType.manifest);
  assert.equal(manifest.config.digest, built.configDigest);
  assert.equal(manifest.config.size, blob(manifest.config.digest).length);
  assert.equal(manifest.layers.length, 1);
  assert.equal(manifest.layers[0]!.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  const layerGz = blob(manifest.layers[0]!.digest);
  assert.equal(manifest.layers[0]!.size, layerGz.length);

  const config = JSON.parse(blob(manifest.config.digest).toString()) as Config;
  const layerTar = zlib.gunzipSync(layerGz);
  assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: [sha(layerTar)] });
  assert.equal(built.diffId, sha(layerTar));
  assert.equal(config.os, 'linux');
  assert.equal(config.architecture, ociArchitecture());
  assert.deepEqual(config.config, {
    Env: [DEFAULT_PATH],
    Entrypoint: ['/usr/bin/hello'],
    Cmd: ['x'],
    WorkingDir: '/tmp',
  });
  assert.equal(config.history[0]!.created_by, 'test');

  const layer = readTar(layerTar);
  assert.deepEqual(
    layer.map((m) => [m.path, m.type, m.mode, m.linkname, m.mtime]),
    [
      ['bin', 'symlink', 0o777, 'usr/bin', 0],
      ['tmp/', 'directory', 0o1777, '', 0],
      ['usr/', 'directory', 0o755, '', 0],
      ['usr/bin/', 'directory', 0o755, '', 0],
      ['usr/bin/hello', 'file', 0o755, '', 0],
    ],
  );

  const docker = json<Array<{ Config: string; Layers: string[] }>>('manifest.json');
  assert.deepEqual(docker, [
    {
      Config: `blobs/sha256/${built.configDigest.slice(7)}`,
      RepoTags: ['docker.io/library/hello:1.0'],
      Layers: [`blobs/sha256/${built.layerDigest.slice(7)}`],
    },
  ]);
  for (const p of [docker[0]!.Config, ...docker[0]!.Layers]) assert.ok(members.has(p));
});

test('the same input gives the same archive and digests; different input, different digests', () => {
  const a = buildOciArchive({ name: 'example.com/a:1', files });
  const b = buildOciArchive({ name: 'example.com/a:1', files });
  assert.deepEqual(a.archive, b.archive);
  assert.equal(a.manifestDigest, b.manifestDigest);
  const c = buildOciArchive({ name: 'example.com/a:1', files, config: { cmd: ['other'] } });
  assert.notEqual(c.manifestDigest, a.manifestDigest);
  assert.equal(c.layerDigest, a.layerDigest);
});

test('image names: a missing tag is latest; digests and bad tags are refused', () => {
  assert.deepEqual(imageNameTag('localhost:5000/x'), { name: 'localhost:5000/x:latest', tag: 'latest' });
  assert.deepEqual(imageNameTag('localhost:5000/x:v1'), { name: 'localhost:5000/x:v1', tag: 'v1' });
  assert.throws(() => imageNameTag('x@sha256:abc'), /must be a tag/);
  assert.throws(() => imageNameTag('x:-bad'), /not valid/);
  assert.equal(buildOciArchive({ name: 'x', files }).tag, 'latest');
});

test('architectures in OCI names', () => {
  assert.equal(ociArchitecture('x64'), 'amd64');
  assert.equal(ociArchitecture('arm64'), 'arm64');
  assert.equal(ociArchitecture('ia32'), '386');
});

test('layer entries: parents added, later entries replace earlier, no escaping the root', () => {
  const e = layerEntries([
    { type: 'file', path: 'a/b/c', data: Buffer.from('1') },
    { type: 'file', path: '/a/b/c', data: Buffer.from('2') },
  ]);
  assert.deepEqual(
    e.map((x) => x.path),
    ['a', 'a/b', 'a/b/c'],
  );
  assert.equal((e[2] as { data: Buffer }).data.toString(), '2');
  assert.throws(() => layerEntries([{ type: 'directory', path: '../x' }]), /leaves the root/);
  assert.throws(() => layerEntries([{ type: 'directory', path: '/' }]), /not a file path/);
  assert.throws(
    () =>
      layerEntries([
        { type: 'symlink', path: 'bin', target: 'x' },
        { type: 'file', path: 'bin/sh', data: Buffer.alloc(0) },
      ]),
    /bin is not a directory/,
  );
});
