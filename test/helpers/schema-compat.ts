/**
 * Does every value the hosted spec's request schema allows pass ours? A structural walk over two JSON Schemas
 * (the hosted one's `$ref`s resolved against its document): each property the hosted schema defines must exist
 * in ours with a compatible type and enum, each union branch must fit one of ours, and we may not require a
 * field the hosted schema leaves optional. Returns the problems found, by JSON path; none means compatible.
 */
type Schema = Record<string, unknown>;

export function requestCompatibility(hosted: Schema, ours: Schema, root: Schema, at = '$'): string[] {
  const theirs = deref(hosted, root);
  if (Object.keys(ours).length === 0) return []; // ours accepts anything here
  const theirBranches = (theirs.anyOf ?? theirs.oneOf) as Schema[] | undefined;
  if (theirBranches) return theirBranches.flatMap((branch, index) => requestCompatibility(branch, ours, root, `${at}|${index}`));
  const ourBranches = (ours.anyOf ?? ours.oneOf) as Schema[] | undefined;
  if (ourBranches) {
    const attempts = ourBranches.map((branch) => requestCompatibility(theirs, branch, root, at));
    return attempts.some((problems) => problems.length === 0)
      ? []
      : [`${at}: fits none of our ${ourBranches.length} branches (${attempts.map((p) => p[0]).join('; ')})`];
  }
  const problems: string[] = [];
  const theirTypes = typesOf(theirs);
  const ourTypes = typesOf(ours);
  if (theirTypes && ourTypes) {
    for (const type of theirTypes) {
      if (!ourTypes.has(type) && !(type === 'integer' && ourTypes.has('number')))
        problems.push(`${at}: type ${type} is not accepted (ours: ${[...ourTypes].join('|')})`);
    }
  }
  const theirValues = valuesOf(theirs);
  const ourValues = valuesOf(ours);
  if (ourValues) {
    if (!theirValues) problems.push(`${at}: ours is an enum (${ourValues.join(', ')}), theirs is open`);
    else for (const value of theirValues) if (!ourValues.includes(value)) problems.push(`${at}: value ${JSON.stringify(value)} is not accepted`);
  }
  const theirProps = (theirs.properties ?? {}) as Record<string, Schema>;
  const ourProps = (ours.properties ?? {}) as Record<string, Schema>;
  for (const [name, property] of Object.entries(theirProps)) {
    if (!(name in ourProps)) {
      if (ours.additionalProperties === false || ours.properties) problems.push(`${at}.${name}: missing in ours`);
      continue;
    }
    problems.push(...requestCompatibility(property, ourProps[name], root, `${at}.${name}`));
  }
  const theirRequired = new Set((theirs.required ?? []) as string[]);
  for (const name of (ours.required ?? []) as string[]) if (!theirRequired.has(name)) problems.push(`${at}.${name}: required by ours, optional in theirs`);
  if (theirs.additionalProperties && typeof theirs.additionalProperties === 'object') {
    if (ours.additionalProperties === false) problems.push(`${at}: ours is closed, theirs maps any key`);
    else if (ours.additionalProperties && typeof ours.additionalProperties === 'object') {
      problems.push(...requestCompatibility(theirs.additionalProperties as Schema, ours.additionalProperties as Schema, root, `${at}{*}`));
    }
  }
  if (theirs.items && typeof theirs.items === 'object' && ours.items && typeof ours.items === 'object') {
    problems.push(...requestCompatibility(theirs.items as Schema, ours.items as Schema, root, `${at}[]`));
  }
  return problems;
}

function deref(schema: Schema, root: Schema): Schema {
  let current = schema;
  while (typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce<Schema>((node, key) => node[key] as Schema, root);
  }
  return current;
}

function typesOf(schema: Schema): Set<string> | undefined {
  if (schema.type === undefined) {
    const values = valuesOf(schema);
    return values ? new Set(values.map((value) => (Number.isInteger(value) ? 'integer' : value === null ? 'null' : typeof value))) : undefined;
  }
  return new Set(Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]);
}

function valuesOf(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  return undefined;
}
