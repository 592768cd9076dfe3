/**
 * Checks a JSON value against the subset of JSON Schema the OpenAPI document
 * uses (type, properties/required, items, prefixItems, anyOf, enum, $ref);
 * returns the problems found, each with its path.
 */
type Schema = Record<string, unknown>;

export function schemaProblems(
  value: unknown,
  schema: Schema,
  schemas: Record<string, Schema>,
  path = '$',
): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = schemas[ref.replace('#/components/schemas/', '')];
    return target ? schemaProblems(value, target, schemas, path) : [`${path}: unknown $ref ${ref}`];
  }
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as Schema[];
    return options.some((s) => schemaProblems(value, s, schemas, path).length === 0)
      ? []
      : [`${path}: matches none of ${options.length} options`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} not in enum`];
  const problems: string[] = [];
  switch (schema.type) {
    case 'null':
      if (value !== null) problems.push(`${path}: expected null`);
      break;
    case 'string':
    case 'boolean':
      if (typeof value !== schema.type) problems.push(`${path}: expected ${schema.type}`);
      break;
    case 'number':
      if (typeof value !== 'number') problems.push(`${path}: expected number`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path}: expected integer`);
      break;
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected array`];
      const prefix = schema.prefixItems as Schema[] | undefined;
      value.forEach((item, i) => {
        const s = prefix ? prefix[i] : (schema.items as Schema | undefined);
        if (s) problems.push(...schemaProblems(item, s, schemas, `${path}[${i}]`));
      });
      break;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: expected object`];
      const o = value as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) {
        if (!(key in o)) problems.push(`${path}.${key}: missing`);
      }
      for (const [key, s] of Object.entries(
        (schema.properties as Record<string, Schema> | undefined) ?? {},
      )) {
        if (key in o) problems.push(...schemaProblems(o[key], s, schemas, `${path}.${key}`));
      }
      break;
    }
  }
  return problems;
}
