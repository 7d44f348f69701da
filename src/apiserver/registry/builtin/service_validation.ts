/**
 * Validation of services (`ValidateService`, `ValidateServiceUpdate` in upstream's
 * `pkg/apis/core/validation`): ports, types, ExternalName, session affinity, cluster IPs,
 * external IPs and traffic policies, with upstream's paths and texts.
 */
import type { FieldError } from '../../../api/field_errors.js';
import {
  FieldErrorType,
  FieldPath,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../api/field_errors.js';
import { isValidCIDR, isValidIP } from '../../../api/name_validation.js';
import { validateLabels } from '../../../api/object_meta_validation.js';
import { goError, goStrings, invalidGo } from './go_value.js';
import { num, rec, recs, str, strMap, strs } from '../../../api/json_fields.js';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validatePortNumOrName,
  validateQualifiedName,
} from './validate.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/** Whether a service of this spec is headless (`clusterIPs[0] == "None"`). */
export function isHeadless(spec: Record<string, unknown>): boolean {
  return (
    strs(spec.clusterIPs)[0] === 'None' || (strs(spec.clusterIPs).length === 0 && spec.clusterIP === 'None')
  );
}

/** `service.ExternallyAccessible`: LoadBalancer, NodePort, or ClusterIP with external IPs. */
export function externallyAccessible(spec: Record<string, unknown>): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && strs(spec.externalIPs).length > 0)
  );
}

