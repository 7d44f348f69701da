/**
 * `k8s.io/api authorization/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const AUTHORIZATION_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.authorization.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message ExtraValue {
  repeated string items = 1;
}

message FieldSelectorAttributes {
  optional string rawSelector = 1 [(gogoproto.nullable) = false];
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement requirements = 2;
}

message LabelSelectorAttributes {
  optional string rawSelector = 1 [(gogoproto.nullable) = false];
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement requirements = 2;
}

message LocalSubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional SubjectAccessReviewSpec spec = 2 [(gogoproto.nullable) = false];
  optional SubjectAccessReviewStatus status = 3 [(gogoproto.nullable) = false];
}

message NonResourceAttributes {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional string verb = 2 [(gogoproto.nullable) = false];
}

message NonResourceRule {
  repeated string verbs = 1;
  repeated string nonResourceURLs = 2;
}

message ResourceAttributes {
  optional string namespace = 1 [(gogoproto.nullable) = false];
  optional string verb = 2 [(gogoproto.nullable) = false];
  optional string group = 3 [(gogoproto.nullable) = false];
  optional string version = 4 [(gogoproto.nullable) = false];
  optional string resource = 5 [(gogoproto.nullable) = false];
  optional string subresource = 6 [(gogoproto.nullable) = false];
  optional string name = 7 [(gogoproto.nullable) = false];
  optional FieldSelectorAttributes fieldSelector = 8;
  optional LabelSelectorAttributes labelSelector = 9;
}

message ResourceRule {
  repeated string verbs = 1;
  repeated string apiGroups = 2;
  repeated string resources = 3;
  repeated string resourceNames = 4;
}

message SelfSubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional SelfSubjectAccessReviewSpec spec = 2 [(gogoproto.nullable) = false];
  optional SubjectAccessReviewStatus status = 3 [(gogoproto.nullable) = false];
}

message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1;
  optional NonResourceAttributes nonResourceAttributes = 2;
}

message SelfSubjectRulesReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional SelfSubjectRulesReviewSpec spec = 2 [(gogoproto.nullable) = false];
  optional SubjectRulesReviewStatus status = 3 [(gogoproto.nullable) = false];
}

message SelfSubjectRulesReviewSpec {
  optional string namespace = 1 [(gogoproto.nullable) = false];
}

message SubjectAccessReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional SubjectAccessReviewSpec spec = 2 [(gogoproto.nullable) = false];
  optional SubjectAccessReviewStatus status = 3 [(gogoproto.nullable) = false];
}

message SubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1;
  optional NonResourceAttributes nonResourceAttributes = 2;
  optional string user = 3 [(gogoproto.nullable) = false];
  repeated string groups = 4;
  map<string, ExtraValue> extra = 5;
  optional string uid = 6 [(gogoproto.nullable) = false];
}

message SubjectAccessReviewStatus {
  optional bool allowed = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool denied = 4 [(gogoproto.nullable) = false];
  optional string reason = 2 [(gogoproto.nullable) = false];
  optional string evaluationError = 3 [(gogoproto.nullable) = false];
}

message SubjectRulesReviewStatus {
  repeated ResourceRule resourceRules = 1;
  repeated NonResourceRule nonResourceRules = 2;
  optional bool incomplete = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string evaluationError = 4 [(gogoproto.nullable) = false];
}
`;
