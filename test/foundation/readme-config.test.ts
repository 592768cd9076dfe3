/**
 * README.md's configuration reference names exactly the variables the code
 * reads: a table per service against its config sources, and the table of
 * every service against the common config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '@rxpool/local-pool';
import { describe, expect, it } from 'vitest';
import { commonConfigVars, envNamesIn, serviceConfigVars } from '../tools/config-vars.js';
import { repoRoot } from '../tools/service-harness.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** First-column names of the table under `### <heading>`. */
function tableVars(heading: string): string[] {
  const start = readme.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "### ${heading}"`);
  const rest = readme.slice(start + heading.length + 6);
  const end = rest.search(/\n#{2,3} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!);
}

/** What the README lacks and what it names that the code does not read. */
function compare(documented: readonly string[], read: readonly string[]) {
  return {
    missingFromReadme: read.filter((name) => !documented.includes(name)),
    notReadByTheCode: documented.filter((name) => !read.includes(name)),
  };
}

const agree = { missingFromReadme: [], notReadByTheCode: [] };

describe('README configuration reference', () => {
  it('finds env names in reader calls and helper calls', () => {
    const source =
      "env.port('A_PORT', 1); ports(env, 'B_PORTS', []); env.check('C_NAME', true, 'x'); const x = 'D_NAME';";
    expect(envNamesIn(source)).toEqual(['A_PORT', 'B_PORTS', 'C_NAME']);
  });

  it('lists every common variable, and only those', () => {
    expect(compare(tableVars('Every service'), commonConfigVars(repoRoot))).toEqual(agree);
  });

  it.each(SERVICES)('lists every variable %s reads, and only those', (service) => {
    expect(compare(tableVars(`\`${service}\``), serviceConfigVars(repoRoot, service))).toEqual(agree);
  });
});
