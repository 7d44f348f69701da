/**
 * Turns a decoded Kubernetes protobuf message into the JSON form the JSON API carries for the same
 * Go object: JSON field names, int64 as numbers, `bytes` as base64, maps as objects, embedded
 * structs inlined, and the apimachinery types whose JSON is custom (Time, MicroTime, Quantity,
 * IntOrString, RawExtension, FieldsV1, ExtraValue) in their JSON shapes.
 *
 * Presence follows the wire: a field absent on the wire is absent here. A field of a Go value type
 * (`(gogoproto.nullable) = false`) is always on the wire, so a zero scalar there means unset and is
 * left out, as Go's `omitempty` leaves it out of JSON (unless the tag lacks `omitempty`:
 * `(json.omitempty) = false`); a pointer field present with its zero value (`replicas: 0`) is kept.
 */
import type protobuf from 'protobufjs';
import {
  EMBED_OPTION,
  JSON_NAME_OPTION,
  NULLABLE_OPTION,
  OMITEMPTY_OPTION,
} from './kubernetes_proto_root.js';
import { formatMicroTime, formatTime } from './proto_time.js';
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';

/** A decoded protobufjs message: own properties are the fields present on the wire. */
type DecodedMessage = Record<string, unknown>;

/** What a conversion needs besides the message: a way to decode an embedded protobuf object. */
export interface ProtoToJsonContext {
  /** Decodes bytes in the Kubernetes envelope (`k8s\0` + runtime.Unknown) held by a RawExtension. */
  decodeEmbedded(raw: Uint8Array): unknown;
}

const META = '.k8s.io.apimachinery.pkg.apis.meta.v1.';
const TIME = `${META}Time`;
const MICRO_TIME = `${META}MicroTime`;
const FIELDS_V1 = `${META}FieldsV1`;
const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const RAW_EXTENSION = '.k8s.io.apimachinery.pkg.runtime.RawExtension';
/** Go named slices (`type ExtraValue []string`): JSON is the bare array. */
const STRING_SLICES = new Set([
  '.k8s.io.api.authentication.v1.ExtraValue',
  '.k8s.io.api.authorization.v1.ExtraValue',
  '.k8s.io.api.certificates.v1.ExtraValue',
]);

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const ENVELOPE_MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** How one field of a message type is converted; computed once per type. */
interface FieldPlan {
  readonly name: string;
  readonly jsonName: string;
  readonly field: protobuf.Field;
  readonly repeated: boolean;
  readonly map: boolean;
  /** The message type of the field (of the map value, for a map), if it is a message. */
  readonly messageType: protobuf.Type | null;
  /** True for a Go value field whose JSON omits its zero: a zero scalar there is left out. */
  readonly omitZero: boolean;
  readonly embedded: boolean;
}

const plans = new WeakMap<protobuf.Type, readonly FieldPlan[]>();

function planFor(type: protobuf.Type): readonly FieldPlan[] {
  let plan = plans.get(type);
  if (!plan) {
    plan = type.fieldsArray.map((field) => {
      const options = field.options ?? {};
      const resolved = field.resolve().resolvedType;
      const jsonName = options[JSON_NAME_OPTION];
      return {
        name: field.name,
        jsonName: typeof jsonName === 'string' ? jsonName : field.name,
        field,
        repeated: field.repeated,
        map: field.map,
        messageType: resolved && 'fieldsArray' in resolved ? (resolved as protobuf.Type) : null,
        omitZero: options[NULLABLE_OPTION] === false && options[OMITEMPTY_OPTION] !== false,
        embedded: options[EMBED_OPTION] === true,
      };
    });
    plans.set(type, plan);
  }
  return plan;
}

/** Converts `message` (decoded as `type`) to its JSON form. */
export function messageToJson(type: protobuf.Type, message: unknown, ctx: ProtoToJsonContext): unknown {
  switch (type.fullName) {
    case TIME:
      return formatTime(timestampOf(message));
    case MICRO_TIME:
      return formatMicroTime(timestampOf(message));
    case QUANTITY:
      return stringField(message, 'string') ?? '0';
    case INT_OR_STRING:
      return intOrString(message);
    case RAW_EXTENSION:
      return rawExtension(bytesField(message, 'raw'), ctx);
    case FIELDS_V1:
      return fieldsV1(bytesField(message, 'Raw'));
  }
  if (STRING_SLICES.has(type.fullName)) {
    const items = own(message, 'items');
    return Array.isArray(items) ? [...(items as string[])] : [];
  }
  return objectToJson(type, message, ctx);
}

