/**
 * Small validators shared by the built-in resources, each the counterpart of an upstream helper
 * (`ValidateNonnegativeField`, `ValidateDNS1123Label`, `ValidateImmutableField`, …) with the
 * same texts.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import { invalid, notSupported, required } from '../../../api/field_errors.js';
import type { NameValidator } from '../../../api/name_validation.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidPortName,
  isValidPortNum,
} from '../../../api/name_validation.js';
import { FIELD_IMMUTABLE_ERROR_MSG } from '../../../api/object_meta_validation.js';
import { deepEqual } from '../../../api/object.js';
import { Quantity, QuantityParseError } from '../../../api/quantity.js';

type PathLike = FieldPath | string;

/** `apimachineryvalidation.IsNegativeErrorMsg`. */
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

/** `ValidateNonnegativeField`: `must be greater than or equal to 0`. */
export function validateNonnegative(value: unknown, path: PathLike): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** A field that must be greater than zero (`must be greater than zero`). */
export function validatePositive(value: unknown, path: PathLike): FieldError[] {
  return typeof value === 'number' && value <= 0 ? [invalid(path, value, 'must be greater than zero')] : [];
}

/** `ValidateDNS1123Label` of a value at `path`. */
export function validateDNS1123Label(value: string, path: PathLike): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

/** `ValidateDNS1123Subdomain` of a value at `path`. */
export function validateDNS1123Subdomain(value: string, path: PathLike): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
}

/** `ValidateQualifiedName` of a value at `path`. */
export function validateQualifiedName(value: string, path: PathLike): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}

/** A name checked with a kind's name rule (`ValidateNodeName`, `ValidateServiceAccountName`, …). */
export function validateNameWith(fn: NameValidator, value: string, path: PathLike): FieldError[] {
  return fn(value, false).map((m) => invalid(path, value, m));
}

/** `validation.IsValidIP` as field errors. */
export function validateIP(value: string, path: PathLike): FieldError[] {
  return isValidIP(value).map((m) => invalid(path, value, m));
}

/** `ValidatePortNumOrName`: a port number (1-65535) or an IANA service name. */
export function validatePortNumOrName(port: unknown, path: PathLike): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  return [invalid(path, port ?? null, 'must be an integer or a port name')];
}

/** `ValidateImmutableField` comparing JSON values deeply. */
export function validateImmutable(newValue: unknown, oldValue: unknown, path: PathLike): FieldError[] {
  const unset = (v: unknown) => v === undefined || v === null;
  if ((unset(newValue) && unset(oldValue)) || deepEqual(newValue, oldValue)) return [];
  return [invalid(path, newValue ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** A required string field: `Required value` when empty. */
export function requireString(value: unknown, path: PathLike, detail = ''): FieldError[] {
  return typeof value === 'string' && value !== '' ? [] : [required(path, detail)];
}

/** A value from a fixed set; `Required value` when empty, `Unsupported value` otherwise. */
export function validateEnum(value: unknown, supported: readonly string[], path: PathLike): FieldError[] {
  if (value === undefined || value === null || value === '') return [required(path)];
  return supported.includes(value as string) ? [] : [notSupported(path, value, supported)];
}

/** Parses a quantity from JSON (string or number); undefined when it does not parse. */
export function parseQuantityValue(v: unknown): Quantity | undefined {
  try {
    if (typeof v === 'number') return Quantity.parse(String(v));
    if (typeof v === 'string') return Quantity.parse(v);
  } catch (e) {
    if (e instanceof QuantityParseError || e instanceof RangeError) return undefined;
    throw e;
  }
  return undefined;
}

/** `String()` of a quantity value as upstream prints it (the raw text when it does not parse). */
export function quantityText(v: unknown): string {
  const q = parseQuantityValue(v);
  return q ? q.toString() : typeof v === 'string' ? v : String(v ?? '');
}
