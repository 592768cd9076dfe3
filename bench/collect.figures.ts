/** Benchmark figures: validation and merging (pure; bench/collect.ts does the files). */
export interface Figure {
  value: number;
  unit: string;
  how: string;
}

export type Figures = Record<string, Figure>;

function isFigure(x: unknown): x is Figure {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.value === 'number' &&
    Number.isFinite(f.value) &&
    typeof f.unit === 'string' &&
    typeof f.how === 'string' &&
    f.how.trim() !== '' &&
    !f.how.includes('\n')
  );
}

/** P2 before P10: compare the digits as numbers. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Merges result files; a malformed entry or an id given twice is reported and left out. */
export function mergeFigures(inputs: ReadonlyArray<{ file: string; body: unknown }>): {
  figures: Figures;
  problems: string[];
} {
  const found = new Map<string, { figure: Figure; file: string }>();
  const problems: string[] = [];
  for (const { file, body } of inputs) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      problems.push(`${file}: not an object of figures`);
      continue;
    }
    for (const [id, figure] of Object.entries(body)) {
      if (!isFigure(figure)) {
        problems.push(`${file}: ${id} is not {"value": number, "unit": "…", "how": "one line"}`);
      } else if (found.has(id)) {
        problems.push(`${file}: ${id} is already given by ${found.get(id)?.file}`);
      } else {
        found.set(id, { figure, file });
      }
    }
  }
  const figures: Figures = {};
  for (const id of [...found.keys()].sort(compareIds)) figures[id] = found.get(id)!.figure;
  return { figures, problems };
}

/** Expected ids with no figure: `P1` counts as present when `P1` or `P1-something` is. */
export function missingFigureIds(figures: Figures, expected: readonly string[]): string[] {
  const ids = Object.keys(figures);
  return expected.filter((e) => !ids.some((id) => id === e || id.startsWith(`${e}-`)));
}
