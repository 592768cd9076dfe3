import { describe, expect, it } from 'vitest';
import { mergeFigures, missingFigureIds } from './collect.figures.js';

const fig = (value: number) => ({ value, unit: 'ops/s', how: 'one line' });

describe('bench figures', () => {
  it('merges files in natural id order', () => {
    const { figures, problems } = mergeFigures([
      { file: 'b.json', body: { P10: fig(3), P2: fig(2) } },
      { file: 'a.json', body: { P1: fig(1) } },
    ]);
    expect(problems).toEqual([]);
    expect(Object.keys(figures)).toEqual(['P1', 'P2', 'P10']);
    expect(figures.P2?.value).toBe(2);
  });

  it('reports malformed entries and ids given twice, and leaves them out', () => {
    const { figures, problems } = mergeFigures([
      { file: 'a.json', body: { P1: fig(1), P2: { value: '5', unit: 'x', how: 'y' } } },
      { file: 'b.json', body: { P1: fig(9), P3: { value: 1, unit: 'x', how: 'two\nlines' } } },
      { file: 'c.json', body: [1, 2] },
    ]);
    expect(Object.keys(figures)).toEqual(['P1']);
    expect(figures.P1?.value).toBe(1);
    expect(problems).toEqual([
      'a.json: P2 is not {"value": number, "unit": "…", "how": "one line"}',
      'b.json: P1 is already given by a.json',
      'b.json: P3 is not {"value": number, "unit": "…", "how": "one line"}',
      'c.json: not an object of figures',
    ]);
  });

  it('names the expected ids that have no figure yet', () => {
    expect(missingFigureIds({ 'P1-parse': fig(1), P3: fig(2) }, ['P1', 'P2', 'P3'])).toEqual(['P2']);
  });
});
