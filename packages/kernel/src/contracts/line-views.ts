import { z } from 'zod';

/** One line's panel on the person page (GET /api/people/:id/panels). */
export const personPanel = z.object({
  line: z.string(),
  title: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  link: z.string().optional(),
});
export type PersonPanelDto = z.infer<typeof personPanel>;

/** One to-do item of the signed-in user (GET /api/todos). */
export const todoItem = z.object({
  line: z.string(),
  kind: z.string(),
  title: z.string(),
  count: z.number().int(),
  dueOn: z.string().optional(),
  link: z.string(),
});
export type TodoItemDto = z.infer<typeof todoItem>;
