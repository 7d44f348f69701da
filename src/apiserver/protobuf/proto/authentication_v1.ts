/**
 * `k8s.io/api authentication/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const AUTHENTICATION_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.authentication.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message BoundObjectReference {
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string apiVersion = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string uID = 4 [(gogoproto.nullable) = false, json_name = "uid"];
}

message ExtraValue {
  repeated string items = 1;
}

message SelfSubjectReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional SelfSubjectReviewStatus status = 2 [(gogoproto.nullable) = false];
}

message SelfSubjectReviewStatus {
  optional UserInfo userInfo = 1 [(gogoproto.nullable) = false];
}

message TokenRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional TokenRequestSpec spec = 2 [(gogoproto.nullable) = false];
  optional TokenRequestStatus status = 3 [(gogoproto.nullable) = false];
}

message TokenRequestSpec {
  repeated string audiences = 1;
  optional int64 expirationSeconds = 4;
  optional BoundObjectReference boundObjectRef = 3;
}

message TokenRequestStatus {
  optional string token = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time expirationTimestamp = 2 [(gogoproto.nullable) = false];
}

message TokenReview {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional TokenReviewSpec spec = 2 [(gogoproto.nullable) = false];
  optional TokenReviewStatus status = 3 [(gogoproto.nullable) = false];
}

message TokenReviewSpec {
  optional string token = 1 [(gogoproto.nullable) = false];
  repeated string audiences = 2;
}

message TokenReviewStatus {
  optional bool authenticated = 1 [(gogoproto.nullable) = false];
  optional UserInfo user = 2 [(gogoproto.nullable) = false];
  repeated string audiences = 4;
  optional string error = 3 [(gogoproto.nullable) = false];
}

message UserInfo {
  optional string username = 1 [(gogoproto.nullable) = false];
  optional string uid = 2 [(gogoproto.nullable) = false];
  repeated string groups = 3;
  map<string, ExtraValue> extra = 4;
}
`;
