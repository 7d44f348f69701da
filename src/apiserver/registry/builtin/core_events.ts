/**
 * Events, in both representations that share `/registry/events`: core/v1 (`involvedObject`,
 * `message`, `firstTimestamp`…) and events.k8s.io/v1 (`regarding`, `note`, `deprecated*`…). One
 * table (LAST SEEN TYPE REASON OBJECT MESSAGE, as upstream's `printEvent`) reads either shape;
 * validation follows upstream's `ValidateEventCreate` for each API version.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, required } from '../../../api/field_errors.js';
import { isDNS1123Subdomain } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { NAME_COLUMN, col, since } from './cells.js';
import { defineResource } from './define.js';
import { num, rec, str } from '../../../api/json_fields.js';
import { validateImmutable, validateQualifiedName } from './validate.js';

/** The fields of an event the table and selectors use, whichever API version wrote it. */
export interface EventView {
  firstTimestamp: string;
  lastTimestamp: string;
  eventTime: string;
  count: number;
  series: Record<string, unknown> | undefined;
  involved: Record<string, unknown>;
  sourceComponent: string;
  sourceHost: string;
  reportingController: string;
  reportingInstance: string;
  type: string;
  reason: string;
  message: string;
}

/** Reads an event of either shape (events.k8s.io objects have `regarding`/`note`). */
export function eventView(o: KubeObject): EventView {
  const newApi = o.apiVersion?.startsWith('events.k8s.io/') === true;
  const source = rec(newApi ? o.deprecatedSource : o.source);
  return {
    firstTimestamp: str(newApi ? o.deprecatedFirstTimestamp : o.firstTimestamp),
    lastTimestamp: str(newApi ? o.deprecatedLastTimestamp : o.lastTimestamp),
    eventTime: str(o.eventTime),
    count: num(newApi ? o.deprecatedCount : o.count),
    series: isPlainObject(o.series) ? o.series : undefined,
    involved: rec(newApi ? o.regarding : o.involvedObject),
    sourceComponent: str(source.component),
    sourceHost: str(source.host),
    reportingController: str(newApi ? o.reportingController : o.reportingComponent),
    reportingInstance: str(o.reportingInstance),
    type: str(o.type),
    reason: str(o.reason),
    message: str(newApi ? o.note : o.message),
  };
}

/** The event columns; `Subobject`, `Source`, `First Seen`, `Count` and `Name` only with `-o wide`. */
export const EVENT_COLUMNS: PrinterColumn[] = [
  col('Last Seen'),
  col('Type'),
  col('Reason'),
  col('Object'),
  col('Subobject', undefined, true),
  col('Source', undefined, true),
  col('Message'),
  col('First Seen', undefined, true),
  col('Count', undefined, true),
  { ...NAME_COLUMN, priority: 1 },
];

