/**
 * Names from a `generateName` prefix as upstream's `SimpleNameGenerator`: the prefix (cut to 58
 * characters) and five random characters from an alphabet without vowels or look-alikes.
 * Controllers name their slices themselves so a server that ignores generateName names them alike.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = 63 - RANDOM_LENGTH;

/** `prefix` followed by five random characters. */
export function generateName(prefix: string): string {
  let name = prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
  for (let i = 0; i < RANDOM_LENGTH; i++) name += ALPHABET[randomInt(ALPHABET.length)];
  return name;
}
