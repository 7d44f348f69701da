/**
 * Validation of a pod spec and of pod templates (`ValidatePodSpec`, `ValidatePodTemplateSpec`,
 * `ValidateVolumes`, `ValidateTolerations`, … in upstream's `pkg/apis/core/validation`), with
 * upstream's field paths and texts. Containers are checked by `container_validation.ts`.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from '../../../api/field_errors.js';
import { nameIsDNSSubdomain, isValidLabelValue } from '../../../api/name_validation.js';
import {
  validateAnnotations,
  validateLabelName,
  validateLabels,
} from '../../../api/object_meta_validation.js';
import { isPlainObject } from '../../../api/object.js';
import type { VolumeNames } from './container_validation.js';
import {
  validateContainerCommon,
  validateContainers,
  validateInitContainers,
} from './container_validation.js';
import { num, rec, recs, str, strs } from '../../../api/json_fields.js';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateEnum,
  validateIP,
  validateNameWith,
  validateQualifiedName,
} from './validate.js';

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2147483647;

/** Options of pod-spec validation. */
export interface PodSpecOptions {
  /** True when validating a pod itself rather than a template (`opts.ResourceIsPod`). */
  readonly isPod: boolean;
}

function validateVolumeSource(v: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const key of VOLUME_SOURCES) {
    if (v[key] === undefined || v[key] === null) continue;
    if (count > 0) {
      errs.push(forbidden(path.child(key), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const src = rec(v[key]);
    const p = path.child(key);
    if (key === 'hostPath' && str(src.path) === '') errs.push(required(p.child('path')));
    if (key === 'persistentVolumeClaim' && str(src.claimName) === '')
      errs.push(required(p.child('claimName')));
    if (key === 'configMap' || key === 'secret') {
      const nameKey = key === 'secret' ? 'secretName' : 'name';
      const name = str(src[nameKey]);
      if (key === 'configMap' && name === '') errs.push(required(p.child('name')));
      if (name !== '') errs.push(...validateNameWith(nameIsDNSSubdomain, name, p.child(nameKey)));
    }
    if (key === 'nfs') {
      if (str(src.server) === '') errs.push(required(p.child('server')));
      if (str(src.path) === '') errs.push(required(p.child('path')));
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** `ValidateVolumes`: unique DNS-label names and exactly one source each; returns the valid names. */
export function validateVolumes(
  volumes: unknown,
  path: FieldPath,
): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  recs(volumes).forEach((v, i) => {
    const ip = path.index(i);
    const np = ip.child('name');
    const name = str(v.name);
    const el = validateVolumeSource(v, ip);
    if (name === '') el.push(required(np));
    else el.push(...validateDNS1123Label(name, np));
    if (names.has(name)) el.push(duplicate(np, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}

/** `ValidateTolerations`. */
export function validateTolerations(tolerations: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  recs(tolerations).forEach((t, i) => {
    const ip = path.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    if (key !== '') errs.push(...validateLabelName(key, ip.child('key')));
    if (key === '' && op !== 'Exists') {
      errs.push(
        invalid(
          ip.child('operator'),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(
        invalid(ip.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    const value = str(t.value);
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(ip.child('operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value !== '')
        errs.push(invalid(ip.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(ip.child('operator'), op, ['Equal', 'Exists']));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect))
      errs.push(notSupported(ip.child('effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

function validateDNSConfig(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isPlainObject(config)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (strs(config.nameservers).length === 0) {
      return [
        required(
          path.child('nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!isPlainObject(config)) return [];
  const errs: FieldError[] = [];
  const nameservers = strs(config.nameservers);
  if (nameservers.length > 3)
    errs.push(invalid(path.child('nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => errs.push(...validateIP(ns, path.child('nameservers').index(i))));
  const searches = strs(config.searches);
  if (searches.length > 32)
    errs.push(invalid(path.child('searches'), searches, 'must not have more than 32 search paths'));
  searches.forEach((s, i) => {
    if (s !== '.')
      errs.push(...validateDNS1123Subdomain(s.replace(/\.$/, ''), path.child('searches').index(i)));
  });
  recs(config.options).forEach((o, i) => {
    if (str(o.name) === '') errs.push(required(path.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validateHostNetworkPorts(
  spec: Record<string, unknown>,
  path: FieldPath,
  isPod: boolean,
): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  recs(spec.containers).forEach((c, i) => {
    recs(c.ports).forEach((p, j) => {
      const hp = num(p.hostPort);
      const cp = num(p.containerPort);
      if ((isPod || hp !== 0) && hp !== cp) {
        const pp = path.child('containers').index(i).child('ports').index(j).child('hostPort');
        errs.push(invalid(pp, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

/** `ValidatePodSpec`: everything in a pod spec, under `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(specValue: unknown, path: FieldPath, opts: PodSpecOptions): FieldError[] {
  const spec = rec(specValue);
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(path.child('terminationGracePeriodSeconds')));
  }
  const { names, errs: volErrs } = validateVolumes(spec.volumes, path.child('volumes'));
  errs.push(...volErrs);
  errs.push(...validateContainers(spec.containers, names, path.child('containers')));
  errs.push(
    ...validateInitContainers(spec.initContainers, spec.containers, names, path.child('initContainers')),
  );
  errs.push(...validateEphemeralContainers(spec, names, path.child('ephemeralContainers')));
  errs.push(...validateHostNetworkPorts(spec, path, opts.isPod));
  errs.push(...validateEnum(spec.restartPolicy, RESTART_POLICIES, path.child('restartPolicy')));
  errs.push(...validateEnum(spec.dnsPolicy, DNS_POLICIES, path.child('dnsPolicy')));
  errs.push(...validateLabels(rec(spec.nodeSelector) as Record<string, string>, path.child('nodeSelector')));
  recs(spec.imagePullSecrets).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push(invalid(path.child('imagePullSecrets').index(i), s, 'only name may be set'));
  });
  errs.push(...validateDNSConfig(spec, path.child('dnsConfig')));
  recs(spec.readinessGates).forEach((g, i) => {
    errs.push(
      ...validateQualifiedName(
        str(g.conditionType),
        path.child('readinessGates').index(i).child('conditionType'),
      ),
    );
  });
  const gates = new Set<string>();
  recs(spec.schedulingGates).forEach((g, i) => {
    const name = str(g.name);
    const gp = path.child('schedulingGates').index(i);
    errs.push(...validateQualifiedName(name, gp));
    if (gates.has(name)) errs.push(duplicate(gp, name));
    gates.add(name);
  });
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName']) {
    const v = str(spec[f]);
    if (v !== '') errs.push(...validateNameWith(nameIsDNSSubdomain, v, path.child(f)));
  }
  if (typeof spec.activeDeadlineSeconds === 'number') {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > MAX_INT32)
      errs.push(
        invalid(path.child('activeDeadlineSeconds'), v, `must be between 1 and ${MAX_INT32}, inclusive`),
      );
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== '') errs.push(...validateDNS1123Label(v, path.child(f)));
  }
  errs.push(...validateTolerations(spec.tolerations, path.child('tolerations')));
  recs(spec.hostAliases).forEach((a, i) => {
    const ap = path.child('hostAliases').index(i);
    errs.push(...validateIP(str(a.ip), ap.child('ip')));
    strs(a.hostnames).forEach((h, j) =>
      errs.push(...validateDNS1123Subdomain(h, ap.child('hostnames').index(j))),
    );
  });
  if (typeof spec.runtimeClassName === 'string') {
    errs.push(...validateNameWith(nameIsDNSSubdomain, spec.runtimeClassName, path.child('runtimeClassName')));
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    errs.push(
      ...validateEnum(
        spec.preemptionPolicy,
        ['PreemptLowerPriority', 'Never'],
        path.child('preemptionPolicy'),
      ),
    );
  }
  if (isPlainObject(spec.os)) {
    const os = str(spec.os.name);
    if (os === '') errs.push(required(path.child('os').child('name')));
    else if (os !== 'linux' && os !== 'windows')
      errs.push(notSupported(path.child('os').child('name'), os, ['linux', 'windows']));
  }
  return errs;
}

function validateEphemeralContainers(
  spec: Record<string, unknown>,
  volumes: VolumeNames,
  path: FieldPath,
): FieldError[] {
  const list = recs(spec.ephemeralContainers);
  if (list.length === 0) return [];
  const errs: FieldError[] = [];
  const others = new Set([...recs(spec.containers), ...recs(spec.initContainers)].map((c) => str(c.name)));
  const all = new Set(others);
  list.forEach((c, i) => {
    const ip = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, ip));
    errs.push(...validateImageWhitespace(c, ip));
    const name = str(c.name);
    if (all.has(name)) errs.push(duplicate(ip.child('name'), name));
    else all.add(name);
    const target = str(c.targetContainerName);
    if (target !== '' && !others.has(target)) errs.push(notFound(ip.child('targetContainerName'), target));
    for (const f of ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
      const v = c[f];
      const empty =
        v === undefined ||
        v === null ||
        (isPlainObject(v) && Object.keys(v).length === 0) ||
        (Array.isArray(v) && v.length === 0);
      if (!empty) errs.push(forbidden(ip.child(f), 'cannot be set for an Ephemeral Container'));
    }
  });
  return errs;
}

/** `validateContainerOnlyForPod`: a pod's images may not have surrounding whitespace. */
function validateImageWhitespace(c: Record<string, unknown>, path: FieldPath): FieldError[] {
  const image = str(c.image);
  return image !== image.trim()
    ? [invalid(path.child('image'), image, 'must not have leading or trailing whitespace')]
    : [];
}

/** The pod-only checks of `validatePodMetadataAndSpec` and `ValidatePodCreate`. */
export function validatePodOnly(specValue: unknown, path: FieldPath): FieldError[] {
  const spec = rec(specValue);
  const errs: FieldError[] = [];
  if (str(spec.nodeName) !== '' && recs(spec.schedulingGates).length > 0) {
    errs.push(forbidden(path.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  recs(spec.containers).forEach((c, i) =>
    errs.push(...validateImageWhitespace(c, path.child('containers').index(i))),
  );
  recs(spec.initContainers).forEach((c, i) =>
    errs.push(...validateImageWhitespace(c, path.child('initContainers').index(i))),
  );
  if (str(spec.serviceAccountName) === '') {
    recs(spec.volumes).forEach((v, vi) => {
      recs(rec(v.projected).sources).forEach((s, si) => {
        if (s.serviceAccountToken !== undefined && s.serviceAccountToken !== null) {
          const sp = path
            .child('volumes')
            .index(vi)
            .child('projected')
            .child('sources')
            .index(si)
            .child('serviceAccountToken');
          errs.push(forbidden(sp, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  return errs;
}

/**
 * `ValidatePodTemplateSpec`: a template's labels and annotations (at `<path>.labels` and
 * `<path>.annotations`, as upstream reports them), its pod spec, and no ephemeral containers.
 */
export function validatePodTemplateSpec(templateValue: unknown, path: FieldPath): FieldError[] {
  const template = rec(templateValue);
  const meta = rec(template.metadata);
  const errs: FieldError[] = [
    ...validateLabels(rec(meta.labels) as Record<string, string>, path.child('labels')),
    ...validateAnnotations(rec(meta.annotations) as Record<string, string>, path.child('annotations')),
    ...validatePodSpec(template.spec, path.child('spec'), { isPod: false }),
  ];
  if (recs(rec(template.spec).ephemeralContainers).length > 0) {
    errs.push(
      forbidden(
        path.child('spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}
