/**
 * Field validation errors, as apimachinery's `field.Error`: a path, a type, the bad value and a
 * detail. Their text matches upstream exactly, because kubectl users read it:
 * `spec.containers[0].name: Required value`, `metadata.name: Invalid value: "Foo": a lowercase …`.
 */

/** The kinds of field error, with upstream's cause type (`reason`) and text. */
export const FieldErrorType = {
  NotFound: { reason: 'FieldValueNotFound', text: 'Not found' },
  Required: { reason: 'FieldValueRequired', text: 'Required value' },
  Duplicate: { reason: 'FieldValueDuplicate', text: 'Duplicate value' },
  Invalid: { reason: 'FieldValueInvalid', text: 'Invalid value' },
  TypeInvalid: { reason: 'FieldValueTypeInvalid', text: 'Invalid value' },
  NotSupported: { reason: 'FieldValueNotSupported', text: 'Unsupported value' },
  Forbidden: { reason: 'FieldValueForbidden', text: 'Forbidden' },
  TooLong: { reason: 'FieldValueTooLong', text: 'Too long' },
  TooMany: { reason: 'FieldValueTooMany', text: 'Too many' },
  Internal: { reason: 'InternalError', text: 'Internal error' },
} as const;

/** One of the `FieldErrorType` entries. */
export type FieldErrorKind = (typeof FieldErrorType)[keyof typeof FieldErrorType];

/** Marks a field error whose value is not worth printing. */
export const OMIT_VALUE = Symbol('omit value');

/** One invalid field. */
export interface FieldError {
  readonly type: FieldErrorKind;
  /** The field's path, e.g. `spec.containers[0].ports[1].containerPort`. */
  readonly field: string;
  readonly value: unknown;
  readonly detail: string;
}

/**
 * A field path under construction: `root.child('spec').child('containers').index(0)` prints as
 * `spec.containers[0]`, `.key('app')` as `[app]`.
 */
export class FieldPath {
  private constructor(private readonly text: string) {}

  /** A path starting at `name` (optionally followed by more names). */
  static root(name: string, ...more: string[]): FieldPath {
    return more.reduce((p, n) => p.child(n), new FieldPath(name));
  }

  /** The path to a field of this one. */
  child(name: string, ...more: string[]): FieldPath {
    const first = new FieldPath(this.text ? `${this.text}.${name}` : name);
    return more.reduce((p, n) => p.child(n), first);
  }

  /** The path to an element of this list. */
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** The path to an entry of this map. */
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

type PathLike = FieldPath | string;

const make = (type: FieldErrorKind, path: PathLike, value: unknown, detail: string): FieldError => ({
  type,
  field: String(path),
  value,
  detail,
});

/** A required field is missing. */
export const required = (path: PathLike, detail = ''): FieldError =>
  make(FieldErrorType.Required, path, '', detail);
/** A field has a value it must not have. */
export const invalid = (path: PathLike, value: unknown, detail: string): FieldError =>
  make(FieldErrorType.Invalid, path, value, detail);
/** A value of the wrong type (schema validation of custom resources). */
export const typeInvalid = (path: PathLike, value: unknown, detail: string): FieldError =>
  make(FieldErrorType.TypeInvalid, path, value, detail);
/** A value outside a fixed set. */
export const notSupported = (path: PathLike, value: unknown, supported: readonly string[]): FieldError =>
  make(
    FieldErrorType.NotSupported,
    path,
    value,
    supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '',
  );
/** A value that appears twice where it must be unique. */
export const duplicate = (path: PathLike, value: unknown): FieldError =>
  make(FieldErrorType.Duplicate, path, value, '');
/** A field that may not be set (or changed) here. */
export const forbidden = (path: PathLike, detail: string): FieldError =>
  make(FieldErrorType.Forbidden, path, '', detail);
/** A value that is too long. */
export const tooLong = (path: PathLike, value: unknown, maxLength: number): FieldError =>
  make(FieldErrorType.TooLong, path, value, `may not be more than ${maxLength} bytes`);
/** A list with too many items. */
export const tooMany = (path: PathLike, actual: number, max: number): FieldError =>
  make(FieldErrorType.TooMany, path, actual, `must have at most ${max} items`);
/** A reference to something that does not exist. */
export const notFound = (path: PathLike, value: unknown): FieldError =>
  make(FieldErrorType.NotFound, path, value, '');

/** The text of a field error after its path, as upstream's `ErrorBody()`. */
export function fieldErrorBody(e: FieldError): string {
  let s: string = e.type.text;
  const valueless =
    e.type === FieldErrorType.Required ||
    e.type === FieldErrorType.Forbidden ||
    e.type === FieldErrorType.TooLong ||
    e.type === FieldErrorType.Internal ||
    e.value === OMIT_VALUE;
  if (!valueless) s += `: ${formatValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** The whole text of a field error: `path: body`. */
export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Formats a bad value the way Go's `%v`/`%q` would for the common JSON types. */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
