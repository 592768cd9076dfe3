import { parser } from '@prometheus-io/lezer-promql';

/** A PromQL expression read with Prometheus' own grammar: does it parse, which metrics does it name? */
export interface PromqlReading {
  errors: string[];
  metrics: string[];
  /** Every `label="value"` matcher of a named metric's selector. */
  equalities: LabelEquality[];
}

export interface LabelEquality {
  metric: string;
  label: string;
  value: string;
}

export function readPromql(expr: string): PromqlReading {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const equalities: LabelEquality[] = [];
  const text = (n: { from: number; to: number } | null | undefined) => (n ? expr.slice(n.from, n.to) : '');
  tree.iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: "${expr.slice(node.from, node.from + 20)}"`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.add(text(node));
      }
      if (node.name === 'UnquotedLabelMatcher' && text(node.node.getChild('MatchOp')) === '=') {
        const metric = text(node.node.parent?.parent?.getChild('Identifier'));
        const literal = text(node.node.getChild('StringLiteral'));
        if (metric)
          equalities.push({
            metric,
            label: text(node.node.getChild('LabelName')),
            value: literal.slice(1, -1),
          });
      }
    },
  });
  return { errors, metrics: [...metrics], equalities };
}

/** A histogram's series are named after it plus one of these. */
export function baseMetricName(series: string): string {
  return series.replace(/_(bucket|sum|count)$/, '');
}
