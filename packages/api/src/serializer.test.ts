import { personSummary } from '@social-affairs/kernel/contracts';
import Fastify from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { directionalPart, responseSerializerCompiler } from './serializer';

const serialize = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });

const person: z.infer<typeof personSummary> = {
  id: 'p1',
  residentIdMasked: '430102********1234',
  name: '张三',
  namePinyin: 'zhang san',
  sex: 'male',
  birthDate: '1990-01-01',
  age: 36,
  hukouDivisionCode: '430102',
  hukouDivisionName: '芙蓉区',
  status: 'alive',
  deathDate: null,
};

describe('response serializer', () => {
  it('writes what zod’s encode would write, without keys the schema does not declare', () => {
    const out = serialize(personSummary)({ ...person, residentId: '430102199001011234' });
    expect(out).toBe(JSON.stringify(z.encode(personSummary, person)));
    expect(JSON.parse(out)).not.toHaveProperty('residentId');
  });

  it('refuses a response of the wrong shape (a 500, never a malformed body)', () => {
    expect(() => serialize(personSummary)({ ...person, age: 'thirty' })).toThrow(ResponseSerializationError);
  });

  it('finds direction-dependent parts anywhere in a schema', () => {
    expect(directionalPart(personSummary)).toBeNull();
    expect(directionalPart(z.object({ a: z.string().default('x') }))).toBe('.a: default');
    expect(directionalPart(z.object({ list: z.array(z.object({ n: z.string().transform(Number) })) }))).toBe(
      '.list[].n: pipe',
    );
    expect(directionalPart(z.union([z.string(), z.number().catch(0)]).optional())).toBe('(root): catch');
    expect(directionalPart(z.record(z.string(), z.string().nullable().prefault('x')))).toBe('{}: prefault');
    type Tree = { name: string; children: Tree[] };
    const tree: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(tree) }));
    expect(directionalPart(tree)).toBeNull();
  });

  it('stops a route whose response schema is direction-dependent from starting', async () => {
    const app = Fastify();
    app.setSerializerCompiler(responseSerializerCompiler);
    app.get(
      '/bad',
      { schema: { response: { 200: z.object({ at: z.string().default('now') }) } } },
      async () => ({}),
    );
    await expect(app.ready()).rejects.toThrow(/default/);
    await app.close();
  });
});
