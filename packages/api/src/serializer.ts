import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/**
 * Schema kinds whose meaning depends on the direction zod runs them in: a transform or codec, a
 * default, a catch. Our response schemas hold none of them (the compiler below refuses them), so
 * validating a response forwards (`parse`) and backwards (`encode`) give the same output.
 */
const DIRECTIONAL = new Set(['transform', 'pipe', 'default', 'prefault', 'catch']);

interface Def {
  type: string;
  shape?: Record<string, $ZodType>;
  element?: $ZodType;
  innerType?: $ZodType;
  options?: $ZodType[];
  left?: $ZodType;
  right?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  items?: $ZodType[];
  rest?: $ZodType | null;
  getter?: () => $ZodType;
}

/** The first direction-dependent part of a schema, as a path (`items[].when: default`), or null. */
export function directionalPart(schema: $ZodType, path = '', seen = new Set<$ZodType>()): string | null {
  if (seen.has(schema)) return null;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (DIRECTIONAL.has(def.type)) return `${path || '(root)'}: ${def.type}`;
  const children: [string, $ZodType | null | undefined][] = [
    ...Object.entries(def.shape ?? {}).map(([k, s]): [string, $ZodType] => [`${path}.${k}`, s]),
    [`${path}[]`, def.element],
    [path, def.innerType],
    ...(def.options ?? []).map((s): [string, $ZodType] => [path, s]),
    [path, def.left],
    [path, def.right],
    [`${path}{key}`, def.keyType],
    [`${path}{}`, def.valueType],
    ...(def.items ?? []).map((s, i): [string, $ZodType] => [`${path}[${i}]`, s]),
    [`${path}[…]`, def.rest],
    [path, def.type === 'lazy' && def.getter ? def.getter() : undefined],
  ];
  for (const [p, child] of children) {
    const found = child ? directionalPart(child, p, seen) : null;
    if (found) return found;
  }
  return null;
}

function resolveSchema(maybe: unknown): $ZodType {
  if (maybe instanceof $ZodType) return maybe;
  const properties = (maybe as { properties?: unknown } | null)?.properties;
  if (properties instanceof $ZodType) return properties;
  throw new Error(`response schema is not a zod schema: ${JSON.stringify(maybe)}`);
}

/**
 * Responses are checked against their zod schema — unknown keys stripped, a wrong shape a 500 — then
 * written with JSON.stringify. fastify-type-provider-zod's own serializer runs zod backwards
 * (`safeEncode`, for codecs), which skips zod's compiled fast path and validates twice: 4.6 µs instead
 * of 1.9 µs for a person summary here. Forwards is equivalent for schemas without direction-dependent
 * parts, and a route whose response schema has one fails at start-up.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<unknown> = ({
  schema: maybe,
  method,
  url,
}) => {
  const schema = resolveSchema(maybe);
  const part = directionalPart(schema);
  if (part) {
    throw new Error(
      `response schema of ${method} ${url} has a direction-dependent part (${part}); responses must be plain data`,
    );
  }
  return (data: unknown) => {
    const result = safeParse(schema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
