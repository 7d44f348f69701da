/**
 * The service environment variables the kubelet gives every container (upstream's
 * `envvars.FromServices`): `{SVC}_SERVICE_HOST`, `{SVC}_SERVICE_PORT`, one
 * `{SVC}_SERVICE_PORT_{NAME}` per named port, and the Docker-links style `{SVC}_PORT…` variables,
 * for each service with a cluster IP in the pod's namespace (when `enableServiceLinks` is not
 * false) and the `kubernetes` service of `default`.
 */
import type { Pod } from '../api/types/pod.js';
import type { Service } from '../api/types/service.js';
import type { KeyValue } from './cri/api.js';

function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The variables of one service, in upstream's order. */
export function serviceEnvVars(s: Service): KeyValue[] {
  const name = envName(s.metadata.name ?? '');
  const ip = s.spec!.clusterIP!;
  const ports = s.spec?.ports ?? [];
  const out: KeyValue[] = [{ key: `${name}_SERVICE_HOST`, value: ip }];
  if (ports.length === 0) return out;
  const first = ports[0]!;
  out.push({ key: `${name}_SERVICE_PORT`, value: String(first.port) });
  for (const p of ports) {
    if (p.name) out.push({ key: `${name}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
  }
  const proto = (first.protocol ?? 'TCP').toLowerCase();
  const host = ip.includes(':') ? `[${ip}]` : ip;
  out.push({ key: `${name}_PORT`, value: `${proto}://${host}:${first.port}` });
  for (const p of ports) {
    const pr = (p.protocol ?? 'TCP').toLowerCase();
    const prefix = `${name}_PORT_${p.port}_${pr.toUpperCase()}`;
    out.push({ key: prefix, value: `${pr}://${host}:${p.port}` });
    out.push({ key: `${prefix}_PROTO`, value: pr });
    out.push({ key: `${prefix}_PORT`, value: String(p.port) });
    out.push({ key: `${prefix}_ADDR`, value: ip });
  }
  return out;
}

/**
 * The service variables of `pod` from `services` (all the cluster's, or at least its namespace's
 * and `default`'s): its namespace's services when service links are enabled, and the
 * `kubernetes` service of `default` always; a namespace service of the same name wins.
 */
export function podServiceEnv(pod: Pod, services: readonly Service[]): KeyValue[] {
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec.enableServiceLinks !== false;
  const chosen = new Map<string, Service>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const sns = s.metadata.namespace ?? 'default';
    if (sns === 'default' && s.metadata.name === 'kubernetes' && !chosen.has('kubernetes')) {
      chosen.set('kubernetes', s);
    }
  }
  if (links) {
    for (const s of services) {
      if (!hasClusterIP(s) || (s.metadata.namespace ?? 'default') !== ns) continue;
      chosen.set(s.metadata.name ?? '', s);
    }
  }
  const names = [...chosen.keys()].sort();
  return names.flatMap((n) => serviceEnvVars(chosen.get(n)!));
}
