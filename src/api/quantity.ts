/**
 * Resource quantities (`k8s.io/apimachinery/pkg/api/resource.Quantity`): `100m`, `1.5Gi`, `2e3`,
 * held exactly as a BigInt times a power of ten, never as a float. Parsing, rounding (up, to
 * nano-units), the BinarySI cap at 2^63-1, comparison and the canonical `String()` form follow
 * upstream, including its habit of printing some inputs exactly as written (`+1Ki`, `1E3`).
 */

/** How a quantity is printed: `12e6`, `12Mi` (2^20) or `12M` (10^6). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** The pattern upstream quotes in its format error. */
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Upstream's `ErrFormatWrong` text. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
/** Upstream's `ErrNumeric` text. */
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
/** Upstream's `ErrSuffix` text. */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** A string that is not a quantity; the message is one of upstream's three. */
export class QuantityParseError extends Error {
  override name = 'QuantityParseError';
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT32_MAX = 2 ** 31 - 1;
/** Aligning two exponents further apart than this would build absurdly large numbers; refused. */
const MAX_ALIGN_DIGITS = 10_000;

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const DECIMAL_SUFFIX_OF: ReadonlyMap<number, string> = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);
const BINARY_SUFFIX_OF = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const pow10 = (n: number) => 10n ** BigInt(n);
const abs = (v: bigint) => (v < 0n ? -v : v);
const digitCount = (v: bigint) => abs(v).toString().length;

interface Scanned {
  positive: boolean;
  /** The numeric text as written, sign included (upstream's `value`). */
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** Upstream's `parseQuantityString`: splits sign, integer digits, fraction digits and suffix. */
function scan(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    let j = pos;
    while (isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = j;
  }
  const value = str.slice(0, pos);
  let k = pos;
  while (k < end && 'eEinumkKMGTP'.includes(str[k]!)) k++;
  if (k < end && (str[k] === '-' || str[k] === '+')) k++;
  while (isDigit(str[k])) k++;
  if (k < end) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  return { positive, value, num, denom, suffix: str.slice(pos) };
}

/** Upstream's suffix table lookup, then `e<int>`/`E<int>` exponents within ±(2^31-1). */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (
    suffix.length > 1 &&
    (suffix[0] === 'e' || suffix[0] === 'E') &&
    /^[+-]?[0-9]+$/.test(suffix.slice(1))
  ) {
    const e = Number(suffix.slice(1));
    if (Math.abs(e) <= INT32_MAX) return { base: 10, exponent: e, format: 'DecimalExponent' };
  }
  return undefined;
}

/** Compares m1·10^e1 with m2·10^e2 exactly, without building numbers larger than the operands. */
function compareScaled(m1: bigint, e1: number, m2: bigint, e2: number): -1 | 0 | 1 {
  const s1 = m1 > 0n ? 1 : m1 < 0n ? -1 : 0;
  const s2 = m2 > 0n ? 1 : m2 < 0n ? -1 : 0;
  if (s1 !== s2) return s1 > s2 ? 1 : -1;
  if (s1 === 0) return 0;
  if (Math.abs(e1 - e2) <= 36) {
    // Close exponents (the usual case): align directly, no digit counting.
    const e = Math.min(e1, e2);
    const a = m1 * pow10(e1 - e);
    const b = m2 * pow10(e2 - e);
    return a > b ? 1 : a < b ? -1 : 0;
  }
  const o1 = digitCount(m1) + e1;
  const o2 = digitCount(m2) + e2;
  let c: number;
  if (o1 !== o2) {
    c = o1 > o2 ? 1 : -1;
  } else {
    const e = Math.min(e1, e2);
    const a = abs(m1) * pow10(e1 - e);
    const b = abs(m2) * pow10(e2 - e);
    c = a > b ? 1 : a < b ? -1 : 0;
  }
  if (c === 0) return 0;
  return (s1 > 0 ? c : -c) as -1 | 1;
}

/** Rounds a non-negative m·10^e up to a whole number of nano-units. */
function roundUpToNano(m: bigint, e: number): [bigint, number] {
  if (m === 0n) return [0n, 0];
  if (e >= -9) return [m, e];
  if (digitCount(m) + e <= -9) return [1n, -9];
  const p = pow10(-9 - e);
  return [m / p + (m % p === 0n ? 0n : 1n), -9];
}

