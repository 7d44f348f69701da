/**
 * `k8s.io/api autoscaling/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const AUTOSCALING_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.autoscaling.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message CrossVersionObjectReference {
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string name = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string apiVersion = 3 [(gogoproto.nullable) = false];
}

message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional HorizontalPodAutoscalerSpec spec = 2 [(gogoproto.nullable) = false];
  optional HorizontalPodAutoscalerStatus status = 3 [(gogoproto.nullable) = false];
}

message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1 [(gogoproto.nullable) = false];
  optional int32 minReplicas = 2;
  optional int32 maxReplicas = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 targetCPUUtilizationPercentage = 4;
}

message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScaleTime = 2;
  optional int32 currentReplicas = 3 [(gogoproto.nullable) = false];
  optional int32 desiredReplicas = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 currentCPUUtilizationPercentage = 5;
}

message Scale {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ScaleSpec spec = 2 [(gogoproto.nullable) = false];
  optional ScaleStatus status = 3 [(gogoproto.nullable) = false];
}

message ScaleSpec {
  optional int32 replicas = 1 [(gogoproto.nullable) = false];
}

message ScaleStatus {
  optional int32 replicas = 1 [(gogoproto.nullable) = false];
  optional string selector = 2 [(gogoproto.nullable) = false];
}
`;
