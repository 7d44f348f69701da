/**
 * Go's `fmt` rendering of decoded JSON values. Upstream's strategic merge patch sorts and
 * compares list items by their `%v` text and quotes values with `%v` in its error messages, so
 * matching upstream means formatting exactly as Go does.
 */
import type { JsonValue } from './json_value.js';
import { isJsonObject } from './json_value.js';

/** `fmt.Sprintf("%v", value)` for a value decoded from JSON into `interface{}`. */
export function goFormat(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareGoStrings);
    return `map[${keys.map((key) => `${key}:${goFormat(value[key] ?? null)}`).join(' ')}]`;
  }
  if (typeof value === 'number') return goFormatNumber(value);
  return String(value);
}

/** Go's `%v` of an int64 or float64 (shortest `%g`, exponent from 1e+06 or below 1e-04). */
export function goFormatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 21 || (exponent >= 6 && !Number.isInteger(value))) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** Go's `%s` of a value that should be a string (`%!s(type=value)` otherwise). */
export function goFormatString(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '%!s(<nil>)';
  const type = Array.isArray(value)
    ? '[]interface {}'
    : isJsonObject(value)
      ? 'map[string]interface {}'
      : typeof value === 'boolean'
        ? 'bool'
        : Number.isInteger(value)
          ? 'int64'
          : 'float64';
  return `%!s(${type}=${goFormat(value)})`;
}

const encoder = new TextEncoder();

/** Go's byte-wise string ordering (`a < b` on UTF-8 bytes), as a sort comparator. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(encoder.encode(a), encoder.encode(b));
}