/** Strips trailing zeros into the exponent, then lowers it to a multiple of 3 (upstream's `AsCanonicalBytes`). */
function canonicalDecimal(m: bigint, e: number): [string, number] {
  const full = abs(m).toString();
  let digits = full.replace(/0+$/, '');
  e += full.length - digits.length;
  while (e % 3 !== 0) {
    digits += '0';
    e--;
  }
  return [(m < 0n ? '-' : '') + digits, e];
}

function toBigInt(n: number | bigint): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return BigInt(n);
}

/** An exact, immutable quantity with the format it prints in. */
export class Quantity {
  private constructor(
    /** The value is `unscaled × 10^exponent`. */
    private readonly unscaled: bigint,
    private readonly exponent: number,
    /** How `toString()` prints the value. */
    readonly format: QuantityFormat,
    /** The input text, when upstream would print it back unchanged. */
    private readonly text?: string,
  ) {}

  /**
   * `resource.ParseQuantity`. Throws `QuantityParseError` with upstream's message for anything
   * else (the empty string included). Rounds up to 1n precision; caps BinarySI magnitudes at 2^63-1; a BinarySI
   * value between -1 and 1 becomes DecimalSI.
   */
  static parse(str: string): Quantity {
    if (str === '') throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
    if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0');
    const { positive, value, num, denom, suffix } = scan(str);
    const suffixInfo = interpret(suffix);
    if (!suffixInfo) throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
    const { base, exponent } = suffixInfo;
    let format = suffixInfo.format;

    // Upstream's int64 fast path: it decides whether the text is kept verbatim for printing, and
    // only outside it must the numeric part hold a digit.
    let text: string | undefined;
    let fast = false;
    let precision = -1;
    let scale = 0;
    let mantissa = 1n;
    if (base === 10) {
      scale = exponent;
      precision = 18 - (num.length + denom.length);
    } else if (denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    }
    if (precision >= 0 && scale - denom.length >= -9) {
      scale -= denom.length;
      const shifted = num + denom;
      const v = BigInt(shifted);
      if (v * mantissa <= INT64_MAX) {
        fast = true;
        const canonical =
          base === 2 ? (v & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        if (canonical) text = str;
      }
    }
    if (!fast && !/[0-9]/.test(value)) throw new QuantityParseError(QUANTITY_NUMERIC_ERROR);

    let m = BigInt(num + denom);
    let e = -denom.length;
    if (base === 10) e += exponent;
    else m <<= BigInt(exponent);
    [m, e] = roundUpToNano(m, e);
    if (format === 'BinarySI') {
      if (compareScaled(m, e, INT64_MAX, 0) > 0) [m, e] = [INT64_MAX, 0];
      if (m !== 0n && compareScaled(m, e, 1n, 0) < 0) format = 'DecimalSI';
    }
    return new Quantity(positive ? m : -m, e, format, text);
  }

  /**
   * Reads a quantity from decoded JSON as upstream's `UnmarshalJSON` does: a string (trimmed) or a
   * number; null is zero. Throws `QuantityParseError`.
   */
  static fromJSON(v: unknown): Quantity {
    if (v === null) return Quantity.zero();
    if (typeof v === 'string') return Quantity.parse(v.trim());
    if (typeof v === 'number' && Number.isFinite(v)) return Quantity.parse(String(v));
    throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  }

  /** Zero, printed `0`. */
  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format);
  }

  /** `resource.NewQuantity`: an integer value. */
  static fromValue(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(toBigInt(value), 0, format);
  }

  /** `resource.NewMilliQuantity`: `value` thousandths. */
  static fromMilli(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(toBigInt(value), -3, format);
  }

  /** `resource.NewScaledQuantity`: `value × 10^scale`, DecimalSI. */
  static fromScaled(value: number | bigint, scale: number): Quantity {
    if (!Number.isSafeInteger(scale)) throw new RangeError(`not a safe integer: ${scale}`);
    return new Quantity(toBigInt(value), scale, 'DecimalSI');
  }

  /** True when the value is zero. */
  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
  }

  /** Exact comparison: -1, 0 or 1 (`1Gi` equals `1073741824`, `1` equals `1000m`). */
  cmp(y: Quantity): -1 | 0 | 1 {
    return compareScaled(this.unscaled, this.exponent, y.unscaled, y.exponent);
  }

  /** True when the values are equal, whatever their formats. */
  equals(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  private combine(y: Quantity, sign: 1n | -1n): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (y.isZero()) return new Quantity(this.unscaled, this.exponent, format);
    if (this.isZero()) return new Quantity(sign * y.unscaled, y.exponent, format);
    const e = Math.min(this.exponent, y.exponent);
    if (Math.max(this.exponent, y.exponent) - e > MAX_ALIGN_DIGITS) {
      throw new RangeError('quantity exponents too far apart to combine exactly');
    }
    const a = this.unscaled * pow10(this.exponent - e);
    const b = y.unscaled * pow10(y.exponent - e);
    return new Quantity(a + sign * b, e, format);
  }

  /** The sum; a zero receiver takes `y`'s format, otherwise the receiver's is kept. */
  add(y: Quantity): Quantity {
    return this.combine(y, 1n);
  }

  /** The difference; a zero receiver takes `y`'s format, otherwise the receiver's is kept. */
  sub(y: Quantity): Quantity {
    return this.combine(y, -1n);
  }

  /** The value times an integer. */
  mul(n: number | bigint): Quantity {
    return new Quantity(this.unscaled * toBigInt(n), this.exponent, this.format);
  }

  /** The negated value, same format. */
  neg(): Quantity {
    return new Quantity(-this.unscaled, this.exponent, this.format);
  }

  /**
   * `ScaledValue`: ceil(|q| / 10^scale) with q's sign (rounded away from zero), saturated to the
   * int64 range. `scaledValue(0)` is the value, `scaledValue(-3)` the milli-value.
   */
  scaledValue(scale: number): bigint {
    const m = this.unscaled;
    if (m === 0n) return 0n;
    const a = abs(m);
    const e = this.exponent - scale;
    const d = digitCount(a);
    let r: bigint;
    if (e >= 0) r = d + e > 19 ? INT64_MAX + 1n : a * pow10(e);
    else if (d + e <= 0) r = 1n;
    else {
      const p = pow10(-e);
      r = a / p + (a % p === 0n ? 0n : 1n);
    }
    if (m < 0n) return -r < INT64_MIN ? INT64_MIN : -r;
    return r > INT64_MAX ? INT64_MAX : r;
  }

  /** `Value()`: the value rounded up (away from zero) to an integer; exact below 2^53. */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** `MilliValue()`: ceil(q × 1000), away from zero; exact below 2^53. */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  /** The nearest float (`AsApproximateFloat64`), for scoring and display, never for decisions. */
  toNumber(): number {
    return Number(`${this.unscaled}e${this.exponent}`);
  }

  /**
   * Upstream's `String()`: the canonical form (largest suffix that keeps the value an integer, no
   * fraction digits; BinarySI only for integers of magnitude 1024 or more), or the input text
   * when upstream keeps it.
   */
  toString(): string {
    if (this.text !== undefined) return this.text;
    if (this.unscaled === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const small = this.cmp(Quantity.fromValue(-1024)) > 0 && this.cmp(Quantity.fromValue(1024)) < 0;
      const whole = this.exponent >= 0 ? this.unscaled * pow10(this.exponent) : undefined;
      const p = this.exponent < 0 ? pow10(-this.exponent) : 1n;
      const exact = whole ?? (this.unscaled % p === 0n ? this.unscaled / p : undefined);
      if (small || exact === undefined) format = 'DecimalSI';
      else {
        let m = exact;
        let e = 0;
        while (m % 1024n === 0n) {
          m /= 1024n;
          e++;
        }
        if (e < BINARY_SUFFIX_OF.length) return `${m}${BINARY_SUFFIX_OF[e]}`;
        format = 'DecimalExponent';
      }
    }
    const [digits, e] = canonicalDecimal(this.unscaled, this.exponent);
    const si = format === 'DecimalSI' ? DECIMAL_SUFFIX_OF.get(e) : undefined;
    return digits + (si ?? (e === 0 ? '' : `e${e}`));
  }

  /** The JSON form: the `toString()` text. */
  toJSON(): string {
    return this.toString();
  }
}

/** `resource.ParseQuantity`: the same as `Quantity.parse`. */
export function parseQuantity(str: string): Quantity {
  return Quantity.parse(str);
}
