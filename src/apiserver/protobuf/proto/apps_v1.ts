/**
 * `k8s.io/api apps/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const APPS_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.apps.v1;

import "k8s.io/api/core/v1/generated.proto";
import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";
import "k8s.io/apimachinery/pkg/runtime/generated.proto";
import "k8s.io/apimachinery/pkg/util/intstr/generated.proto";

message ControllerRevision {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.runtime.RawExtension data = 2 [(gogoproto.nullable) = false];
  optional int64 revision = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message DaemonSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional DaemonSetSpec spec = 2 [(gogoproto.nullable) = false];
  optional DaemonSetStatus status = 3 [(gogoproto.nullable) = false];
}

message DaemonSetCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message DaemonSetSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 1;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 2 [(gogoproto.nullable) = false];
  optional DaemonSetUpdateStrategy updateStrategy = 3 [(gogoproto.nullable) = false];
  optional int32 minReadySeconds = 4 [(gogoproto.nullable) = false];
  optional int32 revisionHistoryLimit = 6;
}

message DaemonSetStatus {
  optional int32 currentNumberScheduled = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 numberMisscheduled = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 desiredNumberScheduled = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 numberReady = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int64 observedGeneration = 5 [(gogoproto.nullable) = false];
  optional int32 updatedNumberScheduled = 6 [(gogoproto.nullable) = false];
  optional int32 numberAvailable = 7 [(gogoproto.nullable) = false];
  optional int32 numberUnavailable = 8 [(gogoproto.nullable) = false];
  optional int32 collisionCount = 9;
  repeated DaemonSetCondition conditions = 10;
}

message DaemonSetUpdateStrategy {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional RollingUpdateDaemonSet rollingUpdate = 2;
}

message Deployment {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional DeploymentSpec spec = 2 [(gogoproto.nullable) = false];
  optional DeploymentStatus status = 3 [(gogoproto.nullable) = false];
}

message DeploymentCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 6 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 7 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message DeploymentSpec {
  optional int32 replicas = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3 [(gogoproto.nullable) = false];
  optional DeploymentStrategy strategy = 4 [(gogoproto.nullable) = false];
  optional int32 minReadySeconds = 5 [(gogoproto.nullable) = false];
  optional int32 revisionHistoryLimit = 6;
  optional bool paused = 7 [(gogoproto.nullable) = false];
  optional int32 progressDeadlineSeconds = 9;
}

message DeploymentStatus {
  optional int64 observedGeneration = 1 [(gogoproto.nullable) = false];
  optional int32 replicas = 2 [(gogoproto.nullable) = false];
  optional int32 updatedReplicas = 3 [(gogoproto.nullable) = false];
  optional int32 readyReplicas = 7 [(gogoproto.nullable) = false];
  optional int32 availableReplicas = 4 [(gogoproto.nullable) = false];
  optional int32 unavailableReplicas = 5 [(gogoproto.nullable) = false];
  optional int32 terminatingReplicas = 9;
  repeated DeploymentCondition conditions = 6;
  optional int32 collisionCount = 8;
}

message DeploymentStrategy {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional RollingUpdateDeployment rollingUpdate = 2;
}

message ReplicaSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ReplicaSetSpec spec = 2 [(gogoproto.nullable) = false];
  optional ReplicaSetStatus status = 3 [(gogoproto.nullable) = false];
}

message ReplicaSetCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message ReplicaSetSpec {
  optional int32 replicas = 1;
  optional int32 minReadySeconds = 4 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3 [(gogoproto.nullable) = false];
}

message ReplicaSetStatus {
  optional int32 replicas = 1 [(gogoproto.nullable) = false];
  optional int32 fullyLabeledReplicas = 2 [(gogoproto.nullable) = false];
  optional int32 readyReplicas = 4 [(gogoproto.nullable) = false];
  optional int32 availableReplicas = 5 [(gogoproto.nullable) = false];
  optional int32 terminatingReplicas = 7;
  optional int64 observedGeneration = 3 [(gogoproto.nullable) = false];
  repeated ReplicaSetCondition conditions = 6;
}

message RollingUpdateDaemonSet {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2;
}

message RollingUpdateDeployment {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2;
}

message RollingUpdateStatefulSetStrategy {
  optional int32 partition = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 2;
}

message StatefulSet {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional StatefulSetSpec spec = 2 [(gogoproto.nullable) = false];
  optional StatefulSetStatus status = 3 [(gogoproto.nullable) = false];
}

message StatefulSetCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message StatefulSetOrdinals {
  optional int32 start = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message StatefulSetPersistentVolumeClaimRetentionPolicy {
  optional string whenDeleted = 1 [(gogoproto.nullable) = false];
  optional string whenScaled = 2 [(gogoproto.nullable) = false];
}

message StatefulSetSpec {
  optional int32 replicas = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3 [(gogoproto.nullable) = false];
  repeated .k8s.io.api.core.v1.PersistentVolumeClaim volumeClaimTemplates = 4;
  optional string serviceName = 5 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string podManagementPolicy = 6 [(gogoproto.nullable) = false];
  optional StatefulSetUpdateStrategy updateStrategy = 7 [(gogoproto.nullable) = false];
  optional int32 revisionHistoryLimit = 8;
  optional int32 minReadySeconds = 9 [(gogoproto.nullable) = false];
  optional StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy = 10;
  optional StatefulSetOrdinals ordinals = 11;
}

message StatefulSetStatus {
  optional int64 observedGeneration = 1 [(gogoproto.nullable) = false];
  optional int32 replicas = 2 [(gogoproto.nullable) = false];
  optional int32 readyReplicas = 3 [(gogoproto.nullable) = false];
  optional int32 currentReplicas = 4 [(gogoproto.nullable) = false];
  optional int32 updatedReplicas = 5 [(gogoproto.nullable) = false];
  optional string currentRevision = 6 [(gogoproto.nullable) = false];
  optional string updateRevision = 7 [(gogoproto.nullable) = false];
  optional int32 collisionCount = 9;
  repeated StatefulSetCondition conditions = 10;
  optional int32 availableReplicas = 11 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message StatefulSetUpdateStrategy {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional RollingUpdateStatefulSetStrategy rollingUpdate = 2;
}
`;
