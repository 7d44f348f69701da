/**
 * networking.k8s.io/v1 definitions: Ingress, IngressClass and NetworkPolicy.
 */
import type { Definitions } from './dsl.js';
import { atomic, enumOf, int32, intOrString, kind, listOf, META, ref, str, strings, struct } from './dsl.js';

const net = (name: string) => `io.k8s.api.networking.v1.${name}`;
const gvk = (k: string) => ({ group: 'networking.k8s.io', version: 'v1', kind: k });
const PROTOCOL = enumOf(['SCTP', 'TCP', 'UDP'], 'The protocol; TCP by default.');

/** The networking.k8s.io/v1 definitions. */
export const NETWORKING_V1: Definitions = {
  [net('Ingress')]: kind(gvk('Ingress'), 'HTTP routes from outside the cluster to services.', {
    spec: ref(net('IngressSpec'), 'The routes.'),
    status: ref(net('IngressStatus'), 'The observed state.'),
  }),
  [net('IngressSpec')]: struct('The routes of an ingress.', {
    defaultBackend: ref(net('IngressBackend'), 'Where requests no rule matches go.'),
    ingressClassName: str('The IngressClass that implements the ingress.'),
    rules: listOf(net('IngressRule'), 'Host rules.', atomic),
    tls: listOf(net('IngressTLS'), 'TLS settings.', atomic),
  }),
  [net('IngressBackend')]: struct('Where matching requests go.', {
    resource: ref('io.k8s.api.core.v1.TypedLocalObjectReference', 'Another kind of backend.'),
    service: ref(net('IngressServiceBackend'), 'A service.'),
  }),
  [net('IngressServiceBackend')]: struct(
    'A service port as a backend.',
    {
      name: str('The service.'),
      port: ref(net('ServiceBackendPort'), 'Its port.'),
    },
    ['name'],
  ),
  [net('ServiceBackendPort')]: {
    ...struct('A service port, by name or number.', {
      name: str('The port name.'),
      number: int32('The port number.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [net('IngressRule')]: struct('Routes for one host.', {
    host: str('The host, possibly with a leading wildcard.'),
    http: ref(net('HTTPIngressRuleValue'), 'HTTP routes.'),
  }),
  [net('HTTPIngressRuleValue')]: struct(
    'HTTP routes by path.',
    { paths: listOf(net('HTTPIngressPath'), 'The paths.', atomic) },
    ['paths'],
  ),
  [net('HTTPIngressPath')]: struct(
    'A path and its backend.',
    {
      backend: ref(net('IngressBackend'), 'Where matching requests go.'),
      path: str('The path matched.'),
      pathType: enumOf(['Exact', 'ImplementationSpecific', 'Prefix'], 'How the path is matched.'),
    },
    ['pathType', 'backend'],
  ),
  [net('IngressTLS')]: struct('TLS of some hosts.', {
    hosts: strings('The hosts the certificate covers.', atomic),
    secretName: str('The Secret holding the certificate and key.'),
  }),
  [net('IngressStatus')]: struct('The observed state of an ingress.', {
    loadBalancer: ref(net('IngressLoadBalancerStatus'), 'The load balancer.'),
  }),
  [net('IngressLoadBalancerStatus')]: struct('The load balancer of an ingress.', {
    ingress: listOf(net('IngressLoadBalancerIngress'), 'Its ingress points.', atomic),
  }),
  [net('IngressLoadBalancerIngress')]: struct('An ingress point of a load balancer.', {
    hostname: str('A DNS name.'),
    ip: str('An IP address.'),
    ports: listOf(net('IngressPortStatus'), 'The state of each port.', atomic),
  }),
  [net('IngressPortStatus')]: struct(
    'The state of a port of an ingress.',
    {
      error: str('A CamelCase error, if any.'),
      port: int32('The port number.'),
      protocol: PROTOCOL,
    },
    ['port', 'protocol'],
  ),
  [net('IngressClass')]: kind(gvk('IngressClass'), 'A kind of ingress and its controller.', {
    spec: ref(net('IngressClassSpec'), 'The controller and its parameters.'),
  }),
  [net('IngressClassSpec')]: struct('The controller of an ingress class.', {
    controller: str('The name of the controller.'),
    parameters: ref(net('IngressClassParametersReference'), 'An object holding its settings.'),
  }),
  [net('IngressClassParametersReference')]: struct(
    'The object holding the settings of an ingress class.',
    {
      apiGroup: str('The API group of the object.'),
      kind: str('Its kind.'),
      name: str('Its name.'),
      namespace: str('Its namespace, when scope is Namespace.'),
      scope: str('Cluster or Namespace.'),
    },
    ['kind', 'name'],
  ),
  [net('NetworkPolicy')]: kind(gvk('NetworkPolicy'), 'Which traffic pods may send and receive.', {
    spec: ref(net('NetworkPolicySpec'), 'The policy.'),
  }),
  [net('NetworkPolicySpec')]: struct('A network policy.', {
    egress: listOf(net('NetworkPolicyEgressRule'), 'Outgoing traffic allowed.', atomic),
    ingress: listOf(net('NetworkPolicyIngressRule'), 'Incoming traffic allowed.', atomic),
    podSelector: ref(`${META}.LabelSelector`, 'The pods the policy applies to.'),
    policyTypes: strings('Ingress, Egress or both.', atomic),
  }),
  [net('NetworkPolicyIngressRule')]: struct('Incoming traffic allowed.', {
    from: listOf(net('NetworkPolicyPeer'), 'Sources; any when empty.', atomic),
    ports: listOf(net('NetworkPolicyPort'), 'Ports; all when empty.', atomic),
  }),
  [net('NetworkPolicyEgressRule')]: struct('Outgoing traffic allowed.', {
    ports: listOf(net('NetworkPolicyPort'), 'Ports; all when empty.', atomic),
    to: listOf(net('NetworkPolicyPeer'), 'Destinations; any when empty.', atomic),
  }),
  [net('NetworkPolicyPeer')]: struct('A source or destination of traffic.', {
    ipBlock: ref(net('IPBlock'), 'An IP range.'),
    namespaceSelector: ref(`${META}.LabelSelector`, 'Namespaces.'),
    podSelector: ref(`${META}.LabelSelector`, 'Pods.'),
  }),
  [net('NetworkPolicyPort')]: struct('A port or range of ports.', {
    endPort: int32('The last port of a range.'),
    port: intOrString('The port number or name.'),
    protocol: PROTOCOL,
  }),
  [net('IPBlock')]: struct(
    'An IP range.',
    {
      cidr: str('The range.'),
      except: strings('Ranges excluded.', atomic),
    },
    ['cidr'],
  ),
};
