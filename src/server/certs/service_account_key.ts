/**
 * The service-account signing key pair (`DIR/tls/sa.key`, `DIR/tls/sa.pub`): an RSA 2048 key
 * generated on first start and kept afterwards, so tokens stay valid across restarts.
 */
import { createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from './atomic_file.js';

/** The key pair as PEM texts, and whether this call generated it. */
export interface ServiceAccountKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  generated: boolean;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Loads `DIR/tls/sa.key` (PKCS#8, mode 0600) and `sa.pub` (SPKI), generating the pair when the
 * key is missing; a public key that is missing or does not match the key is rewritten from it.
 */
export async function ensureServiceAccountKey(dataDir: string): Promise<ServiceAccountKeyPair> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'sa.key');
  const pubPath = join(dir, 'sa.pub');
  let privateKeyPem = await readIfExists(keyPath);
  let generated = false;
  if (privateKeyPem === undefined) {
    const pair = await promisify(generateKeyPair)('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    privateKeyPem = pair.privateKey;
    await writeFileAtomic(keyPath, privateKeyPem, 0o600);
    generated = true;
  }
  await chmod(keyPath, 0o600);
  const derived = createPublicKey(createPrivateKey(privateKeyPem)).export({
    type: 'spki',
    format: 'pem',
  }) as string;
  const publicKeyPem = await readIfExists(pubPath);
  if (publicKeyPem !== derived) await writeFileAtomic(pubPath, derived, 0o644);
  return { privateKeyPem, publicKeyPem: derived, generated };
}
