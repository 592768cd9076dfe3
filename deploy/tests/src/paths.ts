import { fileURLToPath } from 'node:url';

/** The repository's root folder (this file is deploy/tests/src/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const chartDir = fileURLToPath(new URL('../../helm/rxpool/', import.meta.url));
export const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
