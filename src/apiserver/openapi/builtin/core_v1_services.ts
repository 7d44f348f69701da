/**
 * core/v1 definitions of networking: Service with its spec and load balancer status, and
 * Endpoints.
 */
import type { Definitions } from './dsl.js';
import { core, v1 } from './core_v1_names.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  intOrString,
  kind,
  listOf,
  mapKeys,
  META,
  patch,
  ref,
  str,
  stringMap,
  strings,
  struct,
} from './dsl.js';

const PROTOCOL = enumOf(['SCTP', 'TCP', 'UDP'], 'The IP protocol; TCP by default.');

/** Definitions of services and endpoints. */
export const CORE_V1_SERVICES: Definitions = {
  [core('Service')]: kind(v1('Service'), 'A named set of pods reached through one address.', {
    spec: ref(core('ServiceSpec'), 'The desired behaviour.'),
    status: ref(core('ServiceStatus'), 'The observed state.'),
  }),
  [core('ServiceSpec')]: struct('The desired behaviour of a service.', {
    allocateLoadBalancerNodePorts: bool('Whether node ports are allocated for a LoadBalancer.'),
    clusterIP: str('The virtual IP; None for a headless service.'),
    clusterIPs: strings('The virtual IPs, one per IP family.', atomic),
    externalIPs: strings('Further IPs nodes accept traffic for.', atomic),
    externalName: str('The DNS name an ExternalName service aliases.'),
    externalTrafficPolicy: enumOf(['Cluster', 'Local'], 'How external traffic is routed to endpoints.'),
    healthCheckNodePort: int32('The node port for load balancer health checks.'),
    internalTrafficPolicy: enumOf(['Cluster', 'Local'], 'How cluster traffic is routed to endpoints.'),
    ipFamilies: strings('The IP families of the service (IPv4, IPv6).', atomic),
    ipFamilyPolicy: enumOf(['PreferDualStack', 'RequireDualStack', 'SingleStack'], 'How many IP families.'),
    loadBalancerClass: str('The load balancer implementation to use.'),
    loadBalancerIP: str('Deprecated: the IP asked of the load balancer.'),
    loadBalancerSourceRanges: strings('Client CIDRs the load balancer accepts.', atomic),
    ports: listOf(core('ServicePort'), 'The ports exposed.', patch('port'), mapKeys('port', 'protocol')),
    publishNotReadyAddresses: bool('Whether endpoints include pods that are not ready.'),
    selector: {
      ...stringMap('Labels of the pods traffic goes to.'),
      'x-kubernetes-map-type': 'atomic',
    },
    sessionAffinity: enumOf(['ClientIP', 'None'], 'Whether a client sticks to one endpoint.'),
    sessionAffinityConfig: ref(core('SessionAffinityConfig'), 'Settings of session affinity.'),
    trafficDistribution: str('A preference for how traffic is spread (PreferClose, …).'),
    type: enumOf(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'], 'How the service is exposed.'),
  }),
  [core('ServicePort')]: struct(
    'A port of a service.',
    {
      appProtocol: str('The application protocol.'),
      name: str('The name, unique within the service; required with several ports.'),
      nodePort: int32('The port on every node, for NodePort and LoadBalancer.'),
      port: int32('The port of the service.'),
      protocol: PROTOCOL,
      targetPort: intOrString('The port number or name on the pods; port by default.'),
    },
    ['port'],
  ),
  [core('SessionAffinityConfig')]: struct('Settings of session affinity.', {
    clientIP: ref(core('ClientIPConfig'), 'Settings of ClientIP affinity.'),
  }),
  [core('ClientIPConfig')]: struct('Settings of ClientIP affinity.', {
    timeoutSeconds: int32('Seconds a client sticks; 3 hours by default.'),
  }),
  [core('ServiceStatus')]: struct('The observed state of a service.', {
    conditions: listOf(`${META}.Condition`, 'The current conditions.', patch('type'), mapKeys('type')),
    loadBalancer: ref(core('LoadBalancerStatus'), 'The load balancer, if any.'),
  }),
  [core('LoadBalancerStatus')]: struct('The state of a load balancer.', {
    ingress: listOf(core('LoadBalancerIngress'), 'Its ingress points.', atomic),
  }),
  [core('LoadBalancerIngress')]: struct('An ingress point of a load balancer.', {
    hostname: str('A DNS name.'),
    ip: str('An IP address.'),
    ipMode: enumOf(['Proxy', 'VIP'], 'How traffic to the IP reaches the service.'),
    ports: listOf(core('PortStatus'), 'The state of each port.', atomic),
  }),
  [core('PortStatus')]: struct(
    'The state of a service port.',
    {
      error: str('A CamelCase error for the port, if any.'),
      port: int32('The port number.'),
      protocol: PROTOCOL,
    },
    ['port', 'protocol'],
  ),
  [core('Endpoints')]: kind(v1('Endpoints'), 'The addresses that implement a service.', {
    subsets: listOf(core('EndpointSubset'), 'Groups of addresses with the same ports.', atomic),
  }),
  [core('EndpointSubset')]: struct('Addresses sharing a set of ports.', {
    addresses: listOf(core('EndpointAddress'), 'Ready addresses.', atomic),
    notReadyAddresses: listOf(core('EndpointAddress'), 'Addresses not ready yet.', atomic),
    ports: listOf(core('EndpointPort'), 'The ports.', atomic),
  }),
  [core('EndpointAddress')]: {
    ...struct(
      'One endpoint address.',
      {
        hostname: str('The hostname of the endpoint.'),
        ip: str('The IP.'),
        nodeName: str('The node hosting the endpoint.'),
        targetRef: ref(core('ObjectReference'), 'The object (pod) providing the endpoint.'),
      },
      ['ip'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('EndpointPort')]: {
    ...struct(
      'A port of endpoints.',
      {
        appProtocol: str('The application protocol.'),
        name: str('The name of the service port.'),
        port: int32('The port number.'),
        protocol: PROTOCOL,
      },
      ['port'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
};
