/**
 * The protobuf schema of the Kubernetes objects kubets decodes, parsed with protobufjs from the
 * transcribed `generated.proto` files under `proto/`. Parsing takes a few tens of milliseconds, so
 * it happens once, on the first protobuf request body, not at start-up.
 */
import protobuf from 'protobufjs';
import { APPS_V1_PROTO } from './proto/apps_v1.js';
import { AUTHENTICATION_V1_PROTO } from './proto/authentication_v1.js';
import { AUTHORIZATION_V1_PROTO } from './proto/authorization_v1.js';
import { AUTOSCALING_V1_PROTO } from './proto/autoscaling_v1.js';
import { AUTOSCALING_V2_PROTO } from './proto/autoscaling_v2.js';
import { BATCH_V1_PROTO } from './proto/batch_v1.js';
import { CERTIFICATES_V1_PROTO } from './proto/certificates_v1.js';
import { CORE_V1_PROTO } from './proto/core_v1.js';
import { INTSTR_PROTO } from './proto/intstr.js';
import { META_V1_PROTO } from './proto/meta_v1.js';
import { NETWORKING_V1_PROTO } from './proto/networking_v1.js';
import { POLICY_V1_PROTO } from './proto/policy_v1.js';
import { RBAC_V1_PROTO } from './proto/rbac_v1.js';
import { RESOURCE_PROTO } from './proto/resource.js';
import { RUNTIME_PROTO } from './proto/runtime.js';
import { SCHEDULING_V1_PROTO } from './proto/scheduling_v1.js';

/** Every `.proto` source, in dependency order (imports are satisfied by parsing into one root). */
const SOURCES: readonly string[] = [
  RUNTIME_PROTO,
  RESOURCE_PROTO,
  INTSTR_PROTO,
  META_V1_PROTO,
  CORE_V1_PROTO,
  APPS_V1_PROTO,
  BATCH_V1_PROTO,
  RBAC_V1_PROTO,
  NETWORKING_V1_PROTO,
  POLICY_V1_PROTO,
  SCHEDULING_V1_PROTO,
  AUTHENTICATION_V1_PROTO,
  AUTHORIZATION_V1_PROTO,
  AUTOSCALING_V1_PROTO,
  AUTOSCALING_V2_PROTO,
  CERTIFICATES_V1_PROTO,
];

/** Field option: false when the Go field is a value, not a pointer (gogoproto's `nullable`). */
export const NULLABLE_OPTION = '(gogoproto.nullable)';

/** Field option: false when the Go value field's JSON tag lacks `omitempty` (JSON keeps its zero). */
export const OMITEMPTY_OPTION = '(json.omitempty)';

/** Field option: true when the Go field is an embedded struct serialised `json:",inline"`. */
export const EMBED_OPTION = '(gogoproto.embed)';

/** Field option: the JSON name, where it differs from the protobuf field name. */
export const JSON_NAME_OPTION = 'json_name';

let root: protobuf.Root | undefined;

/** The resolved schema root; parsed on the first call, shared afterwards. */
export function kubernetesProtoRoot(): protobuf.Root {
  if (!root) {
    const parsed = new protobuf.Root();
    for (const source of SOURCES) protobuf.parse(source, parsed, { keepCase: true });
    parsed.resolveAll();
    root = parsed;
  }
  return root;
}

/** The message type `fullName` (`k8s.io.api.core.v1.Namespace`, no leading dot). */
export function kubernetesProtoType(fullName: string): protobuf.Type {
  return kubernetesProtoRoot().lookupType(fullName);
}
