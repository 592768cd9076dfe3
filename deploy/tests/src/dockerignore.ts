/**
 * .dockerignore patterns as Docker applies them (Go filepath.Match with `**`,
 * later lines win, `!` re-includes). Paths are relative to the build context.
 */
interface Rule {
  exclude: boolean;
  pattern: RegExp;
}

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, including none.
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern that names a folder also covers everything inside it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function parseDockerignore(source: string): Rule[] {
  return source
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const exclude = !l.startsWith('!');
      const body = (exclude ? l : l.slice(1)).replace(/^\/+/, '').replace(/\/+$/, '');
      return { exclude, pattern: toRegExp(body) };
    });
}

export function isIgnored(rules: Rule[], path: string): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(clean)) ignored = rule.exclude;
  return ignored;
}
