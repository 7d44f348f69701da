/**
 * `k8s.io/api rbac/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const RBAC_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.rbac.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message AggregationRule {
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector clusterRoleSelectors = 1;
}

message ClusterRole {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated PolicyRule rules = 2;
  optional AggregationRule aggregationRule = 3;
}

message ClusterRoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3 [(gogoproto.nullable) = false];
}

message PolicyRule {
  repeated string verbs = 1;
  repeated string apiGroups = 2;
  repeated string resources = 3;
  repeated string resourceNames = 4;
  repeated string nonResourceURLs = 5;
}

message Role {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated PolicyRule rules = 2;
}

message RoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3 [(gogoproto.nullable) = false];
}

message RoleRef {
  optional string apiGroup = 1 [(gogoproto.nullable) = false];
  optional string kind = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
}

message Subject {
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string apiGroup = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string namespace = 4 [(gogoproto.nullable) = false];
}
`;
