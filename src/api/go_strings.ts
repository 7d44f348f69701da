/**
 * Go's string behaviour where upstream's output depends on it: `%q` (`strconv.Quote`), `%#v` of a
 * `[]string`, and Go's byte-wise string ordering. JSON quoting and JavaScript's UTF-16 ordering
 * differ from Go's for some characters, so texts that must match upstream use these instead.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * `s` as Go's `strconv.Quote` (and so `fmt`'s `%q`) prints it: double-quoted, printable
 * characters kept, `\n`-style escapes, `\x..` for other ASCII controls, `\u....`/`\U........` for
 * other non-printable runes. A lone UTF-16 surrogate counts as U+FFFD, as Go sees it once encoded.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) {
      out += short;
      continue;
    }
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const c = String.fromCodePoint(cp);
    if (PRINTABLE.test(c)) out += c;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/**
 * A string list as Go's `%#v` prints a `[]string`: `[]string{"a", "b"}`, `[]string{}` when empty
 * and `[]string(nil)` when `nil` is true (Go's nil slice).
 */
export function goStringSlice(values: readonly string[], nil = false): string {
  if (nil) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/**
 * Orders strings as Go compares them (by UTF-8 bytes), for `sort.Strings`-compatible output.
 * Differs from JavaScript's default order only around characters outside the BMP.
 */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
