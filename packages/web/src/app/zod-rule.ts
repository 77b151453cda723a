import type { Rule } from 'antd/es/form';
import type { z } from 'zod';

/**
 * An antd form rule that runs a shared zod contract (`@social-affairs/kernel/contracts`), so the
 * form rejects exactly what the server would, with the same Chinese message. Empty values are left
 * to a separate `required` rule.
 */
export function zodRule(schema: z.ZodType): Rule {
  return {
    validator: async (_, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '输入有误');
    },
  };
}
