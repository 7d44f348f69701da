import fs from 'node:fs';

/** The kubets version, from package.json. */
export function kubetsVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
