/**
 * A container's environment as upstream's kubelet builds it (`makeEnvironmentVariables`): the
 * service variables first, then `envFrom` sources (ConfigMaps and Secrets, with their prefix),
 * then `env` in order, each value expanded with `$(VAR)` against what is defined so far. Errors
 * carry upstream's texts and become the container's CreateContainerConfigError.
 */
import type { ConfigMap, Secret } from '../api/types/cluster.js';
import type { Container, EnvVar, Pod } from '../api/types/pod.js';
import type { KeyValue } from './cri/api.js';
import { expandVars } from './expansion.js';

/** Where referenced objects and fields come from. */
export interface EnvSources {
  getConfigMap(namespace: string, name: string): ConfigMap | undefined;
  getSecret(namespace: string, name: string): Secret | undefined;
  /** The value of a `fieldRef` (metadata.name, status.podIP, …); throws on an unsupported path. */
  fieldRef(pod: Pod, fieldPath: string): string;
  /** The value of a `resourceFieldRef` of `container`; throws on an unsupported resource. */
  resourceFieldRef(
    pod: Pod,
    container: Container,
    ref: NonNullable<NonNullable<EnvVar['valueFrom']>['resourceFieldRef']>,
  ): string;
}

/** A container whose environment cannot be built: the message is upstream's. */
export class ContainerConfigError extends Error {
  override readonly name = 'ContainerConfigError';
}

/** A C identifier-like env name as upstream's envFrom accepts (`IsEnvVarName`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * The container's variables, in order (a later definition of a name replaces an earlier one in
 * place, as upstream). `serviceEnv` comes from `podServiceEnv`. Throws `ContainerConfigError`.
 */
export function containerEnv(
  pod: Pod,
  container: Container,
  sources: EnvSources,
  serviceEnv: KeyValue[],
): KeyValue[] {
  const ns = pod.metadata.namespace ?? 'default';
  const values = new Map<string, string>();
  for (const kv of serviceEnv) values.set(kv.key, kv.value);

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = sources.getConfigMap(ns, name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap "${name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) {
        const key = prefix + k;
        if (ENV_NAME.test(key)) values.set(key, v);
      }
    }
    if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const s = sources.getSecret(ns, name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new ContainerConfigError(`secret "${name}" not found`);
      }
      for (const [k, v] of Object.entries(s.data ?? {})) {
        const key = prefix + k;
        if (ENV_NAME.test(key)) values.set(key, Buffer.from(v, 'base64').toString());
      }
    }
  }

  for (const e of container.env ?? []) {
    const v = envValue(pod, container, e, sources, values);
    if (v !== undefined) values.set(e.name, v);
  }
  return [...values].map(([key, value]) => ({ key, value }));
}

function envValue(
  pod: Pod,
  container: Container,
  e: EnvVar,
  sources: EnvSources,
  defined: Map<string, string>,
): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const from = e.valueFrom;
  if (!from) return expandVars(e.value ?? '', (n) => defined.get(n));
  if (from.fieldRef) return sources.fieldRef(pod, from.fieldRef.fieldPath);
  if (from.resourceFieldRef) return sources.resourceFieldRef(pod, container, from.resourceFieldRef);
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const cm = sources.getConfigMap(ns, name);
    if (!cm) {
      if (optional) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    const v =
      cm.data?.[key] ??
      (cm.binaryData?.[key] !== undefined
        ? Buffer.from(cm.binaryData[key]!, 'base64').toString()
        : undefined);
    if (v === undefined) {
      if (optional) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
    }
    return v;
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const s = sources.getSecret(ns, name);
    if (!s) {
      if (optional) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    const v = s.data?.[key];
    if (v === undefined) {
      if (optional) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
    }
    return Buffer.from(v, 'base64').toString();
  }
  return e.value ?? '';
}
