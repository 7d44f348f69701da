/**
 * Static tokens (`--token-auth-file`), as kube-apiserver's token file authenticator: a CSV file
 * of `token,user,uid[,"group1,group2"]`, read once at start.
 */
import { readFileSync } from 'node:fs';
import type { UserInfo } from '../handlers/context.js';
import type { AuthResponse, TokenAuthenticator } from './authenticator.js';

/** Splits CSV text into records (RFC 4180 quoting, leading spaces of fields trimmed, as Go's reader). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let any = false;
  const endField = () => {
    record.push(field);
    field = '';
    atFieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      any = true;
    } else if (c === ',') {
      endField();
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field !== '') {
        endField();
        records.push(record);
      }
      record = [];
      field = '';
      atFieldStart = true;
      any = false;
    } else if ((c === ' ' || c === '\t') && atFieldStart) {
      continue;
    } else {
      field += c;
      atFieldStart = false;
      any = true;
    }
  }
  if (quoted) throw new Error('extraneous or missing " in quoted-field');
  if (any || field !== '') {
    endField();
    records.push(record);
  }
  return records;
}

/** A static token file's users by token. */
export interface StaticTokens {
  tokens: Map<string, UserInfo>;
  /** Warnings upstream logs: empty and duplicate tokens (the later duplicate wins). */
  warnings: string[];
}

/**
 * Parses a token file's text. Throws upstream's error for a record with fewer than three
 * columns: `token file '<path>' must have at least 3 columns (token, user name, user uid), found N`.
 */
export function parseTokenFile(text: string, path = 'tokens.csv'): StaticTokens {
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (const record of parseCsv(text)) {
    if (record.length < 3) {
      throw new Error(
        `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    recordNum++;
    const [token, name, uid, groupList] = record as [string, string, string, string | undefined];
    if (token === '') {
      warnings.push(`empty token has been found in token file '${path}', record number '${recordNum}'`);
      continue;
    }
    const groups = groupList ? groupList.split(',').map((g) => g.trim()) : [];
    if (tokens.has(token)) {
      warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
    }
    tokens.set(token, { name, uid, groups });
  }
  return { tokens, warnings };
}

/** Reads and parses a token file (see `parseTokenFile`). */
export function readTokenFile(path: string): StaticTokens {
  return parseTokenFile(readFileSync(path, 'utf8'), path);
}

/** Authenticates the tokens of a token file; any other token is not its kind (null). */
export class TokenFileAuthenticator implements TokenAuthenticator {
  constructor(private readonly tokens: StaticTokens) {}

  authenticateToken(token: string): AuthResponse | null {
    const user = this.tokens.tokens.get(token);
    if (!user) return null;
    return { user: { ...user, groups: [...user.groups] } };
  }
}
