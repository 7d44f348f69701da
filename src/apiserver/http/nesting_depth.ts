/**
 * Bounds on how deeply a request body nests. Decoders and the code after them walk objects
 * recursively; a body nested thousands of levels deep would exhaust the stack (the YAML parser
 * can even bring the process down), so such bodies are refused up front with a 400.
 */
import { badRequestError } from '../../api/status_error.js';

/** The deepest nesting accepted in a body (objects and lists, or YAML indentation levels). */
export const MAX_NESTING_DEPTH = 256;

/**
 * The nesting depth of YAML (or JSON) text, estimated from above without parsing: the deepest
 * run of unclosed `[`/`{` (quoted text skipped) plus the deepest stack of block indentation.
 */
export function textNestingDepth(text: string): number {
  let flow = 0;
  let maxFlow = 0;
  let quote: string | undefined;
  const indents: number[] = [];
  let maxIndent = 0;
  let lineStart = true;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      col = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '-') {
        col++;
        continue;
      }
      lineStart = false;
      if (c !== '#' && flow === 0) {
        while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
        indents.push(col);
        maxIndent = Math.max(maxIndent, indents.length);
      }
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      // A comment runs to the end of the line.
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') maxFlow = Math.max(maxFlow, ++flow);
    else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return maxFlow + maxIndent;
}

/** Throws 400 when `text` nests deeper than `MAX_NESTING_DEPTH`. */
export function checkTextNesting(text: string, decoder: string): void {
  if (textNestingDepth(text) > MAX_NESTING_DEPTH) {
    throw badRequestError(`${decoder}: exceeded max depth of ${MAX_NESTING_DEPTH}`);
  }
}
