/**
 * The parser for the string form of label selectors (`?labelSelector=`), a port of upstream's
 * lexer and recursive-descent parser in `k8s.io/apimachinery/pkg/labels/selector.go`, so that the
 * same inputs are accepted and the same error texts come out.
 *
 * ```
 * <selector>    ::= <requirement> | <requirement> "," <selector>
 * <requirement> ::= [!] KEY [ <set-based> | <exact> ]
 * <set-based>   ::= ( "in" | "notin" ) "(" VALUE { "," VALUE } ")"
 * <exact>       ::= ( "=" | "==" | "!=" | ">" | "<" ) VALUE
 * ```
 */
import { goQuote, goStringCompare } from './go_strings.js';
import type { Requirement, SelectorOperator } from './label_requirement.js';
import { BINARY_OPERATORS, SelectorParseError, invalidText, newRequirement } from './label_requirement.js';
import { isQualifiedName } from './name_validation.js';

const T = {
  Error: 0,
  EndOfString: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
type Token = (typeof T)[keyof typeof T];

const LITERAL_TOKENS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', T.ClosedPar],
  [',', T.Comma],
  ['!', T.DoesNotExist],
  ['==', T.DoubleEquals],
  ['=', T.Equals],
  ['>', T.GreaterThan],
  ['in', T.In],
  ['<', T.LessThan],
  ['!=', T.NotEquals],
  ['notin', T.NotIn],
  ['(', T.OpenPar],
]);

interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c) && c !== '';

/** Splits the input into tokens. A NUL character ends the input, as upstream's byte reader does. */
class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  /** The next character, or '' at the end (or at a NUL). */
  private read(): string {
    if (this.pos < this.s.length) {
      const c = this.s[this.pos++]!;
      return c === '\0' ? '' : c;
    }
    return '';
  }

  private unread(): void {
    this.pos--;
  }

  private scanIdOrKeyword(): Item {
    let buf = '';
    for (;;) {
      const c = this.read();
      if (c === '') break;
      if (isSpecial(c) || isWhitespace(c)) {
        this.unread();
        break;
      }
      buf += c;
    }
    return { tok: LITERAL_TOKENS.get(buf) ?? T.Identifier, lit: buf };
  }

  private scanSpecialSymbol(): Item {
    let buf = '';
    let last: Item | undefined;
    for (;;) {
      const c = this.read();
      if (c === '') break;
      if (!isSpecial(c)) {
        this.unread();
        break;
      }
      buf += c;
      const tok = LITERAL_TOKENS.get(buf);
      if (tok !== undefined) last = { tok, lit: buf };
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: T.Error, lit: `error expected: keyword found '${buf}'` };
  }

  lex(): Item {
    let c = this.read();
    while (isWhitespace(c)) c = this.read();
    if (c === '') return { tok: T.EndOfString, lit: '' };
    this.unread();
    return isSpecial(c) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }
}

/** Whether `in`/`notin` are operators here (after a key) or plain values. */
type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly items: Item[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === T.EndOfString) break;
    }
  }

  private look(ctx: Context, at: number): Item {
    const item = this.items[at]!;
    if (ctx === 'values' && (item.tok === T.In || item.tok === T.NotIn))
      return { tok: T.Identifier, lit: item.lit };
    return item;
  }

  private lookahead(ctx: Context): Item {
    return this.look(ctx, this.position);
  }

  private consume(ctx: Context): Item {
    return this.look(ctx, this.position++);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === T.EndOfString) return reqs;
      if (tok !== T.Identifier && tok !== T.DoesNotExist) {
        throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        if (!(e instanceof SelectorParseError)) throw e;
        throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
      }
      const next = this.consume('values');
      if (next.tok === T.EndOfString) return reqs;
      if (next.tok !== T.Comma) {
        throw new SelectorParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      const after = this.lookahead('values');
      if (after.tok !== T.Identifier && after.tok !== T.DoesNotExist) {
        throw new SelectorParseError(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred) return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort(goStringCompare));
  }

  /** The key, and `exists`/`!` when no binary operator follows it. */
  private parseKeyAndInferOperator(): [string, SelectorOperator | undefined] {
    let operator: SelectorOperator | undefined;
    let item = this.consume('values');
    if (item.tok === T.DoesNotExist) {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== T.Identifier) throw new SelectorParseError(`found '${item.lit}', expected: identifier`);
    const keyErrs = isQualifiedName(item.lit);
    if (keyErrs.length)
      throw new SelectorParseError(invalidText('<nil>', goQuote(item.lit), keyErrs.join('; ')));
    const next = this.lookahead('values').tok;
    if ((next === T.EndOfString || next === T.Comma) && operator !== '!') operator = 'exists';
    return [item.lit, operator];
  }

  private parseOperator(): SelectorOperator {
    const { tok, lit } = this.consume('keyAndOperator');
    switch (tok) {
      case T.In:
        return 'in';
      case T.Equals:
        return '=';
      case T.DoubleEquals:
        return '==';
      case T.GreaterThan:
        return 'gt';
      case T.LessThan:
        return 'lt';
      case T.NotIn:
        return 'notin';
      case T.NotEquals:
        return '!=';
      default:
        throw new SelectorParseError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.tok !== T.OpenPar) throw new SelectorParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead('values');
    if (tok === T.Identifier || tok === T.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume('values').tok !== T.ClosedPar)
        throw new SelectorParseError(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === T.ClosedPar) {
      this.consume('values');
      return new Set(['']);
    }
    throw new SelectorParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      if (tok === T.Identifier) {
        s.add(lit);
        const next = this.lookahead('values');
        if (next.tok === T.Comma) continue;
        if (next.tok === T.ClosedPar) return s;
        throw new SelectorParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== T.Comma) throw new SelectorParseError(`found '${lit}', expected: ',', or identifier`);
      if (s.size === 0) s.add('');
      const next = this.lookahead('values').tok;
      if (next === T.ClosedPar) {
        s.add('');
        return s;
      }
      if (next === T.Comma) {
        this.consume('values');
        s.add('');
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').tok;
    if (next === T.EndOfString || next === T.Comma) return new Set(['']);
    const { tok, lit } = this.consume('values');
    if (tok === T.Identifier) return new Set([lit]);
    throw new SelectorParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * Parses a selector string into its requirements, sorted by key (stably). Throws
 * `SelectorParseError` with upstream's message, e.g. `unable to parse requirement: found '',
 * expected: in, notin, =, ==, !=, gt, lt`. The empty string gives no requirements.
 */
export function parseRequirements(selector: string): Requirement[] {
  const reqs = new Parser(selector).parse();
  return reqs.sort((a, b) => goStringCompare(a.key, b.key));
}
