/**
 * `k8s.io/api scheduling/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const SCHEDULING_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.scheduling.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message PriorityClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional int32 value = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool globalDefault = 3 [(gogoproto.nullable) = false];
  optional string description = 4 [(gogoproto.nullable) = false];
  optional string preemptionPolicy = 5;
}
`;
