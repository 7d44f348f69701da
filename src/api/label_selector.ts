/**
 * Label selectors, as upstream's `labels.Selector`: parsed from `?labelSelector=` strings or built
 * from a `metav1.LabelSelector` object, matched against an object's labels, printed in canonical
 * form. Two special selectors exist and are kept apart: `everything()` (no requirement, matches
 * all) and `nothing()` (matches none; what a nil `metav1.LabelSelector` means).
 */
import type { FieldError } from './field_errors.js';
import { FieldPath, forbidden, invalid, required } from './field_errors.js';
import { goQuote, goStringCompare } from './go_strings.js';
import type { Labels, Requirement } from './label_requirement.js';
import {
  SelectorParseError,
  newRequirement,
  requirementMatches,
  requirementToString,
} from './label_requirement.js';
import { parseRequirements } from './label_selector_parser.js';
import { isValidLabelValue } from './name_validation.js';
import { validateLabelName, validateLabels } from './object_meta_validation.js';

export type { Labels, Requirement, SelectorOperator } from './label_requirement.js';
export { SelectorParseError, newRequirement } from './label_requirement.js';

/** `metav1.LabelSelectorRequirement` (operator `In`, `NotIn`, `Exists` or `DoesNotExist`). */
export interface MetaLabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** `metav1.LabelSelector`, the object form used in `spec.selector` and friends. */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: MetaLabelSelectorRequirement[];
}

const byKey = (a: Requirement, b: Requirement) => goStringCompare(a.key, b.key);

/** An immutable label selector: the AND of its requirements, or the selector matching nothing. */
export class LabelSelector {
  private static readonly EVERYTHING = new LabelSelector([]);
  private static readonly NOTHING = new LabelSelector(null);

  private constructor(private readonly reqs: readonly Requirement[] | null) {}

  /** The selector with no requirement: matches every object, prints as the empty string. */
  static everything(): LabelSelector {
    return LabelSelector.EVERYTHING;
  }

  /** The selector that matches no object (upstream's `labels.Nothing()`), prints as the empty string. */
  static nothing(): LabelSelector {
    return LabelSelector.NOTHING;
  }

  /**
   * Parses the string form (`a=b,c in (x,y),!d`); the empty string is `everything()`. Throws
   * `SelectorParseError` with upstream's message.
   */
  static parse(selector: string): LabelSelector {
    return new LabelSelector(parseRequirements(selector));
  }

  /** The selector for these requirements (sorted by key). */
  static of(reqs: readonly Requirement[]): LabelSelector {
    return new LabelSelector([...reqs].sort(byKey));
  }

  /** True when all requirements hold for `labels`; always false for `nothing()`. */
  matches(labels: Labels): boolean {
    if (this.reqs === null) return false;
    return this.reqs.every((r) => requirementMatches(r, labels));
  }

  /** True when the selector does not restrict anything (`everything()`); false for `nothing()`. */
  isEmpty(): boolean {
    return this.reqs !== null && this.reqs.length === 0;
  }

  /** True for the selector that matches no object. */
  isNothing(): boolean {
    return this.reqs === null;
  }

  /** The requirements, sorted by key; empty for `everything()` and `nothing()`. */
  requirements(): readonly Requirement[] {
    return this.reqs ?? [];
  }

  /** A selector with these requirements added; `nothing()` stays `nothing()`. */
  add(...reqs: Requirement[]): LabelSelector {
    if (this.reqs === null) return this;
    return new LabelSelector([...this.reqs, ...reqs].sort(byKey));
  }

  /**
   * The single value the selector demands for `label` (via `=`, `==` or a one-value `in`), or
   * undefined; only the first requirement on that key is considered, as upstream.
   */
  requiresExactMatch(label: string): string | undefined {
    const r = this.reqs?.find((x) => x.key === label);
    if (!r || (r.operator !== '=' && r.operator !== '==' && r.operator !== 'in')) return undefined;
    return r.values.length === 1 ? r.values[0] : undefined;
  }

  /** Canonical form: requirements in key order, joined by `,`; empty for both special selectors. */
  toString(): string {
    return (this.reqs ?? []).map(requirementToString).join(',');
  }
}

/** `labels.Parse`: the same as `LabelSelector.parse`. */
export function parseLabelSelector(selector: string): LabelSelector {
  return LabelSelector.parse(selector);
}

/** `labels.SelectorFromSet`: `key=value` for each entry, unvalidated; no entries is `everything()`. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): LabelSelector {
  const keys = Object.keys(set ?? {});
  if (keys.length === 0) return LabelSelector.everything();
  return LabelSelector.of(keys.map((key) => ({ key, operator: '=', values: [set![key]!] })));
}

const OBJECT_OPERATORS: Readonly<Record<string, Requirement['operator']>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * `metav1.LabelSelectorAsSelector`: null/undefined → `nothing()`, no labels and no expressions →
 * `everything()`, otherwise the requirements. Throws `SelectorParseError` with upstream's text
 * for an invalid key, value or operator (`"Foo" is not a valid pod selector operator`).
 */
export function labelSelectorAsSelector(ps: MetaLabelSelector | null | undefined): LabelSelector {
  if (ps == null) return LabelSelector.nothing();
  const labels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  const keys = Object.keys(labels).sort(goStringCompare);
  if (keys.length + exprs.length === 0) return LabelSelector.everything();
  const reqs = keys.map((k) => newRequirement(k, '=', [labels[k]!]));
  for (const expr of exprs) {
    const op = Object.prototype.hasOwnProperty.call(OBJECT_OPERATORS, expr.operator)
      ? OBJECT_OPERATORS[expr.operator]!
      : undefined;
    if (!op)
      throw new SelectorParseError(`${goQuote(expr.operator ?? '')} is not a valid pod selector operator`);
    const values = expr.values ?? [];
    reqs.push(newRequirement(expr.key ?? '', op, values, values.length === 0));
  }
  return LabelSelector.of(reqs);
}

/** `metav1.FormatLabelSelector`, used by printers: the canonical string, `<none>` or `<error>`. */
export function formatLabelSelector(ps: MetaLabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ps).toString();
  } catch (e) {
    if (e instanceof SelectorParseError) return '<error>';
    throw e;
  }
  return s === '' ? '<none>' : s;
}

/** Options of `validateLabelSelector`, as upstream's `LabelSelectorValidationOptions`. */
export interface LabelSelectorValidationOptions {
  /** Skip the label-value check of expression values (for old objects that already have them). */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/**
 * `ValidateLabelSelector`: `matchLabels` as labels; each expression with a qualified-name key,
 * values required for `In`/`NotIn` and forbidden for `Exists`/`DoesNotExist`, a known operator
 * and valid label values. Errors are under `path` (e.g. `spec.selector`).
 */
export function validateLabelSelector(
  ps: MetaLabelSelector | null | undefined,
  path: FieldPath | string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (ps == null) return [];
  const p = typeof path === 'string' ? FieldPath.root(path) : path;
  const errs = validateLabels(ps.matchLabels, p.child('matchLabels'));
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    const ep = p.child('matchExpressions').index(i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(required(ep.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbidden(
              ep.child('values'),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(invalid(ep.child('operator'), expr.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key ?? '', ep.child('key')));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v)) errs.push(invalid(ep.child('values').index(j), v, msg));
      });
    }
  });
  return errs;
}
