/**
 * All definitions of built-in types, in canonical form (dsl.ts), by upstream's definition names:
 * the meta types (meta_schemas.ts), apimachinery's, and each API group's.
 */
import { META_SCHEMAS } from '../meta_schemas.js';
import { APIEXTENSIONS_V1 } from './apiextensions_v1.js';
import { APIMACHINERY } from './apimachinery.js';
import { APPS_V1 } from './apps_v1.js';
import { AUTHN_AUTHZ_V1 } from './authn_authz_v1.js';
import { AUTOSCALING } from './autoscaling.js';
import { BATCH_V1 } from './batch_v1.js';
import { CERTIFICATES_V1 } from './certificates_v1.js';
import { CLUSTER_GROUPS } from './cluster_groups.js';
import { DISCOVERY_V1 } from './discovery_v1.js';
import { NETWORKING_V1 } from './networking_v1.js';
import { POLICY_V1 } from './policy_v1.js';
import { RBAC_V1 } from './rbac_v1.js';
import { STORAGE_V1 } from './storage_v1.js';
import { CORE_V1_CLUSTER } from './core_v1_cluster.js';
import { CORE_V1_CONTAINER } from './core_v1_container.js';
import { CORE_V1_POD } from './core_v1_pod.js';
import { CORE_V1_SERVICES } from './core_v1_services.js';
import { CORE_V1_PERSISTENT_VOLUMES } from './core_v1_persistent_volumes.js';
import { CORE_V1_VOLUMES } from './core_v1_volumes.js';
import type { Definitions, Schema } from './dsl.js';
import { merged } from './dsl.js';

/** The definitions of built-in types beyond the meta types; a name is declared once. */
export const BUILTIN_DEFINITIONS: Definitions = merged(
  APIMACHINERY,
  CORE_V1_CONTAINER,
  CORE_V1_POD,
  CORE_V1_VOLUMES,
  CORE_V1_PERSISTENT_VOLUMES,
  CORE_V1_SERVICES,
  CORE_V1_CLUSTER,
  APPS_V1,
  BATCH_V1,
  RBAC_V1,
  NETWORKING_V1,
  DISCOVERY_V1,
  POLICY_V1,
  AUTOSCALING,
  STORAGE_V1,
  CLUSTER_GROUPS,
  CERTIFICATES_V1,
  AUTHN_AUTHZ_V1,
  APIEXTENSIONS_V1,
);

/** Every definition a built-in schema may refer to, the meta types included. */
export const ALL_DEFINITIONS: Definitions = merged(
  META_SCHEMAS((name) => name),
  BUILTIN_DEFINITIONS,
);

/** The definition of a built-in kind by its definition name (`io.k8s.api.core.v1.Pod`), if declared. */
export function builtinKindSchema(name: string): Schema | undefined {
  const s = BUILTIN_DEFINITIONS[name];
  return s && s['x-kubernetes-group-version-kind'] ? s : undefined;
}
