/**
 * Validation of containers (`validateContainers`, `validateInitContainers`,
 * `validateContainerCommon` in upstream's `pkg/apis/core/validation`): names, images, ports,
 * environment, volume mounts, resources, probes and pull policies, with upstream's field paths
 * and texts.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from '../../../api/field_errors.js';
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from '../../../api/name_validation.js';
import { validateEnv } from './env_validation.js';
import { num, rec, recs, str, strs } from '../../../api/json_fields.js';
import { validateResources } from './resource_validation.js';
import {
  validateDNS1123Label,
  validateEnum,
  validateNonnegative,
  validatePortNumOrName,
} from './validate.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** The names of a pod's valid volumes, against which mounts are checked. */
export type VolumeNames = ReadonlySet<string>;

/** `validateContainerPorts`: names unique IANA names, ports in range, a known protocol. */
export function validateContainerPorts(ports: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  recs(ports).forEach((p, i) => {
    const ip = path.index(i);
    const name = str(p.name);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(ip.child('name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
      else names.add(name);
    }
    const containerPort = num(p.containerPort);
    if (containerPort === 0) errs.push(required(ip.child('containerPort')));
    else
      errs.push(
        ...isValidPortNum(containerPort).map((m) => invalid(ip.child('containerPort'), containerPort, m)),
      );
    const hostPort = num(p.hostPort);
    if (hostPort !== 0)
      errs.push(...isValidPortNum(hostPort).map((m) => invalid(ip.child('hostPort'), hostPort, m)));
    const protocol = str(p.protocol);
    if (protocol === '') errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(protocol))
      errs.push(notSupported(ip.child('protocol'), protocol, PROTOCOLS));
  });
  return errs;
}
/** `ValidateVolumeMounts`: each mount names an existing volume, at a unique path. */
function validateVolumeMounts(mounts: unknown, volumes: VolumeNames, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  recs(mounts).forEach((m, i) => {
    const ip = path.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (name === '') errs.push(required(ip.child('name')));
    if (!volumes.has(name)) errs.push(notFound(ip.child('name'), name));
    if (mountPath === '') errs.push(required(ip.child('mountPath')));
    if (paths.has(mountPath)) errs.push(invalid(ip.child('mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
    const subPath = str(m.subPath);
    if (subPath.startsWith('/'))
      errs.push(invalid(path.child('subPath'), subPath, 'must be a relative path'));
    if (subPath.split('/').includes('..'))
      errs.push(invalid(path.child('subPath'), subPath, "must not contain '..'"));
  });
  return errs;
}

function validateHandler(h: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    const v = h[kind];
    if (v === undefined || v === null) continue;
    if (handlers > 0) {
      errs.push(forbidden(path.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    const a = rec(v);
    const p = path.child(kind);
    if (kind === 'exec' && strs(a.command).length === 0) errs.push(required(p.child('command')));
    if (kind === 'httpGet') {
      if (str(a.path) === '') errs.push(required(p.child('path')));
      errs.push(...validatePortNumOrName(a.port, p.child('port')));
      if (!['HTTP', 'HTTPS'].includes(str(a.scheme)))
        errs.push(notSupported(p.child('scheme'), a.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const hdr of recs(a.httpHeaders)) {
        errs.push(
          ...isHTTPHeaderName(str(hdr.name)).map((m) => invalid(p.child('httpHeaders'), str(hdr.name), m)),
        );
      }
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(a.port, p.child('port')));
    if (kind === 'grpc') errs.push(...validatePortNumOrName(num(a.port), p.child('port')));
  }
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(
  probe: unknown,
  path: FieldPath,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  if (probe === undefined || probe === null) return [];
  const p = rec(probe);
  const errs = validateHandler(p, path);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errs.push(...validateNonnegative(p[f], path.child(f)));
  }
  const tgps = p.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push(invalid(path.child('successThreshold'), p.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && tgps !== undefined && tgps !== null) {
    errs.push(
      invalid(path.child('terminationGracePeriodSeconds'), tgps, 'must not be set for readinessProbes'),
    );
  }
  return errs;
}

function validateLifecycle(c: Record<string, unknown>, path: FieldPath): FieldError[] {
  if (c.lifecycle === undefined || c.lifecycle === null) return [];
  const l = rec(c.lifecycle);
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (l[hook] !== undefined && l[hook] !== null)
      errs.push(...validateHandler(rec(l[hook]), path.child(hook)));
  }
  return errs;
}

/** `validateContainerCommon`: what every kind of container must satisfy. */
export function validateContainerCommon(
  c: Record<string, unknown>,
  volumes: VolumeNames,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(required(path.child('name')));
  else errs.push(...validateDNS1123Label(name, path.child('name')));
  if (str(c.image) === '') errs.push(required(path.child('image')));
  errs.push(
    ...validateEnum(
      c.terminationMessagePolicy,
      ['File', 'FallbackToLogsOnError'],
      path.child('terminationMessagePolicy'),
    ),
  );
  errs.push(...validateContainerPorts(c.ports, path.child('ports')));
  errs.push(...validateEnv(c, path));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, path.child('volumeMounts')));
  const pull = c.imagePullPolicy;
  if (pull === undefined || pull === null || pull === '') errs.push(required(path.child('imagePullPolicy')));
  else if (!PULL_POLICIES.includes(str(pull)))
    errs.push(notSupported(path.child('imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResources(c.resources, path.child('resources')));
  return errs;
}

/** `checkHostPortConflicts`: the same protocol/hostIP/hostPort twice among `containers`. */
function checkHostPortConflicts(
  containers: Record<string, unknown>[],
  path: FieldPath,
  seen = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    recs(c.ports).forEach((p, pi) => {
      const port = num(p.hostPort);
      if (port === 0) return;
      const key = `${str(p.protocol)}/${str(p.hostIP)}/${port}`;
      if (seen.has(key)) errs.push(duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

/** `validateContainers`: at least one, unique names, probes and hooks, no restartPolicy. */
export function validateContainers(containers: unknown, volumes: VolumeNames, path: FieldPath): FieldError[] {
  const list = recs(containers);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const ip = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, ip));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    else names.add(name);
    errs.push(...validateLifecycle(c, ip.child('lifecycle')));
    errs.push(...validateProbe(c.livenessProbe, ip.child('livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, ip.child('readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, ip.child('startupProbe'), 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(ip.child('restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

/** `validateInitContainers`: names unique among all containers; probes only for sidecars. */
export function validateInitContainers(
  containers: unknown,
  regular: unknown,
  volumes: VolumeNames,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(recs(regular).map((c) => str(c.name)));
  recs(containers).forEach((c, i) => {
    const ip = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, ip));
    let sidecar = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy === 'Always') sidecar = true;
      else errs.push(notSupported(ip.child('restartPolicy'), c.restartPolicy, ['Always']));
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    else if (name !== '') names.add(name);
    errs.push(...checkHostPortConflicts([c], path));
    if (sidecar) {
      errs.push(...validateLifecycle(c, ip.child('lifecycle')));
      errs.push(...validateProbe(c.livenessProbe, ip.child('livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, ip.child('readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, ip.child('startupProbe'), 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) {
          errs.push(
            forbidden(ip.child(f), 'may not be set for init containers without restartPolicy=Always'),
          );
        }
      }
    }
  });
  return errs;
}
