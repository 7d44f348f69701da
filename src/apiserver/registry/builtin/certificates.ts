/**
 * CertificateSigningRequests (certificates.k8s.io/v1): the requester recorded from the request's
 * user, status cleared on create, NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION, and
 * `ValidateCertificateRequestCreate` for signer, usages and duration.
 */
import type { FieldError } from '../../../api/field_errors.js';
import {
  duplicate,
  FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../api/field_errors.js';
import { humanDuration } from '../../../api/duration.js';
import { isDNS1123Subdomain } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { NAME_COLUMN, col, objectAge, AGE_COLUMN } from './cells.js';
import { defineResource } from './define.js';
import { goBytes, invalidGo } from './go_value.js';
import { rec, recs, specOf, str, strs } from '../../../api/json_fields.js';

const KEY_USAGES = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

/** `extractCSRStatus`: Denied / Approved / Pending, then `,Failed` and `,Issued`. */
export function csrCondition(o: KubeObject): string {
  const status = rec(o.status);
  const types = new Set(recs(status.conditions).map((c) => c.type));
  let text = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) text += ',Failed';
  if (str(status.certificate) !== '') text += ',Issued';
  return text;
}

/** `ValidateSignerName`: `<domain>/<path>`. */
function validateSignerName(name: string, path: FieldPath): FieldError[] {
  if (name === '') return [required(path)];
  const slash = name.indexOf('/');
  if (slash < 0)
    return [
      invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'"),
    ];
  const domain = name.slice(0, slash);
  const errs = isDNS1123Subdomain(domain).map((m) => invalid(path, name, m));
  if (name.slice(slash + 1) === '') errs.push(invalid(path, name, 'validating path: path must not be empty'));
  return errs;
}

function validateCSR(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const request = Buffer.from(str(spec.request), 'base64');
  if (
    !/-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/.test(
      request.toString('latin1'),
    )
  ) {
    errs.push(
      invalidGo(
        path.child('request'),
        goBytes(spec.request === undefined ? undefined : request),
        'PEM block type must be CERTIFICATE REQUEST',
      ),
    );
  }
  errs.push(...validateSignerName(str(spec.signerName), path.child('signerName')));
  const usages = strs(spec.usages);
  if (usages.length === 0) errs.push(required(path.child('usages')));
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) errs.push(notSupported(path.child('usages').index(i), u, KEY_USAGES));
  });
  const seconds = spec.expirationSeconds;
  if (typeof seconds === 'number' && seconds < 600) {
    errs.push(
      invalid(
        path.child('expirationSeconds'),
        seconds,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  }
  return errs;
}

const APPROVAL_TYPES = new Set(['Approved', 'Denied']);

/**
 * A status or approval update keeps what the other one owns: `approval` changes only the
 * Approved and Denied conditions, `status` everything else (the certificate, Failed …). Condition
 * times are filled in as upstream's `populateConditionTimestamps`.
 */
function prepareCSRStatus(obj: KubeObject, old: KubeObject, subresource: 'status' | 'approval'): void {
  const oldStatus = rec(old.status);
  const newStatus = rec(obj.status);
  const oldConds = recs(oldStatus.conditions);
  const newConds = recs(newStatus.conditions);
  const approvalOwned = (c: Record<string, unknown>) => APPROVAL_TYPES.has(str(c.type));
  let conditions: Record<string, unknown>[];
  let status: Record<string, unknown>;
  if (subresource === 'approval') {
    conditions = [...newConds.filter(approvalOwned), ...oldConds.filter((c) => !approvalOwned(c))];
    status = { ...oldStatus };
  } else {
    conditions = [...oldConds.filter(approvalOwned), ...newConds.filter((c) => !approvalOwned(c))];
    status = { ...newStatus };
  }
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const c of conditions) {
    if (!c.status) c.status = 'True';
    if (!c.lastUpdateTime) c.lastUpdateTime = now;
    const before = oldConds.find((o) => o.type === c.type);
    if (!c.lastTransitionTime)
      c.lastTransitionTime =
        before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
  }
  status.conditions = conditions;
  obj.status = status;
}

