/**
 * discovery.k8s.io/v1 definitions: EndpointSlice.
 */
import type { Definitions } from './dsl.js';
import { atomic, bool, enumOf, int32, kind, listOf, ref, str, stringMap, strings, struct } from './dsl.js';

const disc = (name: string) => `io.k8s.api.discovery.v1.${name}`;

/** The discovery.k8s.io/v1 definitions. */
export const DISCOVERY_V1: Definitions = {
  [disc('EndpointSlice')]: kind(
    { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
    'A subset of the endpoints of a service.',
    {
      addressType: enumOf(['FQDN', 'IPv4', 'IPv6'], 'The kind of addresses it holds.'),
      endpoints: listOf(disc('Endpoint'), 'The endpoints.', atomic),
      ports: listOf(disc('EndpointPort'), 'The ports every endpoint exposes.', atomic),
    },
    ['addressType', 'endpoints'],
  ),
  [disc('Endpoint')]: struct(
    'One endpoint.',
    {
      addresses: strings('Its addresses.', { 'x-kubernetes-list-type': 'set' }),
      conditions: ref(disc('EndpointConditions'), 'Its readiness.'),
      deprecatedTopology: stringMap('Deprecated topology labels.'),
      hints: ref(disc('EndpointHints'), 'Hints for routing.'),
      hostname: str('Its hostname.'),
      nodeName: str('The node it runs on.'),
      targetRef: ref('io.k8s.api.core.v1.ObjectReference', 'The object (pod) it is.'),
      zone: str('The zone it is in.'),
    },
    ['addresses'],
  ),
  [disc('EndpointConditions')]: struct('The readiness of an endpoint.', {
    ready: bool('Whether it accepts traffic.'),
    serving: bool('Whether it serves, even while terminating.'),
    terminating: bool('Whether it is terminating.'),
  }),
  [disc('EndpointHints')]: struct('Routing hints of an endpoint.', {
    forNodes: listOf(disc('ForNode'), 'Nodes that should use it.', atomic),
    forZones: listOf(disc('ForZone'), 'Zones that should use it.', atomic),
  }),
  [disc('ForNode')]: struct('A node a hint is for.', { name: str('The node.') }, ['name']),
  [disc('ForZone')]: struct('A zone a hint is for.', { name: str('The zone.') }, ['name']),
  [disc('EndpointPort')]: {
    ...struct('A port of endpoints.', {
      appProtocol: str('The application protocol.'),
      name: str('The name of the service port.'),
      port: int32('The port number.'),
      protocol: enumOf(['SCTP', 'TCP', 'UDP'], 'The protocol; TCP by default.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
};
