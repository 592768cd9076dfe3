import { readFileSync } from 'node:fs';

/** This package's version (the same file from src/ and dist/), reported in the OpenAPI document. */
export const SERVICE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