/** `validateCertificateSigningRequestStatusUpdate` and the approval one. */
function validateCSRStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const path = FieldPath.root('status');
  const errs: FieldError[] = [];
  const conds = recs(rec(obj.status).conditions);
  const seen = new Set<string>();
  conds.forEach((c, i) => {
    const type = str(c.type);
    const at = path.child('conditions').index(i);
    if (type === '') errs.push(required(at.child('type')));
    else if (seen.has(type)) errs.push(duplicate(at.child('type'), type));
    seen.add(type);
    if (!['True', 'False', 'Unknown'].includes(str(c.status)))
      errs.push(notSupported(at.child('status'), c.status, ['False', 'True', 'Unknown']));
  });
  const trueOf = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
  if (trueOf('Approved') && trueOf('Denied'))
    errs.push(
      invalid(path.child('conditions'), 'Approved', 'Approved and Denied conditions are mutually exclusive'),
    );
  for (const c of recs(rec(old.status).conditions)) {
    const type = str(c.type);
    if (APPROVAL_TYPES.has(type) && !conds.some((n) => n.type === type))
      errs.push(
        forbidden(
          path.child('conditions'),
          `updates may not remove a condition of type ${JSON.stringify(type)}`,
        ),
      );
  }
  const cert = str(rec(obj.status).certificate);
  const oldCert = str(rec(old.status).certificate);
  if (oldCert !== '' && cert !== oldCert)
    errs.push(
      invalid(path.child('certificate'), '[omitted]', 'updates may not modify existing certificate content'),
    );
  else if (
    cert !== '' &&
    !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(
      Buffer.from(cert, 'base64').toString('latin1'),
    )
  )
    errs.push(
      invalid(
        path.child('certificate'),
        '<certificate data>',
        'must contain at least one CERTIFICATE PEM block',
      ),
    );
  return errs;
}

/** CertificateSigningRequests. */
export function certificateSigningRequestsResource(): ResourceDef {
  return defineResource({
    group: 'certificates.k8s.io',
    version: 'v1',
    kind: 'CertificateSigningRequest',
    plural: 'certificatesigningrequests',
    namespaced: false,
    shortNames: ['csr'],
    subresources: ['approval', 'status'],
    fieldSelectors: { 'spec.signerName': (o) => str(rec(o.spec).signerName) },
    table: {
      columns: [
        NAME_COLUMN,
        AGE_COLUMN,
        col('SignerName'),
        col('Requestor'),
        col('RequestedDuration'),
        col('Condition'),
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        const signer = str(spec.signerName) || '<none>';
        const duration =
          typeof spec.expirationSeconds === 'number'
            ? humanDuration(spec.expirationSeconds * 1000)
            : '<none>';
        return [
          o.metadata.name ?? '',
          objectAge(o, now),
          signer,
          str(spec.username),
          duration,
          csrCondition(o),
        ];
      },
    },
    strategy: {
      prepareForCreate(obj, ctx) {
        const spec = specOf(obj);
        delete spec.uid;
        delete spec.groups;
        delete spec.extra;
        spec.username = ctx.user;
        const info = ctx.userInfo;
        if (info?.uid) spec.uid = info.uid;
        if (info?.groups.length) spec.groups = [...info.groups];
        if (info?.extra && Object.keys(info.extra).length) spec.extra = structuredClone(info.extra);
        obj.status = { conditions: [] };
      },
      prepareForUpdate(obj, old) {
        obj.spec = old.spec;
        obj.status = old.status;
      },
      prepareForStatusUpdate: prepareCSRStatus,
      validateStatusUpdate: validateCSRStatus,
      validate: validateCSR,
    },
  });
}
