/**
 * RBAC (rbac.authorization.k8s.io/v1): Roles and ClusterRoles (the default table), RoleBindings
 * and ClusterRoleBindings (NAME ROLE AGE | USERS GROUPS SERVICEACCOUNTS), upstream's defaults of
 * `apiGroup`s and its validation (rules need verbs; `roleRef` is fixed once created).
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, notSupported, required } from '../../../api/field_errors.js';
import { goQuote } from '../../../api/go_strings.js';
import { nameIsDNSSubdomain, validatePathSegmentName } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { validateLabelSelector } from '../../../api/label_selector.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { goStrings, invalidGo } from './go_value.js';
import { rec, recs, str, strs } from '../../../api/json_fields.js';
import { validateNameWith } from './validate.js';

/** The RBAC API group. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `rbac.SubjectsStrings`: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(subjects: unknown): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of recs(subjects)) {
    if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return [users, groups, sas];
}

const BINDING_COLUMNS = (what: string): PrinterColumn[] => [
  NAME_COLUMN,
  col('Role'),
  AGE_COLUMN,
  col('Users', `Users in the ${what}`, true),
  col('Groups', `Groups in the ${what}`, true),
  col('ServiceAccounts', `ServiceAccounts in the ${what}`, true),
];

/** One row of a (cluster) role binding table. */
export function printBinding(o: KubeObject, now: Date): unknown[] {
  const ref = rec(o.roleRef);
  const [users, groups, sas] = subjectsStrings(o.subjects);
  return [
    o.metadata.name ?? '',
    `${str(ref.kind)}/${str(ref.name)}`,
    objectAge(o, now),
    users.join(', '),
    groups.join(', '),
    sas.join(', '),
  ];
}

/** `ValidatePolicyRule`. */
function validateRules(o: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  recs(o.rules).forEach((rule, i) => {
    const p = FieldPath.root('rules').index(i);
    if (strs(rule.verbs).length === 0)
      errs.push(required(p.child('verbs'), 'verbs must contain at least one value'));
    const urls = strs(rule.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced)
        errs.push(
          invalidGo(
            p.child('nonResourceURLs'),
            goStrings(rule.nonResourceURLs),
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (
        strs(rule.apiGroups).length > 0 ||
        strs(rule.resources).length > 0 ||
        strs(rule.resourceNames).length > 0
      ) {
        errs.push(
          invalidGo(
            p.child('nonResourceURLs'),
            goStrings(rule.nonResourceURLs),
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      return;
    }
    if (strs(rule.apiGroups).length === 0)
      errs.push(required(p.child('apiGroups'), 'resource rules must supply at least one api group'));
    if (strs(rule.resources).length === 0)
      errs.push(required(p.child('resources'), 'resource rules must supply at least one resource'));
  });
  return errs;
}

function validateClusterRole(o: KubeObject): FieldError[] {
  const errs = validateRules(o, false);
  if (isPlainObject(o.aggregationRule)) {
    const selectors = recs(o.aggregationRule.clusterRoleSelectors);
    const p = FieldPath.root('aggregationRule', 'clusterRoleSelectors');
    if (selectors.length === 0)
      errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s as MetaLabelSelector, p.index(i))));
  }
  return errs;
}

/** `ValidateRoleBindingSubject`. */
function validateSubjects(o: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  recs(o.subjects).forEach((s, i) => {
    const p = FieldPath.root('subjects').index(i);
    const name = str(s.name);
    if (name === '') errs.push(required(p.child('name')));
    switch (s.kind) {
      case 'ServiceAccount':
        if (name !== '') errs.push(...validateNameWith(nameIsDNSSubdomain, name, p.child('name')));
        if (str(s.apiGroup) !== '') errs.push(notSupported(p.child('apiGroup'), s.apiGroup, ['']));
        if (!namespaced && str(s.namespace) === '') errs.push(required(p.child('namespace')));
        break;
      case 'User':
      case 'Group':
        if (s.apiGroup !== RBAC_GROUP)
          errs.push(notSupported(p.child('apiGroup'), s.apiGroup ?? '', [RBAC_GROUP]));
        break;
      default:
        errs.push(notSupported(p.child('kind'), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

/** `ValidateRoleBinding` / `ValidateClusterRoleBinding`. */
function validateBinding(o: KubeObject, namespaced: boolean): FieldError[] {
  const ref = rec(o.roleRef);
  const errs: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP)
    errs.push(notSupported(FieldPath.root('roleRef', 'apiGroup'), ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind)))
    errs.push(notSupported(FieldPath.root('roleRef', 'kind'), ref.kind ?? '', kinds));
  const name = str(ref.name);
  if (name === '') errs.push(required(FieldPath.root('roleRef', 'name')));
  else errs.push(...validateNameWith(validatePathSegmentName, name, FieldPath.root('roleRef', 'name')));
  errs.push(...validateSubjects(o, namespaced));
  return errs;
}

/** `cannot change roleRef`, with the new reference printed as Go does. */
function validateRoleRefUnchanged(o: KubeObject, old: KubeObject): FieldError[] {
  const ref = rec(o.roleRef);
  const prev = rec(old.roleRef);
  if (ref.apiGroup === prev.apiGroup && ref.kind === prev.kind && ref.name === prev.name) return [];
  const text = `rbac.RoleRef{APIGroup:${goQuote(str(ref.apiGroup))}, Kind:${goQuote(str(ref.kind))}, Name:${goQuote(str(ref.name))}}`;
  return [invalidGo('roleRef', text, 'cannot change roleRef')];
}

/** `SetDefaults_{,Cluster}RoleBinding` and `SetDefaults_Subject`. */
export function defaultBinding(o: KubeObject): void {
  if (isPlainObject(o.roleRef) && !o.roleRef.apiGroup) o.roleRef.apiGroup = RBAC_GROUP;
  for (const s of recs(o.subjects)) {
    if (s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}

/** Roles. */
export function rolesResource(): ResourceDef {
  return defineResource({
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    allowCreateOnUpdate: true,
    strategy: { validate: (o) => validateRules(o, true) },
  });
}

/** ClusterRoles. */
export function clusterRolesResource(): ResourceDef {
  return defineResource({
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
    allowCreateOnUpdate: true,
    strategy: { validate: validateClusterRole },
  });
}

/** RoleBindings. */
export function roleBindingsResource(): ResourceDef {
  return defineResource({
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
    allowCreateOnUpdate: true,
    table: { columns: BINDING_COLUMNS('roleBinding'), printRow: printBinding },
    strategy: {
      defaults: defaultBinding,
      validate: (o) => validateBinding(o, true),
      validateUpdate: validateRoleRefUnchanged,
    },
  });
}

/** ClusterRoleBindings. */
export function clusterRoleBindingsResource(): ResourceDef {
  return defineResource({
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
    allowCreateOnUpdate: true,
    table: { columns: BINDING_COLUMNS('clusterRoleBinding'), printRow: printBinding },
    strategy: {
      defaults: defaultBinding,
      validate: (o) => validateBinding(o, false),
      validateUpdate: validateRoleRefUnchanged,
    },
  });
}
