/**
 * `k8s.io/api batch/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const BATCH_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.batch.v1;

import "k8s.io/api/core/v1/generated.proto";
import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message CronJob {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional CronJobSpec spec = 2 [(gogoproto.nullable) = false];
  optional CronJobStatus status = 3 [(gogoproto.nullable) = false];
}

message CronJobSpec {
  optional string schedule = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string timeZone = 8;
  optional int64 startingDeadlineSeconds = 2;
  optional string concurrencyPolicy = 3 [(gogoproto.nullable) = false];
  optional bool suspend = 4;
  optional JobTemplateSpec jobTemplate = 5 [(gogoproto.nullable) = false];
  optional int32 successfulJobsHistoryLimit = 6;
  optional int32 failedJobsHistoryLimit = 7;
}

message CronJobStatus {
  repeated .k8s.io.api.core.v1.ObjectReference active = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScheduleTime = 4;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastSuccessfulTime = 5;
}

message Job {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional JobSpec spec = 2 [(gogoproto.nullable) = false];
  optional JobStatus status = 3 [(gogoproto.nullable) = false];
}

message JobCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastProbeTime = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message JobSpec {
  optional int32 parallelism = 1;
  optional int32 completions = 2;
  optional int64 activeDeadlineSeconds = 3;
  optional PodFailurePolicy podFailurePolicy = 11;
  optional SuccessPolicy successPolicy = 16;
  optional int32 backoffLimit = 7;
  optional int32 backoffLimitPerIndex = 12;
  optional int32 maxFailedIndexes = 13;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 4;
  optional bool manualSelector = 5;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 6 [(gogoproto.nullable) = false];
  optional int32 ttlSecondsAfterFinished = 8;
  optional string completionMode = 9;
  optional bool suspend = 10;
  optional string podReplacementPolicy = 14;
  optional string managedBy = 15;
}

message JobStatus {
  repeated JobCondition conditions = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time startTime = 2;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time completionTime = 3;
  optional int32 active = 4 [(gogoproto.nullable) = false];
  optional int32 succeeded = 5 [(gogoproto.nullable) = false];
  optional int32 failed = 6 [(gogoproto.nullable) = false];
  optional int32 terminating = 11;
  optional string completedIndexes = 7 [(gogoproto.nullable) = false];
  optional string failedIndexes = 10;
  optional UncountedTerminatedPods uncountedTerminatedPods = 8;
  optional int32 ready = 9;
}

message JobTemplateSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional JobSpec spec = 2 [(gogoproto.nullable) = false];
}

message PodFailurePolicy {
  repeated PodFailurePolicyRule rules = 1;
}

message PodFailurePolicyOnExitCodesRequirement {
  optional string containerName = 1;
  optional string operator = 2 [(gogoproto.nullable) = false];
  repeated int32 values = 3;
}

message PodFailurePolicyOnPodConditionsPattern {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
}

message PodFailurePolicyRule {
  optional string action = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional PodFailurePolicyOnExitCodesRequirement onExitCodes = 2;
  repeated PodFailurePolicyOnPodConditionsPattern onPodConditions = 3;
}

message SuccessPolicy {
  repeated SuccessPolicyRule rules = 1;
}

message SuccessPolicyRule {
  optional string succeededIndexes = 1;
  optional int32 succeededCount = 2;
}

message UncountedTerminatedPods {
  repeated string succeeded = 1;
  repeated string failed = 2;
}
`;
