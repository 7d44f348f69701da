/**
 * `k8s.io/apimachinery pkg/runtime/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const RUNTIME_PROTO = `
syntax = "proto2";

package k8s.io.apimachinery.pkg.runtime;


message RawExtension {
  optional bytes raw = 1;
}

message TypeMeta {
  optional string apiVersion = 1 [(gogoproto.nullable) = false];
  optional string kind = 2 [(gogoproto.nullable) = false];
}

message Unknown {
  optional TypeMeta typeMeta = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional bytes raw = 2;
  optional string contentEncoding = 3 [(gogoproto.nullable) = false];
  optional string contentType = 4 [(gogoproto.nullable) = false];
}
`;
