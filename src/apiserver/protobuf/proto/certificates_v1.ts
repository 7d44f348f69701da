/**
 * `k8s.io/api certificates/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const CERTIFICATES_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.certificates.v1;

import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

message CertificateSigningRequest {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional CertificateSigningRequestSpec spec = 2 [(gogoproto.nullable) = false];
  optional CertificateSigningRequestStatus status = 3 [(gogoproto.nullable) = false];
}

message CertificateSigningRequestCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 6 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string reason = 2 [(gogoproto.nullable) = false];
  optional string message = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 4 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 5 [(gogoproto.nullable) = false];
}

message CertificateSigningRequestSpec {
  optional bytes request = 1;
  optional string signerName = 7 [(gogoproto.nullable) = false];
  optional int32 expirationSeconds = 8;
  repeated string usages = 5;
  optional string username = 2 [(gogoproto.nullable) = false];
  optional string uid = 3 [(gogoproto.nullable) = false];
  repeated string groups = 4;
  map<string, ExtraValue> extra = 6;
}

message CertificateSigningRequestStatus {
  repeated CertificateSigningRequestCondition conditions = 1;
  optional bytes certificate = 2;
}

message ExtraValue {
  repeated string items = 1;
}
`;
