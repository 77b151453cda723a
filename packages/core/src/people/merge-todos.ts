/** The home page's to-do for merge reviewers: person merges proposed in scope, waiting for a decision. */
import { scopePrefix, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import type { TodoItem } from '../line';
import { listMergeRows } from './merge.repository';

export async function mergeTodos(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  if (!actor.permissions.has('people:merge')) return [];
  const { total } = await listMergeRows(
    ctx.db.kysely,
    { divisionPrefix: scopePrefix(actor.divisionCode), status: 'proposed' },
    { limit: 1, offset: 0 },
  );
  if (total === 0) return [];
  return [
    {
      line: 'platform',
      kind: 'people.merge-proposed',
      title: '人员合并申请待审核',
      count: total,
      link: '/people/merges?status=proposed',
    },
  ];
}
