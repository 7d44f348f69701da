/**
 * `k8s.io/api networking/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const NETWORKING_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.networking.v1;

import "k8s.io/api/core/v1/generated.proto";
import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";
import "k8s.io/apimachinery/pkg/util/intstr/generated.proto";

message HTTPIngressPath {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional string pathType = 3;
  optional IngressBackend backend = 2 [(gogoproto.nullable) = false];
}

message HTTPIngressRuleValue {
  repeated HTTPIngressPath paths = 1;
}

message IPAddress {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional IPAddressSpec spec = 2 [(gogoproto.nullable) = false];
}

message IPAddressSpec {
  optional ParentReference parentRef = 1;
}

message IPBlock {
  optional string cidr = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  repeated string except = 2;
}

message Ingress {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional IngressSpec spec = 2 [(gogoproto.nullable) = false];
  optional IngressStatus status = 3 [(gogoproto.nullable) = false];
}

message IngressBackend {
  optional IngressServiceBackend service = 4;
  optional .k8s.io.api.core.v1.TypedLocalObjectReference resource = 3;
}

message IngressClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional IngressClassSpec spec = 2 [(gogoproto.nullable) = false];
}

message IngressClassParametersReference {
  optional string aPIGroup = 1 [json_name = "apiGroup"];
  optional string kind = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string scope = 4;
  optional string namespace = 5;
}

message IngressClassSpec {
  optional string controller = 1 [(gogoproto.nullable) = false];
  optional IngressClassParametersReference parameters = 2;
}

message IngressLoadBalancerIngress {
  optional string ip = 1 [(gogoproto.nullable) = false];
  optional string hostname = 2 [(gogoproto.nullable) = false];
  repeated IngressPortStatus ports = 4;
}

message IngressLoadBalancerStatus {
  repeated IngressLoadBalancerIngress ingress = 1;
}

message IngressPortStatus {
  optional int32 port = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string protocol = 2 [(gogoproto.nullable) = false];
  optional string error = 3;
}

message IngressRule {
  optional string host = 1 [(gogoproto.nullable) = false];
  optional IngressRuleValue ingressRuleValue = 2 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
}

message IngressRuleValue {
  optional HTTPIngressRuleValue http = 1;
}

message IngressServiceBackend {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional ServiceBackendPort port = 2 [(gogoproto.nullable) = false];
}

message IngressSpec {
  optional string ingressClassName = 4;
  optional IngressBackend defaultBackend = 1;
  repeated IngressTLS tls = 2;
  repeated IngressRule rules = 3;
}

message IngressStatus {
  optional IngressLoadBalancerStatus loadBalancer = 1 [(gogoproto.nullable) = false];
}

message IngressTLS {
  repeated string hosts = 1;
  optional string secretName = 2 [(gogoproto.nullable) = false];
}

message NetworkPolicy {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional NetworkPolicySpec spec = 2 [(gogoproto.nullable) = false];
}

message NetworkPolicyEgressRule {
  repeated NetworkPolicyPort ports = 1;
  repeated NetworkPolicyPeer to = 2;
}

message NetworkPolicyIngressRule {
  repeated NetworkPolicyPort ports = 1;
  repeated NetworkPolicyPeer from = 2;
}

message NetworkPolicyPeer {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector podSelector = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector namespaceSelector = 2;
  optional IPBlock ipBlock = 3;
}

message NetworkPolicyPort {
  optional string protocol = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 2;
  optional int32 endPort = 3;
}

message NetworkPolicySpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector podSelector = 1 [(gogoproto.nullable) = false];
  repeated NetworkPolicyIngressRule ingress = 2;
  repeated NetworkPolicyEgressRule egress = 3;
  repeated string policyTypes = 4;
}

message ParentReference {
  optional string group = 1 [(gogoproto.nullable) = false];
  optional string resource = 2 [(gogoproto.nullable) = false];
  optional string namespace = 3 [(gogoproto.nullable) = false];
  optional string name = 4 [(gogoproto.nullable) = false];
}

message ServiceBackendPort {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional int32 number = 2 [(gogoproto.nullable) = false];
}

message ServiceCIDR {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ServiceCIDRSpec spec = 2 [(gogoproto.nullable) = false];
  optional ServiceCIDRStatus status = 3 [(gogoproto.nullable) = false];
}

message ServiceCIDRSpec {
  repeated string cidrs = 1;
}

message ServiceCIDRStatus {
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.Condition conditions = 1;
}
`;
