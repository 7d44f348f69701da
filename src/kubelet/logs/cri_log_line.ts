/**
 * One line of a CRI container log file, as the runtime writes it:
 * `<RFC3339Nano time> <stdout|stderr> <tags> <content>\n`, where the first tag is `F` for a full
 * line or `P` for a partial one (the rest of the logical line follows in the next entries).
 */

/** The stream a log entry came from. */
export type LogStream = 'stdout' | 'stderr';

/** A parsed CRI log entry. */
export interface CriLogLine {
  /** The time as RFC3339Nano with exactly nine fractional digits, in UTC (`…05.120000000Z`). */
  timestamp: string;
  /** The same time in milliseconds since the epoch (sub-millisecond digits dropped). */
  timeMs: number;
  stream: LogStream;
  /** True for a `P` entry: the content carries no newline and continues in the next entry. */
  partial: boolean;
  /** The content; a full entry's content ends with `\n`. */
  content: Buffer;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const TIME_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses one entry (with or without its trailing newline). Returns undefined for a line that is
 * not a CRI log entry (upstream's kubelet skips such lines). A full entry's content always ends
 * with a newline, a partial entry's never.
 */
export function parseCriLogLine(line: Buffer): CriLogLine | undefined {
  const i1 = line.indexOf(SPACE);
  if (i1 <= 0) return undefined;
  const time = parseRfc3339Nano(line.toString('latin1', 0, i1));
  if (!time) return undefined;
  const i2 = line.indexOf(SPACE, i1 + 1);
  if (i2 < 0) return undefined;
  const stream = line.toString('latin1', i1 + 1, i2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  let i3 = line.indexOf(SPACE, i2 + 1);
  let tagEnd = i3;
  if (i3 < 0) {
    // `<time> <stream> F` with no content at all (no delimiter after the tag).
    tagEnd = line.length > i2 + 1 && line[line.length - 1] === NEWLINE ? line.length - 1 : line.length;
    i3 = tagEnd;
  }
  const tags = line.toString('latin1', i2 + 1, tagEnd);
  if (tags === '') return undefined;
  const partial = tags.split(':')[0] === 'P';
  let content = line.subarray(Math.min(i3 + 1, line.length));
  const endsWithNewline = content.length > 0 && content[content.length - 1] === NEWLINE;
  if (partial && endsWithNewline) content = content.subarray(0, content.length - 1);
  if (!partial && !endsWithNewline) content = Buffer.concat([content, Buffer.from('\n')]);
  return { ...time, stream, partial, content };
}

/**
 * Parses an RFC 3339 time with up to nine fractional digits. Returns the UTC form with exactly
 * nine digits (upstream's `RFC3339NanoFixed`) and the epoch milliseconds, or undefined.
 */
export function parseRfc3339Nano(text: string): { timestamp: string; timeMs: number } | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const [, base, fraction = '', zone] = m;
  const ms = Date.parse(`${base}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = fraction.padEnd(9, '0');
  const timeMs = ms + Number(nanos.slice(0, 3));
  const utc = zone === 'Z' ? base! : new Date(ms).toISOString().slice(0, 19);
  return { timestamp: `${utc}.${nanos}Z`, timeMs };
}
