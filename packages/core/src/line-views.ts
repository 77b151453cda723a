/**
 * What the lines contribute to the platform's pages, gathered from their manifests: the person page's
 * panels and the home page's to-do list. The platform checks the person is the actor's to see and which
 * panels the actor's permissions allow; each line audits its own read (ADR 0010).
 */
import { DomainError } from '@social-affairs/kernel';
import { ensureSharedVisible, type Actor } from './access/index';
import type { CoreContext } from './context';
import { calendarTodos } from './calendar/index';
import { approvalTodos } from './approvals/index';
import { mergeTodos } from './people/merge-todos';
import type { PersonPanel, TodoItem } from './line';
import { findIndexedPerson } from './people/index';

/** Every line's panel about `personId` that the actor may see (a line with nothing to say gives none). */
export async function personPanels(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
): Promise<(PersonPanel & { line: string })[]> {
  const person = await findIndexedPerson(ctx.db.kysely, personId);
  if (!person) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  // The people index is shared (ADR 0009 §5): a station or township clerk sees its own county's people;
  // each line's panel then shows only the records the actor may see.
  ensureSharedVisible(actor, person.divisionCode, '人员');
  const panels: (PersonPanel & { line: string })[] = [];
  for (const line of ctx.lines) {
    for (const source of line.personPanels ?? []) {
      if (!actor.permissions.has(source.permission)) continue;
      const panel = await source.load(ctx, actor, person.id);
      if (panel) panels.push({ ...panel, line: line.name });
    }
  }
  return panels;
}

/** The signed-in user's to-do items from every line whose permission they hold, earliest due first. */
export async function todosFor(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const items: TodoItem[] = [
    ...calendarTodos(ctx, actor),
    ...(await approvalTodos(ctx, actor)),
    ...(await mergeTodos(ctx, actor)),
  ];
  for (const line of ctx.lines) {
    for (const source of line.todos ?? []) {
      if (!actor.permissions.has(source.permission)) continue;
      items.push(...(await source.load(ctx, actor)).filter((i) => i.count > 0));
    }
  }
  return items.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
}