function objectToJson(
  type: protobuf.Type,
  message: unknown,
  ctx: ProtoToJsonContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const plan of planFor(type)) {
    const value = own(message, plan.name);
    if (value === undefined) continue;
    if (plan.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) continue;
      const obj: Record<string, unknown> = {};
      for (const [key, item] of entries) setKey(obj, key, elementToJson(plan, item, ctx));
      out[plan.jsonName] = obj;
    } else if (plan.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      out[plan.jsonName] = items.map((item) => elementToJson(plan, item, ctx));
    } else if (plan.messageType) {
      const converted = messageToJson(plan.messageType, value, ctx);
      if (plan.embedded && isPlainObject(converted)) Object.assign(out, converted);
      else out[plan.jsonName] = converted;
    } else {
      if (plan.omitZero && isZeroScalar(value)) continue;
      out[plan.jsonName] = scalarToJson(plan.field.type, value);
    }
  }
  return out;
}

function elementToJson(plan: FieldPlan, value: unknown, ctx: ProtoToJsonContext): unknown {
  if (plan.messageType) return messageToJson(plan.messageType, value, ctx);
  return scalarToJson(plan.field.type, value);
}

/** JSON for a scalar of protobuf type `protoType`. */
function scalarToJson(protoType: string, value: unknown): unknown {
  if (LONG_TYPES.has(protoType)) return longToNumber(value);
  if (protoType === 'bytes') return toBuffer(value).toString('base64');
  return value;
}

/** An int64 as decoded (a number, or a Long-like `{low, high, unsigned}`) as a JS number. */
export function longToNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (isLongLike(value)) {
    const high = value.unsigned === true ? value.high >>> 0 : value.high | 0;
    return high * 4294967296 + (value.low >>> 0);
  }
  throw new KubernetesProtobufError('Malformed', `expected a 64-bit integer, got ${typeof value}`);
}

function isZeroScalar(value: unknown): boolean {
  if (value === '' || value === 0 || value === false) return true;
  if (value instanceof Uint8Array) return value.length === 0;
  if (isLongLike(value)) return value.low === 0 && value.high === 0;
  return false;
}

function timestampOf(message: unknown): { seconds: number; nanos: number } | null {
  const seconds = own(message, 'seconds');
  const nanos = own(message, 'nanos');
  // Go writes nothing for the zero time; an empty message decodes back to it.
  if (seconds === undefined && nanos === undefined) return null;
  return {
    seconds: seconds === undefined ? 0 : longToNumber(seconds),
    nanos: typeof nanos === 'number' ? nanos : 0,
  };
}

function intOrString(message: unknown): number | string {
  const kind = own(message, 'type');
  const type = kind === undefined ? 0 : longToNumber(kind);
  if (type === 0) {
    const intVal = own(message, 'intVal');
    return typeof intVal === 'number' ? intVal : 0;
  }
  if (type === 1) return stringField(message, 'strVal') ?? '';
  throw new KubernetesProtobufError('Malformed', `IntOrString has impossible type ${type}`);
}

function rawExtension(raw: Uint8Array | undefined, ctx: ProtoToJsonContext): unknown {
  if (!raw || raw.length === 0) return null;
  if (raw.length >= 4 && ENVELOPE_MAGIC.every((byte, i) => raw[i] === byte)) return ctx.decodeEmbedded(raw);
  try {
    return JSON.parse(toBuffer(raw).toString('utf8'));
  } catch {
    throw new KubernetesProtobufError(
      'Malformed',
      'a RawExtension holds neither JSON nor a Kubernetes protobuf object',
    );
  }
}

function fieldsV1(raw: Uint8Array | undefined): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(toBuffer(raw).toString('utf8'));
  } catch {
    throw new KubernetesProtobufError('Malformed', 'managedFields fieldsV1 is not JSON');
  }
}

/** `obj[key] = value`, also for the key `__proto__` (a plain assignment would set the prototype). */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function own(message: unknown, name: string): unknown {
  if (typeof message !== 'object' || message === null || !Object.hasOwn(message, name)) return undefined;
  const value = (message as DecodedMessage)[name];
  return value === null ? undefined : value;
}

function stringField(message: unknown, name: string): string | undefined {
  const value = own(message, name);
  return typeof value === 'string' ? value : undefined;
}

function bytesField(message: unknown, name: string): Uint8Array | undefined {
  const value = own(message, name);
  return value instanceof Uint8Array ? value : undefined;
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new KubernetesProtobufError('Malformed', `expected bytes, got ${typeof value}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** protobufjs's int64 when the `long` package is present. */
interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

function isLongLike(value: unknown): value is LongLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LongLike>;
  return typeof v.low === 'number' && typeof v.high === 'number';
}
