/**
 * `k8s.io/apimachinery pkg/util/intstr/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const INTSTR_PROTO = `
syntax = "proto2";

package k8s.io.apimachinery.pkg.util.intstr;


message IntOrString {
  optional int64 type = 1 [(gogoproto.nullable) = false];
  optional int32 intVal = 2 [(gogoproto.nullable) = false];
  optional string strVal = 3 [(gogoproto.nullable) = false];
}
`;
