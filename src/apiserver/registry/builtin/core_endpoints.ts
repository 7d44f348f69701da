/**
 * Endpoints (`/api/v1/endpoints`, stored under `services/endpoints`): the `kubectl get ep`
 * table (`10.0.0.1:80,10.0.0.2:80 + 1 more...`), port defaults and `ValidateEndpoints`.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, notSupported, required } from '../../../api/field_errors.js';
import { isValidIP, isValidPortNum, nameIsDNSSubdomain } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { invalid } from '../../../api/field_errors.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, recs, str } from '../../../api/json_fields.js';
import { validateDNS1123Label, validateNameWith, validateQualifiedName } from './validate.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `net.JoinHostPort`: IPv6 addresses get brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `formatEndpoints` with all ports: up to three `ip:port`, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(obj: KubeObject): string {
  const subsets = recs(obj.subsets);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = recs(ss.addresses);
    const ports = recs(ss.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(a.ip), num(p.port)));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

function validateAddress(a: Record<string, unknown>, path: FieldPath): FieldError[] {
  const ip = str(a.ip);
  const errs = isValidIP(ip).map((m) => invalid(path.child('ip'), ip, m));
  if (str(a.hostname) !== '') errs.push(...validateDNS1123Label(str(a.hostname), path.child('hostname')));
  if (typeof a.nodeName === 'string')
    errs.push(...validateNameWith(nameIsDNSSubdomain, a.nodeName, path.child('nodeName')));
  return errs;
}

/** `validateEndpointSubsets`. */
export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const path = FieldPath.root('subsets');
  recs(obj.subsets).forEach((ss, i) => {
    const ip = path.index(i);
    const addresses = recs(ss.addresses);
    const notReady = recs(ss.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0)
      errs.push(required(ip, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateAddress(a, ip.child('addresses').index(j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, ip.child('notReadyAddresses').index(j))));
    const ports = recs(ss.ports);
    ports.forEach((p, j) => {
      const pp = ip.child('ports').index(j);
      const name = str(p.name);
      if (ports.length > 1 && name === '') errs.push(required(pp.child('name')));
      else if (name !== '') errs.push(...validateDNS1123Label(name, pp.child('name')));
      errs.push(...isValidPortNum(num(p.port)).map((m) => invalid(pp.child('port'), num(p.port), m)));
      const protocol = str(p.protocol);
      if (protocol === '') errs.push(required(pp.child('protocol')));
      else if (!PROTOCOLS.includes(protocol))
        errs.push(notSupported(pp.child('protocol'), protocol, PROTOCOLS));
      if (typeof p.appProtocol === 'string')
        errs.push(...validateQualifiedName(p.appProtocol, pp.child('appProtocol')));
    });
  });
  return errs;
}

/** Endpoints. */
export function endpointsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    listKind: 'EndpointsList',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    storagePrefix: 'services/endpoints',
    allowCreateOnUpdate: true,
    table: {
      columns: [NAME_COLUMN, col('Endpoints'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', formatEndpoints(o), objectAge(o, now)],
    },
    strategy: {
      defaults(obj) {
        for (const ss of recs(obj.subsets))
          for (const p of recs(ss.ports)) if (!p.protocol) p.protocol = 'TCP';
      },
      validate: validateEndpoints,
    },
  });
}
