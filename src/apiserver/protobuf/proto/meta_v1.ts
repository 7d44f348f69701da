/**
 * `k8s.io/apimachinery pkg/apis/meta/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const META_V1_PROTO = `
syntax = "proto2";

package k8s.io.apimachinery.pkg.apis.meta.v1;


message Condition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional int64 observedGeneration = 3 [(gogoproto.nullable) = false];
  optional Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message DeleteOptions {
  optional int64 gracePeriodSeconds = 1;
  optional Preconditions preconditions = 2;
  optional bool orphanDependents = 3;
  optional string propagationPolicy = 4;
  repeated string dryRun = 5;
  optional bool ignoreStoreReadErrorWithClusterBreakingPotential = 6;
}

message FieldSelectorRequirement {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string operator = 2 [(gogoproto.nullable) = false];
  repeated string values = 3;
}

message FieldsV1 {
  optional bytes Raw = 1;
}

message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}

message LabelSelectorRequirement {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string operator = 2 [(gogoproto.nullable) = false];
  repeated string values = 3;
}

message ManagedFieldsEntry {
  optional string manager = 1 [(gogoproto.nullable) = false];
  optional string operation = 2 [(gogoproto.nullable) = false];
  optional string apiVersion = 3 [(gogoproto.nullable) = false];
  optional Time time = 4;
  optional string fieldsType = 6 [(gogoproto.nullable) = false];
  optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8 [(gogoproto.nullable) = false];
}

message MicroTime {
  optional int64 seconds = 1 [(gogoproto.nullable) = false];
  optional int32 nanos = 2 [(gogoproto.nullable) = false];
}

message ObjectMeta {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string generateName = 2 [(gogoproto.nullable) = false];
  optional string namespace = 3 [(gogoproto.nullable) = false];
  optional string selfLink = 4 [(gogoproto.nullable) = false];
  optional string uid = 5 [(gogoproto.nullable) = false];
  optional string resourceVersion = 6 [(gogoproto.nullable) = false];
  optional int64 generation = 7 [(gogoproto.nullable) = false];
  optional Time creationTimestamp = 8 [(gogoproto.nullable) = false];
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message OwnerReference {
  optional string apiVersion = 5 [(gogoproto.nullable) = false];
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string uid = 4 [(gogoproto.nullable) = false];
  optional bool controller = 6;
  optional bool blockOwnerDeletion = 7;
}

message Preconditions {
  optional string uid = 1;
  optional string resourceVersion = 2;
}

message Time {
  optional int64 seconds = 1 [(gogoproto.nullable) = false];
  optional int32 nanos = 2 [(gogoproto.nullable) = false];
}
`;
