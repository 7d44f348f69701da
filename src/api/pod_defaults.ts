/**
 * Upstream's defaulting of pod specs (`pkg/apis/core/v1/defaults.go`): what `SetDefaults_PodSpec`,
 * `SetDefaults_Container`, `SetDefaults_Probe`, the volume sources and `SetDefaults_Pod` fill in.
 * The pod-spec part also applies to every pod template (deployments, jobs, …); the pod part
 * (requests from limits, `enableServiceLinks`) only to pods themselves.
 */
import { isPlainObject } from './object.js';
import { ensureRec, rec, recs, setDefault, str } from './json_fields.js';

/** `v1.DefaultTerminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** `v1.DefaultSchedulerName`. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** `v1.TerminationMessagePathDefault`. */
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** Volume file mode upstream defaults to (0644). */
const DEFAULT_MODE = 0o644;

/**
 * The tag of an image reference the way `parsers.ParseImageName` sees it: `latest` when neither a
 * tag nor a digest is given, `''` when there is only a digest or the reference does not parse.
 */
export function imageTag(image: string): string {
  if (image === '' || image !== image.trim()) return '';
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const last = rest.slice(slash + 1);
  const colon = last.indexOf(':');
  const tag = colon >= 0 ? last.slice(colon + 1) : '';
  const repo =
    slash >= 0
      ? `${rest.slice(0, slash)}/${colon >= 0 ? last.slice(0, colon) : last}`
      : colon >= 0
        ? last.slice(0, colon)
        : last;
  const path =
    repo.includes('/') && /[.:]|^localhost$/.test(repo.split('/')[0]!)
      ? repo.slice(repo.indexOf('/') + 1)
      : repo;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path))
    return '';
  if (colon >= 0 && !/^[\w][\w.-]{0,127}$/.test(tag)) return '';
  if (tag === '' && digest === '') return 'latest';
  return tag;
}

/** `SetDefaults_Container`'s pull policy: `Always` for `:latest` (or no tag), else `IfNotPresent`. */
export function defaultPullPolicy(image: string): string {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isPlainObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

function defaultHandler(handler: unknown): void {
  if (!isPlainObject(handler)) return;
  const http = handler.httpGet;
  if (isPlainObject(http)) {
    if (!http.path) http.path = '/';
    if (!http.scheme) http.scheme = 'HTTP';
  }
}

function defaultEnv(env: unknown): void {
  for (const e of recs(env)) {
    const fieldRef = rec(e.valueFrom).fieldRef;
    if (isPlainObject(fieldRef) && !fieldRef.apiVersion) fieldRef.apiVersion = 'v1';
  }
}

/** `SetDefaults_Container` plus the defaults of its ports, probes, lifecycle hooks and env. */
export function defaultContainer(c: Record<string, unknown>): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(str(c.image));
  if (!c.terminationMessagePath) c.terminationMessagePath = TERMINATION_MESSAGE_PATH_DEFAULT;
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  setDefault(c, 'resources', {});
  for (const p of recs(c.ports)) if (!p.protocol) p.protocol = 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lifecycle = rec(c.lifecycle);
  defaultHandler(lifecycle.postStart);
  defaultHandler(lifecycle.preStop);
  defaultEnv(c.env);
}

function defaultVolume(v: Record<string, unknown>): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (sources.length === 0) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[key];
    if (isPlainObject(src)) setDefault(src, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = v.hostPath;
  if (isPlainObject(hostPath)) setDefault(hostPath, 'type', '');
  const downward = v.downwardAPI;
  if (isPlainObject(downward)) {
    for (const item of recs(downward.items)) {
      const fieldRef = item.fieldRef;
      if (isPlainObject(fieldRef) && !fieldRef.apiVersion) fieldRef.apiVersion = 'v1';
    }
  }
  const projected = v.projected;
  if (isPlainObject(projected)) {
    for (const s of recs(projected.sources)) {
      const token = s.serviceAccountToken;
      if (isPlainObject(token)) setDefault(token, 'expirationSeconds', 3600);
    }
  }
  const pvcTemplate = rec(rec(v.ephemeral).volumeClaimTemplate);
  if (isPlainObject(pvcTemplate.spec)) setDefault(pvcTemplate.spec, 'volumeMode', 'Filesystem');
}

/** `defaultHostNetworkPorts`: with host networking, `hostPort` defaults to `containerPort`. */
function defaultHostNetworkPorts(containers: unknown): void {
  for (const c of recs(containers)) {
    for (const p of recs(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}

/** `SetDefaults_PodSpec` and the defaults of everything inside a pod spec. */
export function defaultPodSpec(spec: Record<string, unknown>): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  if (!spec.schedulerName) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  for (const c of recs(spec.containers)) defaultContainer(c);
  for (const c of recs(spec.initContainers)) defaultContainer(c);
  for (const c of recs(spec.ephemeralContainers)) defaultContainer(c);
  for (const v of recs(spec.volumes)) defaultVolume(v);
}

/** The defaults of a pod template (`spec.template` of workloads): its pod spec's. */
export function defaultPodTemplate(template: Record<string, unknown>): void {
  defaultPodSpec(ensureRec(template, 'spec'));
}

function requestsFromLimits(containers: unknown): void {
  for (const c of recs(containers)) {
    const resources = ensureRec(c, 'resources');
    const limits = resources.limits;
    if (!isPlainObject(limits)) continue;
    const requests = ensureRec(resources, 'requests');
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
}

/** `SetDefaults_Pod` and `SetDefaults_PodSpec`: the defaults a pod gets on create and update. */
export function defaultPod(spec: Record<string, unknown>): void {
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  setDefault(spec, 'enableServiceLinks', true);
  defaultPodSpec(spec);
}
