import { parser } from '@prometheus-io/lezer-promql';

/** A PromQL expression read with Prometheus' own grammar: does it parse, which metrics does it name? */
export interface PromqlReading {
  errors: string[];
  metrics: string[];
}

export function readPromql(expr: string): PromqlReading {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: "${expr.slice(node.from, node.from + 20)}"`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.add(expr.slice(node.from, node.to));
      }
    },
  });
  return { errors, metrics: [...metrics] };
}

/** A histogram's series are named after it plus one of these. */
export function baseMetricName(series: string): string {
  return series.replace(/_(bucket|sum|count)$/, '');
}
