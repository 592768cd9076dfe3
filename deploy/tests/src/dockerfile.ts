/**
 * A Dockerfile read into stages and instructions: enough to check the
 * recipe without a Docker engine (no heredocs; variables expanded only in
 * FROM, from the defaults of the ARGs before the first FROM).
 */
export interface Instruction {
  keyword: string;
  /** Options such as `--from=build` or `--mount=…`, in order. */
  flags: string[];
  /** The rest of the line, continuation lines joined with spaces. */
  text: string;
  line: number;
}

export interface Stage {
  /** The base image, with `${ARG}` replaced by the ARG's default. */
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

export class DockerfileError extends Error {
  override name = 'DockerfileError';
}

function logicalLines(source: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let pending: { text: string; line: number } | undefined;
  source.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending && trimmed.startsWith('#')) return; // comments inside a continued RUN
    const continues = trimmed.endsWith('\\');
    const piece = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending
      ? { ...pending, text: `${pending.text} ${piece}`.trim() }
      : { text: piece, line: index + 1 };
    if (!continues) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

function splitFlags(rest: string): { flags: string[]; text: string } {
  const flags: string[] = [];
  let text = rest;
  for (;;) {
    const match = /^(--[a-z-]+(?:=\S+)?)\s+/.exec(text);
    if (!match?.[1]) break;
    flags.push(match[1]);
    text = text.slice(match[0].length);
  }
  return { flags, text };
}

export function parseDockerfile(source: string): Stage[] {
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  for (const { text, line } of logicalLines(source)) {
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(text);
    if (!match?.[1] || match[2] === undefined)
      throw new DockerfileError(`line ${line}: cannot read "${text}"`);
    const keyword = match[1].toUpperCase();
    const { flags, text: rest } = splitFlags(match[2]);
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from?.[1]) throw new DockerfileError(`line ${line}: bad FROM "${rest}"`);
      stages.push({ image: expandArgs(from[1], globalArgs, line), name: from[2], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      // Only ARG may come before the first FROM: it parameterises the FROM lines.
      if (keyword !== 'ARG') throw new DockerfileError(`line ${line}: ${keyword} before the first FROM`);
      const arg = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?$/.exec(rest);
      if (!arg?.[1]) throw new DockerfileError(`line ${line}: bad ARG "${rest}"`);
      globalArgs.set(arg[1], arg[2] ?? '');
      continue;
    }
    stage.instructions.push({ keyword, flags, text: rest, line });
  }
  return stages;
}

function expandArgs(image: string, args: ReadonlyMap<string, string>, line: number): string {
  return image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
    const value = args.get(name);
    if (!value) throw new DockerfileError(`line ${line}: FROM uses ${name}, which has no ARG default`);
    return value;
  });
}

/** The stage and the stages it is built on (`FROM <earlier stage>`), nearest first. */
export function lineage(stages: readonly Stage[], stage: Stage): Stage[] {
  const chain = [stage];
  for (let s = stages.find((x) => x.name === stage.image); s; s = stages.find((x) => x.name === s?.image)) {
    if (chain.includes(s)) break;
    chain.push(s);
  }
  return chain;
}

/** Arguments of an exec-form (`["a", "b"]`) or shell-form instruction. */
export function instructionArgs(text: string): string[] {
  if (text.startsWith('[')) return JSON.parse(text) as string[];
  return text.split(/\s+/).filter((s) => s !== '');
}

/** Source paths of a COPY/ADD without --from (the last argument is the destination). */
export function copySources(instruction: Instruction): string[] {
  return instructionArgs(instruction.text).slice(0, -1);
}
