/**
 * One requirement of a label selector (`k8s.io/apimachinery/pkg/labels.Requirement`): a key, an
 * operator and values; how it is validated, matched and printed. Invalid requirements raise a
 * `SelectorParseError` whose message is upstream's text, field paths included.
 */
import { goQuote, goStringCompare, goStringSlice } from './go_strings.js';
import { isQualifiedName, isValidLabelValue } from './name_validation.js';

/** Upstream's `selection.Operator` values, as written in selector strings. */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

/** The operators that take values, in upstream's order (used in its error texts). */
export const BINARY_OPERATORS: readonly SelectorOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
/** The operators that take no value. */
export const UNARY_OPERATORS: readonly SelectorOperator[] = ['exists', '!'];

/** A validated requirement. `values` keep the order given (the parser sorts and dedupes them). */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A label selector that could not be parsed or built; the message is upstream's. */
export class SelectorParseError extends Error {
  override name = 'SelectorParseError';
}

/** The labels of an object; absent labels are an empty set. */
export type Labels = Readonly<Record<string, string>> | undefined;

const hasLabel = (labels: Labels, key: string): labels is Readonly<Record<string, string>> =>
  labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(s, 10, 64)`: the value, or undefined when not a decimal int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/**
 * Joins error texts as upstream's aggregate error does: duplicates dropped, one text alone, several
 * as `[a, b]`.
 */
export function aggregateMessages(msgs: readonly string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** The text of a field `Invalid value` error whose value is printed as Go would. */
export function invalidText(field: string, goValue: string, detail: string): string {
  return `${field}: Invalid value: ${goValue}: ${detail}`;
}

/**
 * Builds a requirement with upstream's `NewRequirement` checks (qualified-name key, value counts
 * per operator, integer values for `gt`/`lt`, valid label values). `nilValues` marks a Go nil
 * slice, which only changes how an empty list is printed in errors. Throws `SelectorParseError`.
 */
export function newRequirement(
  key: string,
  operator: SelectorOperator,
  values: readonly string[],
  nilValues = false,
): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalidText('key', goQuote(key), keyErrs.join('; ')));
  const shown = goStringSlice(values, nilValues && values.length === 0);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(invalidText('values', shown, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(invalidText('values', shown, 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(invalidText('values', shown, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(invalidText('values', shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(
            invalidText(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
    default: {
      const supported = [...BINARY_OPERATORS, ...UNARY_OPERATORS].map(goQuote).join(', ');
      errs.push(`operator: Unsupported value: ${goQuote(String(operator))}: supported values: ${supported}`);
    }
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalidText(`values[${i}][${key}]`, goQuote(v), msgs.join('; ')));
  });
  if (errs.length) throw new SelectorParseError(aggregateMessages(errs));
  return { key, operator, values: [...values] };
}

/** Whether `labels` satisfy the requirement, as upstream's `Requirement.Matches`. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return hasLabel(labels, r.key) && r.values.includes(labels[r.key]!);
    case 'notin':
    case '!=':
      return !hasLabel(labels, r.key) || !r.values.includes(labels[r.key]!);
    case 'exists':
      return hasLabel(labels, r.key);
    case '!':
      return !hasLabel(labels, r.key);
    case 'gt':
    case 'lt': {
      if (!hasLabel(labels, r.key) || r.values.length !== 1) return false;
      const have = parseInt64(labels[r.key]!);
      const want = parseInt64(r.values[0]!);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

const OPERATOR_TEXT: Readonly<Record<SelectorOperator, string>> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** The requirement in selector syntax (`a in (x,y)`, `!a`, `a!=b`), values sorted. */
export function requirementToString(r: Requirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort(goStringCompare).join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${values})` : values}`;
}
