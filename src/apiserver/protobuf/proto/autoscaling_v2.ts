/**
 * `k8s.io/api autoscaling/v2/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const AUTOSCALING_V2_PROTO = `
syntax = "proto2";

package k8s.io.api.autoscaling.v2;

import "k8s.io/apimachinery/pkg/api/resource/generated.proto";
import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message ContainerResourceMetricSource {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional MetricTarget target = 2 [(gogoproto.nullable) = false];
  optional string container = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message ContainerResourceMetricStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional MetricValueStatus current = 2 [(gogoproto.nullable) = false];
  optional string container = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message CrossVersionObjectReference {
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string name = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string apiVersion = 3 [(gogoproto.nullable) = false];
}

message ExternalMetricSource {
  optional MetricIdentifier metric = 1 [(gogoproto.nullable) = false];
  optional MetricTarget target = 2 [(gogoproto.nullable) = false];
}

message ExternalMetricStatus {
  optional MetricIdentifier metric = 1 [(gogoproto.nullable) = false];
  optional MetricValueStatus current = 2 [(gogoproto.nullable) = false];
}

message HPAScalingPolicy {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional int32 value = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 periodSeconds = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message HPAScalingRules {
  optional int32 stabilizationWindowSeconds = 3;
  optional string selectPolicy = 1;
  repeated HPAScalingPolicy policies = 2;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity tolerance = 4;
}

message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional HorizontalPodAutoscalerSpec spec = 2 [(gogoproto.nullable) = false];
  optional HorizontalPodAutoscalerStatus status = 3 [(gogoproto.nullable) = false];
}

message HorizontalPodAutoscalerBehavior {
  optional HPAScalingRules scaleUp = 1;
  optional HPAScalingRules scaleDown = 2;
}

message HorizontalPodAutoscalerCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1 [(gogoproto.nullable) = false];
  optional int32 minReplicas = 2;
  optional int32 maxReplicas = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  repeated MetricSpec metrics = 4;
  optional HorizontalPodAutoscalerBehavior behavior = 5;
}

message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScaleTime = 2;
  optional int32 currentReplicas = 3 [(gogoproto.nullable) = false];
  optional int32 desiredReplicas = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  repeated MetricStatus currentMetrics = 5;
  repeated HorizontalPodAutoscalerCondition conditions = 6;
}

message MetricIdentifier {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
}

message MetricSpec {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional ObjectMetricSource object = 2;
  optional PodsMetricSource pods = 3;
  optional ResourceMetricSource resource = 4;
  optional ContainerResourceMetricSource containerResource = 7;
  optional ExternalMetricSource external = 5;
}

message MetricStatus {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional ObjectMetricStatus object = 2;
  optional PodsMetricStatus pods = 3;
  optional ResourceMetricStatus resource = 4;
  optional ContainerResourceMetricStatus containerResource = 7;
  optional ExternalMetricStatus external = 5;
}

message MetricTarget {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity value = 2;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity averageValue = 3;
  optional int32 averageUtilization = 4;
}

message MetricValueStatus {
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity value = 1;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity averageValue = 2;
  optional int32 averageUtilization = 3;
}

message ObjectMetricSource {
  optional CrossVersionObjectReference describedObject = 1 [(gogoproto.nullable) = false];
  optional MetricTarget target = 2 [(gogoproto.nullable) = false];
  optional MetricIdentifier metric = 3 [(gogoproto.nullable) = false];
}

message ObjectMetricStatus {
  optional MetricIdentifier metric = 1 [(gogoproto.nullable) = false];
  optional MetricValueStatus current = 2 [(gogoproto.nullable) = false];
  optional CrossVersionObjectReference describedObject = 3 [(gogoproto.nullable) = false];
}

message PodsMetricSource {
  optional MetricIdentifier metric = 1 [(gogoproto.nullable) = false];
  optional MetricTarget target = 2 [(gogoproto.nullable) = false];
}

message PodsMetricStatus {
  optional MetricIdentifier metric = 1 [(gogoproto.nullable) = false];
  optional MetricValueStatus current = 2 [(gogoproto.nullable) = false];
}

message ResourceMetricSource {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional MetricTarget target = 2 [(gogoproto.nullable) = false];
}

message ResourceMetricStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional MetricValueStatus current = 2 [(gogoproto.nullable) = false];
}
`;