/** `service.NeedsHealthCheck`: a LoadBalancer with `externalTrafficPolicy: Local`. */
export function needsHealthCheck(spec: Record<string, unknown>): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** `ValidateNonSpecialIP`: not unspecified, loopback, link-local or link-local multicast. */
function validateNonSpecialIP(ip: string, path: FieldPath): FieldError[] {
  const lower = ip.toLowerCase();
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const octets = v4 ? v4.slice(1).map(Number) : undefined;
  if (octets ? octets.every((o) => o === 0) : lower === '::') {
    return [invalid(path, ip, 'may not be unspecified (0.0.0.0, ::)')];
  }
  if (octets ? octets[0] === 127 : lower === '::1') {
    return [invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  }
  if (octets ? octets[0] === 169 && octets[1] === 254 : /^fe[89ab]/.test(lower)) {
    return [invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if (octets ? octets[0] === 224 && octets[1] === 0 && octets[2] === 0 : lower.startsWith('ff02:')) {
    return [invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  }
  return [];
}

/** `validateServicePort`. */
function validateServicePort(
  p: Record<string, unknown>,
  requireName: boolean,
  names: Set<string>,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(p.name);
  if (requireName && name === '') errs.push(required(path.child('name')));
  else if (name !== '') {
    errs.push(...validateDNS1123Label(name, path.child('name')));
    if (names.has(name)) errs.push(duplicate(path.child('name'), name));
    else names.add(name);
  }
  const port = num(p.port);
  if (port < 1 || port > 65535 || !Number.isInteger(port)) {
    errs.push(invalid(path.child('port'), port, 'must be between 1 and 65535, inclusive'));
  }
  const protocol = str(p.protocol);
  if (protocol === '') errs.push(required(path.child('protocol')));
  else if (!PROTOCOLS.includes(protocol))
    errs.push(notSupported(path.child('protocol'), protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, path.child('targetPort')));
  if (typeof p.appProtocol === 'string')
    errs.push(...validateQualifiedName(p.appProtocol, path.child('appProtocol')));
  return errs;
}

function validateClusterIPs(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec.clusterIP);
  const clusterIPs = strs(spec.clusterIPs);
  const ipsPath = path.child('clusterIPs');
  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errs.push(required(ipsPath));
    else if (clusterIPs[0] !== clusterIP)
      errs.push(invalidGo(ipsPath, goStrings(spec.clusterIPs), 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errs.push(
      invalidGo(ipsPath, goStrings(spec.clusterIPs), 'must be empty when `clusterIP` is not specified'),
    );
  }
  const families = strs(spec.ipFamilies);
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6')
      errs.push(notSupported(path.child('ipFamilies').index(i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(path.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && policy !== null && !policies.includes(str(policy))) {
    errs.push(notSupported(path.child('ipFamilyPolicy'), policy, policies));
  }
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1)
        errs.push(invalidGo(ipsPath, goStrings(spec.clusterIPs), "'None' must be the first and only value"));
      return;
    }
    errs.push(...isValidIP(ip).map((m) => invalid(ipsPath.index(i), ip, m)));
  });
  return errs;
}

/** `ValidateService` (the spec part; metadata is checked by the caller). */
export function validateService(
  specValue: unknown,
  annotations: Record<string, string> | undefined,
): FieldError[] {
  const spec = rec(specValue);
  const specPath = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const ports = recs(spec.ports);
  const type = str(spec.type);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(required(specPath.child('ports')));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errs.push(
      invalid(specPath.child('clusterIPs').index(0), 'None', `may not be set to 'None' for ${type} services`),
    );
  }
  if (type === 'ExternalName') {
    if (strs(spec.clusterIPs).length > 0)
      errs.push(forbidden(specPath.child('clusterIPs'), 'may not be set for ExternalName services'));
    if (strs(spec.ipFamilies).length > 0)
      errs.push(forbidden(specPath.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(forbidden(specPath.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    }
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname !== '') errs.push(...validateDNS1123Subdomain(cname, specPath.child('externalName')));
    else errs.push(required(specPath.child('externalName')));
  }
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, specPath.child('ports').index(i))),
  );
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(...validateLabels(strMap(spec.selector), specPath.child('selector')));
  }
  const affinity = str(spec.sessionAffinity);
  if (affinity === '') errs.push(required(specPath.child('sessionAffinity')));
  else if (affinity !== 'ClientIP' && affinity !== 'None') {
    errs.push(notSupported(specPath.child('sessionAffinity'), affinity, ['ClientIP', 'None']));
  }
  const cfgPath = specPath.child('sessionAffinityConfig');
  if (affinity === 'ClientIP') {
    const timeout = rec(rec(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (typeof timeout !== 'number') {
      errs.push(
        required(cfgPath.child('clientIP', 'timeoutSeconds'), 'when session affinity type is ClientIP'),
      );
    } else if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
      errs.push(
        invalid(
          cfgPath.child('clientIP', 'timeoutSeconds'),
          timeout,
          `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
        ),
      );
    }
  } else if (
    affinity === 'None' &&
    spec.sessionAffinityConfig !== undefined &&
    spec.sessionAffinityConfig !== null
  ) {
    errs.push(forbidden(cfgPath, 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPs(spec, specPath));
  strs(spec.externalIPs).forEach((ip, i) => {
    const p = specPath.child('externalIPs').index(i);
    const ipErrs = isValidIP(ip).map((m) => invalid(p, ip, m));
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, p)));
  });
  if (type === '') errs.push(required(specPath.child('type')));
  else if (!SERVICE_TYPES.includes(type))
    errs.push(notSupported(specPath.child('type'), type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (num(p.nodePort) !== 0)
        errs.push(
          forbidden(
            specPath.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  }
  const nodePorts = new Set<string>();
  const servicePorts = new Set<string>();
  ports.forEach((p, i) => {
    const pp = specPath.child('ports').index(i);
    if (num(p.nodePort) !== 0) {
      const key = `${str(p.protocol)}/${num(p.nodePort)}`;
      if (nodePorts.has(key)) errs.push(duplicate(pp.child('nodePort'), num(p.nodePort)));
      nodePorts.add(key);
    }
    const key = `${str(p.protocol)}/${num(p.port)}`;
    if (servicePorts.has(key)) {
      errs.push(
        goError(
          FieldErrorType.Duplicate,
          pp,
          `core.ServicePort{Name:"", Protocol:"${str(p.protocol)}", AppProtocol:(*string)(nil), Port:${num(p.port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
          '',
        ),
      );
    }
    servicePorts.add(key);
  });
  const ranges = strs(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    const rp = specPath.child('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer') errs.push(forbidden(rp, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) =>
      errs.push(...isValidCIDR(r.trim()).map((m) => invalid(rp.index(i), r.trim(), m))),
    );
  } else if (annotations && 'service.beta.kubernetes.io/load-balancer-source-ranges' in annotations) {
    const ap = FieldPath.root('metadata', 'annotations').key(
      'service.beta.kubernetes.io/load-balancer-source-ranges',
    );
    if (type !== 'LoadBalancer') errs.push(forbidden(ap, "may only be used when `type` is 'LoadBalancer'"));
  }
  if (
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts !== null &&
    type !== 'LoadBalancer'
  ) {
    errs.push(
      forbidden(
        specPath.child('allocateLoadBalancerNodePorts'),
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (
    type === 'LoadBalancer' &&
    (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)
  ) {
    errs.push(required(FieldPath.root('allocateLoadBalancerNodePorts')));
  }
  errs.push(...validateTrafficPolicies(spec, specPath));
  return errs;
}

function validateTrafficPolicies(spec: Record<string, unknown>, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp !== '')
      errs.push(
        invalid(
          specPath.child('externalTrafficPolicy'),
          etp,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (etp === '') {
    errs.push(required(specPath.child('externalTrafficPolicy')));
  } else if (etp !== 'Cluster' && etp !== 'Local') {
    errs.push(notSupported(specPath.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  }
  const hc = num(spec.healthCheckNodePort);
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) {
      errs.push(
        invalid(
          specPath.child('healthCheckNodePort'),
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  }
  const itp = spec.internalTrafficPolicy;
  const type = str(spec.type);
  if ((itp === undefined || itp === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) {
    errs.push(required(specPath.child('internalTrafficPolicy')));
  }
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') {
    errs.push(notSupported(specPath.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  }
  if (
    spec.trafficDistribution !== undefined &&
    spec.trafficDistribution !== null &&
    spec.trafficDistribution !== 'PreferClose'
  ) {
    errs.push(notSupported(specPath.child('trafficDistribution'), spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

/** `validateUpgradeDowngradeClusterIPs` and the other update-only rules of `ValidateServiceUpdate`. */
export function validateServiceUpdate(newSpecValue: unknown, oldSpecValue: unknown): FieldError[] {
  const spec = rec(newSpecValue);
  const old = rec(oldSpecValue);
  const errs: FieldError[] = [];
  const ipsPath = FieldPath.root('spec', 'clusterIPs');
  if (spec.type !== 'ExternalName' && old.type !== 'ExternalName' && !(isHeadless(spec) && isHeadless(old))) {
    const n = strs(spec.clusterIPs);
    const o = strs(old.clusterIPs);
    const value = goStrings(spec.clusterIPs);
    if (n.length === o.length) {
      o.forEach((ip, i) => {
        if (ip !== n[i]) errs.push(invalidGo(ipsPath.index(i), value, 'may not change once set'));
      });
    } else if (o.length > n.length) {
      if (n.length === 0) errs.push(invalidGo(ipsPath.index(0), value, 'primary clusterIP can not be unset'));
      if (o.length > 0 && n.length > 0 && n[0] !== o[0])
        errs.push(invalidGo(ipsPath.index(0), value, 'may not change once set'));
      if (n.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(
          invalidGo(
            ipsPath.index(0),
            value,
            "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP",
          ),
        );
      }
    } else if (o.length > 0 && n[0] !== o[0]) {
      errs.push(invalidGo(ipsPath.index(0), value, 'may not change once set'));
    }
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(spec) &&
    num(spec.healthCheckNodePort) !== num(old.healthCheckNodePort)
  ) {
    errs.push(forbidden(FieldPath.root('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  return errs;
}
