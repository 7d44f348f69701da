/**
 * Field errors whose bad value upstream prints with Go's `%#v` (maps, slices, structs):
 * `spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: …`. The shared
 * field-error printer quotes composite values as JSON, so these errors carry the Go text in
 * their detail and mark the value as omitted; the resulting message is upstream's exactly.
 */
import type { FieldError, FieldErrorKind } from '../../../api/field_errors.js';
import { FieldErrorType, OMIT_VALUE } from '../../../api/field_errors.js';
import { goQuote, goStringSlice } from '../../../api/go_strings.js';
import { isPlainObject } from '../../../api/object.js';
import { arr, rec, sortedKeys, str, strs } from '../../../api/json_fields.js';

/** A field error of `type` whose value is already Go-formatted text (`goText`). */
export function goError(
  type: FieldErrorKind,
  path: string | { toString(): string },
  goText: string,
  detail: string,
): FieldError {
  return { type, field: String(path), value: OMIT_VALUE, detail: detail ? `${goText}: ${detail}` : goText };
}

/** An `Invalid value` error whose value is already Go-formatted text (`goText`). */
export function invalidGo(path: string | { toString(): string }, goText: string, detail: string): FieldError {
  return goError(FieldErrorType.Invalid, path, goText, detail);
}

/** `%#v` of a `map[string]string`; `map[string]string(nil)` when absent. */
export function goStringMap(v: unknown): string {
  if (!isPlainObject(v)) return 'map[string]string(nil)';
  const m = v as Record<string, unknown>;
  const parts = sortedKeys(m).map((k) => `${goQuote(k)}:${goQuote(str(m[k]))}`);
  return `map[string]string{${parts.join(', ')}}`;
}

/** `%#v` of a `[]string`; `[]string(nil)` when absent. */
export function goStrings(v: unknown): string {
  return Array.isArray(v) ? goStringSlice(strs(v)) : goStringSlice([], true);
}

/** `%#v` of a `metav1.LabelSelector` (the value printed for invalid or changed selectors). */
export function goLabelSelector(v: unknown): string {
  const sel = rec(v);
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${arr(sel.matchExpressions)
        .map((e) => {
          const r = rec(e);
          return `v1.LabelSelectorRequirement{Key:${goQuote(str(r.key))}, Operator:${goQuote(
            str(r.operator),
          )}, Values:${goStrings(r.values)}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** `%#v` of an `intstr.IntOrString` (`intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  const n = typeof v === 'number' ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

/** `%#v` of a `[]byte`: `[]byte{0x2d, 0xa}`, `[]byte(nil)` when absent. */
export function goBytes(v: Uint8Array | undefined): string {
  if (!v) return '[]byte(nil)';
  return `[]byte{${[...v].map((b) => `0x${b.toString(16)}`).join(', ')}}`;
}
