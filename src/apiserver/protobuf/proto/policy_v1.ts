/**
 * `k8s.io/api policy/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const POLICY_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.policy.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";
import "k8s.io/apimachinery/pkg/util/intstr/generated.proto";

message Eviction {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions deleteOptions = 2;
}

message PodDisruptionBudget {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PodDisruptionBudgetSpec spec = 2 [(gogoproto.nullable) = false];
  optional PodDisruptionBudgetStatus status = 3 [(gogoproto.nullable) = false];
}

message PodDisruptionBudgetSpec {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString minAvailable = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 3;
  optional string unhealthyPodEvictionPolicy = 4;
}

message PodDisruptionBudgetStatus {
  optional int64 observedGeneration = 1 [(gogoproto.nullable) = false];
  map<string, .k8s.io.apimachinery.pkg.apis.meta.v1.Time> disruptedPods = 2;
  optional int32 disruptionsAllowed = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 currentHealthy = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 desiredHealthy = 5 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 expectedPods = 6 [(gogoproto.nullable) = false, (json.omitempty) = false];
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.Condition conditions = 7;
}
`;
