/**
 * EndpointSlices (discovery.k8s.io/v1): NAME ADDRESSTYPE PORTS ENDPOINTS AGE, and
 * `ValidateEndpointSlice` for address types, addresses and ports.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, duplicate, invalid, notSupported, required, tooMany } from '../../../api/field_errors.js';
import { isValidIP, isValidPortNum } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, listWithMore, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { recs, str, strs } from '../../../api/json_fields.js';
import { validateDNS1123Label, validateDNS1123Subdomain, validateImmutable } from './validate.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

/** `formatDiscoveryPorts`: port numbers (or names, or `*`). */
export function discoveryPorts(o: KubeObject): string {
  return listWithMore(
    recs(o.ports).map((p) =>
      typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*',
    ),
  );
}

/** `formatDiscoveryEndpoints`: the addresses of all endpoints. */
export function discoveryEndpoints(o: KubeObject): string {
  return listWithMore(recs(o.endpoints).flatMap((e) => strs(e.addresses)));
}

function validateEndpointSlice(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const addressType = str(o.addressType);
  if (addressType === '') errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType))
    errs.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints = recs(o.endpoints);
  const ep = FieldPath.root('endpoints');
  if (endpoints.length > MAX_ENDPOINTS) errs.push(tooMany(ep, endpoints.length, MAX_ENDPOINTS));
  endpoints.forEach((e, i) => {
    const ap = ep.index(i).child('addresses');
    const addresses = strs(e.addresses);
    if (addresses.length === 0) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(ap, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const p = ap.index(j);
      if (addressType === 'FQDN') errs.push(...validateDNS1123Subdomain(a, p));
      else if (isValidIP(a).length > 0) errs.push(invalid(p, a, 'must be a valid IP address'));
      else if (addressType === 'IPv4' && a.includes(':')) errs.push(invalid(p, a, 'must be an IPv4 address'));
      else if (addressType === 'IPv6' && !a.includes(':'))
        errs.push(invalid(p, a, 'must be an IPv6 address'));
    });
    if (typeof e.hostname === 'string')
      errs.push(...validateDNS1123Label(e.hostname, ep.index(i).child('hostname')));
  });
  const ports = recs(o.ports);
  const pp = FieldPath.root('ports');
  if (ports.length > MAX_PORTS) errs.push(tooMany(pp, ports.length, MAX_PORTS));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const ip = pp.index(i);
    const name = str(p.name);
    if (name !== '') errs.push(...validateDNS1123Label(name, ip.child('name')));
    if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    names.add(name);
    if (typeof p.port === 'number')
      errs.push(...isValidPortNum(p.port).map((m) => invalid(ip.child('port'), p.port, m)));
    const protocol = p.protocol;
    if (protocol === undefined || protocol === null) errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(str(protocol)))
      errs.push(notSupported(ip.child('protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

/** EndpointSlices. */
export function endpointSlicesResource(): ResourceDef {
  return defineResource({
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
    tracksGeneration: true,
    table: {
      columns: [NAME_COLUMN, col('AddressType'), col('Ports'), col('Endpoints'), AGE_COLUMN],
      printRow: (o, now) => [
        o.metadata.name ?? '',
        str(o.addressType),
        discoveryPorts(o),
        discoveryEndpoints(o),
        objectAge(o, now),
      ],
    },
    strategy: {
      defaults(obj) {
        for (const p of recs(obj.ports)) {
          if (p.protocol === undefined || p.protocol === null) p.protocol = 'TCP';
          if (p.name === undefined || p.name === null) p.name = '';
        }
      },
      validate: validateEndpointSlice,
      validateUpdate: (obj, old) => validateImmutable(obj.addressType, old.addressType, 'addressType'),
    },
  });
}
