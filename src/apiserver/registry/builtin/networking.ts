/**
 * networking.k8s.io/v1: Ingresses (NAME CLASS HOSTS ADDRESS PORTS AGE), IngressClasses
 * (NAME CONTROLLER PARAMETERS AGE) and NetworkPolicies (NAME POD-SELECTOR AGE), with the
 * validation users meet (path types, backends, hosts, controllers, ports, CIDRs).
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { formatLabelSelector, validateLabelSelector } from '../../../api/label_selector.js';
import {
  isDNS1123Subdomain,
  isValidCIDR,
  isValidIP,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
} from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, rec, recs, specOf, str } from '../../../api/json_fields.js';
import { validateImmutable, validateNameWith, validatePortNumOrName } from './validate.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const POLICY_TYPES = ['Egress', 'Ingress'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `formatHosts`: up to three hosts, `*` when no rule names one. */
export function ingressHosts(rules: unknown): string {
  const list = recs(rules);
  const hosts: string[] = [];
  let more = false;
  for (const r of list) {
    if (hosts.length === 3) more = true;
    if (!more && str(r.host) !== '') hosts.push(str(r.host));
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${list.length - 3} more...` : hosts.join(',');
}

/** `ingressLoadBalancerStatusStringer` (wide): unique IPs or hostnames, sorted. */
export function ingressAddress(status: unknown): string {
  const set = new Set<string>();
  for (const i of recs(rec(rec(status).loadBalancer).ingress)) {
    if (str(i.ip) !== '') set.add(str(i.ip));
    else if (str(i.hostname) !== '') set.add(str(i.hostname));
  }
  return [...set].sort().join(',');
}

function validateBackend(b: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const hasService = isPlainObject(b.service);
  const hasResource = isPlainObject(b.resource);
  if (hasService && hasResource) return [invalid(path, b, 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = rec(b.resource);
    if (str(r.kind) === '') errs.push(required(path.child('resource', 'kind')));
    if (str(r.name) === '') errs.push(required(path.child('resource', 'name')));
    return errs;
  }
  if (!hasService) return [invalid(path, b, 'resource or service backend is required')];
  const svc = rec(b.service);
  const sp = path.child('service');
  const name = str(svc.name);
  if (name === '') errs.push(required(sp.child('name')));
  else errs.push(...validateNameWith(nameIsDNS1035Label, name, sp.child('name')));
  const port = rec(svc.port);
  const hasName = str(port.name) !== '';
  const hasNumber = num(port.number) !== 0;
  if (hasName && hasNumber)
    errs.push(invalid(sp.child('port'), port, 'cannot set both port name & port number'));
  else if (hasName) errs.push(...validatePortNumOrName(port.name, sp.child('port', 'name')));
  else if (hasNumber) errs.push(...validatePortNumOrName(port.number, sp.child('port', 'number')));
  else errs.push(required(sp.child('port'), 'port name or number is required'));
  return errs;
}

/** `ValidateIngressSpec` (the parts users meet). */
export function validateIngress(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const rules = recs(spec.rules);
  if (isPlainObject(spec.defaultBackend))
    errs.push(...validateBackend(spec.defaultBackend, path.child('defaultBackend')));
  else if (rules.length === 0)
    errs.push(invalid(path.child('rules'), [], 'either `defaultBackend` or `rules` must be specified'));
  rules.forEach((r, i) => {
    const rp = path.child('rules').index(i);
    const host = str(r.host);
    if (host !== '') {
      if (isValidIP(host).length === 0)
        errs.push(invalid(rp.child('host'), host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => invalid(rp.child('host'), host, m)));
    }
    if (!isPlainObject(r.http)) return;
    const paths = recs(r.http.paths);
    const hp = rp.child('http', 'paths');
    if (paths.length === 0) errs.push(required(hp));
    paths.forEach((p, j) => {
      const pp = hp.index(j);
      const pathType = p.pathType;
      const value = str(p.path);
      if (pathType === undefined || pathType === null || pathType === '')
        errs.push(required(pp.child('pathType'), 'pathType must be specified'));
      else if (!PATH_TYPES.includes(str(pathType)))
        errs.push(notSupported(pp.child('pathType'), pathType, PATH_TYPES));
      else if ((pathType === 'Exact' || pathType === 'Prefix') && !value.startsWith('/')) {
        errs.push(invalid(pp.child('path'), value, 'must be an absolute path'));
      } else if (pathType === 'ImplementationSpecific' && value !== '' && !value.startsWith('/')) {
        errs.push(invalid(pp.child('path'), value, 'must be an absolute path'));
      }
      errs.push(...validateBackend(rec(p.backend), pp.child('backend')));
    });
  });
  recs(spec.tls).forEach((t, i) => {
    for (const [j, h] of (Array.isArray(t.hosts) ? t.hosts : []).entries()) {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => invalid(path.child('tls').index(i).child('hosts').index(j), host, m)));
    }
  });
  if (typeof spec.ingressClassName === 'string')
    errs.push(...validateNameWith(nameIsDNSSubdomain, spec.ingressClassName, path.child('ingressClassName')));
  return errs;
}

/** `IsDomainPrefixedPath`: `example.com/path`. */
function validateController(controller: string, path: FieldPath): FieldError[] {
  if (controller === '') return [required(path)];
  const slash = controller.indexOf('/');
  if (slash < 0) return [invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = controller.slice(0, slash);
  return isDNS1123Subdomain(host).map((m) => invalid(path, host, m));
}

/** Ingresses. */
export function ingressesResource(): ResourceDef {
  return defineResource({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
    storagePrefix: 'ingress',
    tracksGeneration: true,
    table: {
      columns: [
        NAME_COLUMN,
        col(
          'Class',
          'The name of the IngressClass resource that should be used for additional configuration',
        ),
        col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
        col('Address', 'Address is a list containing ingress points for the load-balancer'),
        col('Ports', 'Ports of TLS configurations that open'),
        AGE_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>';
        const ports = recs(spec.tls).length > 0 ? '80, 443' : '80';
        return [
          o.metadata.name ?? '',
          className,
          ingressHosts(spec.rules),
          ingressAddress(o.status),
          ports,
          objectAge(o, now),
        ];
      },
    },
    strategy: {
      prepareForCreate(obj) {
        obj.status = { loadBalancer: {} };
      },
      validate: validateIngress,
    },
  });
}

/** IngressClasses. */
export function ingressClassesResource(): ResourceDef {
  return defineResource({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    namespaced: false,
    tracksGeneration: true,
    table: {
      columns: [
        NAME_COLUMN,
        col('Controller', 'Controller that is responsible for handling this class'),
        col('Parameters', 'A reference to a resource with additional parameters'),
        AGE_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        let params = '<none>';
        if (isPlainObject(spec.parameters)) {
          const p = spec.parameters;
          params = `${str(p.kind)}${typeof p.apiGroup === 'string' ? `.${p.apiGroup}` : ''}/${str(p.name)}`;
        }
        return [o.metadata.name ?? '', str(spec.controller), params, objectAge(o, now)];
      },
    },
    strategy: {
      defaults(obj) {
        const params = specOf(obj).parameters;
        if (isPlainObject(params) && !params.scope) params.scope = 'Cluster';
      },
      validate: (o) => validateController(str(rec(o.spec).controller), FieldPath.root('spec', 'controller')),
      validateUpdate: (o, old) =>
        validateImmutable(
          rec(o.spec).controller,
          rec(old.spec).controller,
          FieldPath.root('spec', 'controller'),
        ),
    },
  });
}

/** `ValidateNetworkPolicySpec` (the parts users meet). */
export function validateNetworkPolicy(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs = validateLabelSelector(rec(spec.podSelector) as MetaLabelSelector, path.child('podSelector'));
  for (const [kind, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    recs(spec[kind]).forEach((rule, i) => {
      const rp = path.child(kind).index(i);
      recs(rule.ports).forEach((p, j) => {
        const pp = rp.child('ports').index(j);
        if (p.protocol !== undefined && p.protocol !== null && !PROTOCOLS.includes(str(p.protocol))) {
          errs.push(notSupported(pp.child('protocol'), p.protocol, PROTOCOLS));
        }
        if (p.port !== undefined && p.port !== null)
          errs.push(...validatePortNumOrName(p.port, pp.child('port')));
        if (typeof p.endPort === 'number' && typeof p.port === 'number' && p.endPort < p.port) {
          errs.push(invalid(pp.child('endPort'), p.endPort, 'must be greater than or equal to `port`'));
        }
      });
      recs(rule[peersKey]).forEach((peer, j) => {
        const pp = rp.child(peersKey).index(j);
        if (isPlainObject(peer.ipBlock)) {
          const cidr = str(peer.ipBlock.cidr);
          const bp = pp.child('ipBlock');
          if (cidr === '') errs.push(required(bp.child('cidr')));
          else errs.push(...isValidCIDR(cidr).map((m) => invalid(bp.child('cidr'), cidr, m)));
        }
        if (isPlainObject(peer.podSelector))
          errs.push(...validateLabelSelector(peer.podSelector as MetaLabelSelector, pp.child('podSelector')));
        if (isPlainObject(peer.namespaceSelector)) {
          errs.push(
            ...validateLabelSelector(
              peer.namespaceSelector as MetaLabelSelector,
              pp.child('namespaceSelector'),
            ),
          );
        }
      });
    });
  }
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(str(t)))
      errs.push(notSupported(path.child('policyTypes').index(i), t, POLICY_TYPES));
  });
  if (types.length > 2)
    errs.push(invalid(path.child('policyTypes'), types, 'may not specify more than two policyTypes'));
  return errs;
}

/** NetworkPolicies. */
export function networkPoliciesResource(): ResourceDef {
  return defineResource({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    listKind: 'NetworkPolicyList',
    plural: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
    tracksGeneration: true,
    table: {
      columns: [NAME_COLUMN, col('Pod-Selector'), AGE_COLUMN],
      printRow: (o, now) => [
        o.metadata.name ?? '',
        formatLabelSelector(rec(rec(o.spec).podSelector) as MetaLabelSelector),
        objectAge(o, now),
      ],
    },
    strategy: {
      defaults(obj) {
        const spec = specOf(obj);
        for (const kind of ['ingress', 'egress']) {
          for (const rule of recs(spec[kind]))
            for (const p of recs(rule.ports)) if (!p.protocol) p.protocol = 'TCP';
        }
        if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
          const types = ['Ingress'];
          if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
          spec.policyTypes = types;
        }
      },
      validate: validateNetworkPolicy,
    },
  });
}
