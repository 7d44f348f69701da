import type { FieldError } from '../../api/field_errors.js';
import type { NameValidator } from '../../api/name_validation.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validatePathSegmentName,
} from '../../api/name_validation.js';
import type { KubeObject } from '../../api/object.js';
import {
  validateObjectMeta as validateMeta,
  validateObjectMetaUpdate as validateMetaUpdate,
} from '../../api/object_meta_validation.js';
import type { ResourceDef } from '../registry/resource.js';

/** Name rules that differ from the default DNS subdomain, by `group/plural`, as upstream. */
const NAME_RULES: Record<string, NameValidator> = {
  '/namespaces': nameIsDNSLabel,
  '/services': nameIsDNS1035Label,
  'rbac.authorization.k8s.io/roles': validatePathSegmentName,
  'rbac.authorization.k8s.io/rolebindings': validatePathSegmentName,
  'rbac.authorization.k8s.io/clusterroles': validatePathSegmentName,
  'rbac.authorization.k8s.io/clusterrolebindings': validatePathSegmentName,
};

/** The name rule of a resource. */
export function nameRuleFor(def: Pick<ResourceDef, 'group' | 'plural'>): NameValidator {
  return NAME_RULES[`${def.group}/${def.plural}`] ?? nameIsDNSSubdomain;
}

/** `metadata` checks of a create, with the resource's name rule. */
export function validateObjectMeta(obj: KubeObject, def: ResourceDef): FieldError[] {
  return validateMeta(obj.metadata, { namespaced: def.namespaced, nameFn: nameRuleFor(def) });
}

/** `metadata` checks of an update, create checks included. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject, def: ResourceDef): FieldError[] {
  return [...validateObjectMeta(obj, def), ...validateMetaUpdate(obj.metadata, old.metadata)];
}