/** One row of the event table (`printEvent`, wide). */
export function printEvent(o: KubeObject, now: Date): unknown[] {
  const e = eventView(o);
  const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
  let count = e.count;
  if (e.series) {
    last = since(str(e.series.lastObservedTime), now);
    count = num(e.series.count);
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(e.involved.kind).toLowerCase();
  const name = str(e.involved.name);
  const target = name !== '' ? `${kind}/${name}` : kind;
  const component = e.sourceComponent || e.reportingController;
  const host = e.sourceHost || e.reportingInstance;
  const source = host === '' ? component : `${component}, ${host}`;
  return [
    last,
    e.type,
    e.reason,
    target,
    str(e.involved.fieldPath),
    source,
    e.message.trim(),
    first,
    count,
    o.metadata.name ?? '',
  ];
}

const involved = (key: string) => (o: KubeObject) => str(eventView(o).involved[key]);

/** The field selectors of core/v1 events. */
export const CORE_EVENT_FIELD_SELECTORS: Record<string, (o: KubeObject) => string> = {
  'involvedObject.kind': involved('kind'),
  'involvedObject.namespace': involved('namespace'),
  'involvedObject.name': involved('name'),
  'involvedObject.uid': involved('uid'),
  'involvedObject.apiVersion': involved('apiVersion'),
  'involvedObject.resourceVersion': involved('resourceVersion'),
  'involvedObject.fieldPath': involved('fieldPath'),
  reason: (o) => eventView(o).reason,
  reportingComponent: (o) => eventView(o).reportingController,
  source: (o) => eventView(o).sourceComponent || eventView(o).reportingController,
  type: (o) => eventView(o).type,
};

/** The field selectors of events.k8s.io/v1 events (upstream's label conversion of its names). */
export const EVENTS_V1_FIELD_SELECTORS: Record<string, (o: KubeObject) => string> = {
  'regarding.kind': involved('kind'),
  'regarding.namespace': involved('namespace'),
  'regarding.name': involved('name'),
  'regarding.uid': involved('uid'),
  'regarding.apiVersion': involved('apiVersion'),
  'regarding.resourceVersion': involved('resourceVersion'),
  'regarding.fieldPath': involved('fieldPath'),
  reason: (o) => eventView(o).reason,
  reportingController: (o) => eventView(o).reportingController,
  type: (o) => eventView(o).type,
};

const LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

/** `legacyValidateEvent`: namespace agreement, and the fields "new" events (with `eventTime`) need. */
export function legacyValidateEvent(o: KubeObject, reportingField: string): FieldError[] {
  const e = eventView(o);
  const ns = o.metadata.namespace ?? '';
  const involvedNs = str(e.involved.namespace);
  const errs: FieldError[] = [];
  const nsPath = FieldPath.root('involvedObject', 'namespace');
  if (e.eventTime === '') {
    if (involvedNs === '') {
      if (ns !== '' && ns !== 'default')
        errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    } else if (ns !== involvedNs) {
      errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    }
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system')
      errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    if (e.reportingController === '') errs.push(required(reportingField));
    errs.push(...validateQualifiedName(e.reportingController, reportingField));
    if (e.reportingInstance === '') errs.push(required('reportingInstance'));
    if (e.reportingInstance.length > LENGTH_LIMIT)
      errs.push(invalid('reportingInstance', '', `can have at most ${LENGTH_LIMIT} characters`));
    const action = str(o.action);
    if (action === '') errs.push(required('action'));
    if (action.length > LENGTH_LIMIT)
      errs.push(invalid('action', '', `can have at most ${LENGTH_LIMIT} characters`));
    if (e.reason === '') errs.push(required('reason'));
    if (e.reason.length > LENGTH_LIMIT)
      errs.push(invalid('reason', '', `can have at most ${LENGTH_LIMIT} characters`));
    if (e.message.length > NOTE_LENGTH_LIMIT)
      errs.push(invalid('message', '', `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid('namespace', ns, m)));
  return errs;
}

/** The strict checks events.k8s.io/v1 adds (upstream reports them with core field names). */
export function validateEventsV1(o: KubeObject): FieldError[] {
  const e = eventView(o);
  const errs = legacyValidateEvent(o, 'reportingController');
  if (e.series) {
    if (num(e.series.count) < 2)
      errs.push(invalid(FieldPath.root('series', 'count'), '', 'should be at least 2'));
    if (!e.series.lastObservedTime) errs.push(required(FieldPath.root('series', 'lastObservedTime')));
  }
  if (e.eventTime === '') errs.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning')
    errs.push(invalid('type', '', `has invalid value: ${e.type}`));
  if (e.firstTimestamp !== '') errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (e.lastTimestamp !== '') errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  if (e.sourceComponent !== '' || e.sourceHost !== '') errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** The immutable fields of an events.k8s.io/v1 update (`ValidateEventUpdate`). */
export function validateEventsV1Update(o: KubeObject, old: KubeObject): FieldError[] {
  const n = eventView(o);
  const p = eventView(old);
  return [
    ...validateImmutable(n.involved, p.involved, 'involvedObject'),
    ...validateImmutable(n.reason, p.reason, 'reason'),
    ...validateImmutable(n.message, p.message, 'message'),
    ...validateImmutable(o.deprecatedSource, old.deprecatedSource, 'source'),
    ...validateImmutable(n.firstTimestamp, p.firstTimestamp, 'firstTimestamp'),
    ...validateImmutable(n.lastTimestamp, p.lastTimestamp, 'lastTimestamp'),
    ...validateImmutable(n.count, p.count, 'count'),
    ...validateImmutable(n.type, p.type, 'type'),
    ...validateImmutable(o.action, old.action, 'action'),
    ...validateImmutable(o.related, old.related, 'related'),
    ...validateImmutable(n.eventTime, p.eventTime, 'eventTime'),
    ...validateImmutable(n.reportingController, p.reportingController, 'reportingController'),
    ...validateImmutable(n.reportingInstance, p.reportingInstance, 'reportingInstance'),
  ];
}

/** Events in core/v1. */
export function coreEventsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    allowCreateOnUpdate: true,
    fieldSelectors: CORE_EVENT_FIELD_SELECTORS,
    table: { columns: EVENT_COLUMNS, printRow: printEvent },
    strategy: {
      validate: (obj) => legacyValidateEvent(obj, 'reportingComponent'),
    },
  });
}

/** Events in events.k8s.io/v1 (the same storage as core events). */
export function eventsV1Resource(): ResourceDef {
  return defineResource({
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    storagePrefix: 'events',
    allowCreateOnUpdate: true,
    fieldSelectors: EVENTS_V1_FIELD_SELECTORS,
    table: { columns: EVENT_COLUMNS, printRow: printEvent },
    strategy: {
      validate: validateEventsV1,
      validateUpdate: validateEventsV1Update,
    },
  });
}
