/**
 * Test helpers of the volume manager: a temp rootDir, object sources from plain maps and a fake
 * RestClient answering GETs and POSTs from a table of paths.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import { StatusError } from '../../api/status_error.js';
import type { ConfigMap, Secret } from '../../api/types/cluster.js';
import type { Pod } from '../../api/types/pod.js';
import type { RestClient, RestRequest } from '../../client/rest_client.js';
import type { KubeletObjectSources } from '../kubelet_deps.js';
import { mountPointsUnder } from './mounter.js';

/** A route of the fake API: an object to answer, or a function of the request. */
export type Route = unknown | ((req: RestRequest) => unknown);

/** Sources over `configMaps`, `secrets` (keyed `ns/name`) and `routes` (keyed `METHOD path`). */
export interface TestSources extends KubeletObjectSources {
  configMaps: Map<string, ConfigMap>;
  secrets: Map<string, Secret>;
  routes: Map<string, Route>;
  calls: RestRequest[];
  /** Unmounts what a failed test left mounted and removes the rootDir. */
  cleanup(): void;
}

/** Fresh test sources with a temp rootDir; unknown routes answer 404 NotFound. */
export function testSources(): TestSources {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
  const configMaps = new Map<string, ConfigMap>();
  const secrets = new Map<string, Secret>();
  const routes = new Map<string, Route>();
  const calls: RestRequest[] = [];
  const rest = {
    async request<T>(req: RestRequest): Promise<T> {
      calls.push(req);
      const key = `${req.method} ${req.path}`;
      if (!routes.has(key))
        throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      const r = routes.get(key);
      return (typeof r === 'function' ? (r as (q: RestRequest) => unknown)(req) : r) as T;
    },
  } as unknown as RestClient;
  return {
    rest,
    rootDir,
    log: pino({ level: 'silent' }),
    getConfigMap: (ns, name) => configMaps.get(`${ns}/${name}`),
    getSecret: (ns, name) => secrets.get(`${ns}/${name}`),
    configMaps,
    secrets,
    routes,
    calls,
    cleanup: () => {
      for (const m of mountPointsUnder(rootDir)) execFileSync('/bin/umount', [m]);
      fs.rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** A pod in namespace `ns1` with one container `app` and `volumes`. */
export function testPod(
  volumes: Pod['spec']['volumes'],
  extra: Partial<Pod['spec']> = {},
  uid = 'uid-1',
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'ns1', uid, labels: { app: 'web' } },
    spec: { nodeName: 'node1', containers: [{ name: 'app', image: 'busybox' }], volumes, ...extra },
  } as Pod;
}
