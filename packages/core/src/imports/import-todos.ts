/**
 * A to-do source for a line that imports through the shared pipeline (issue 13 item 4): the runs the
 * signed-in user started in the last 30 days that failed or refused rows, linked to the line's import
 * page. The line names its kinds, permission and page in its manifest; the platform names no line.
 */
import type { Actor } from '../access/actor';
import type { Permission } from '../access/roles';
import type { CoreContext } from '../context';
import type { TodoItem, TodoSource } from '../line';
import { importRunsWithErrors } from './import-todos.repository';

const LOOK_BACK_DAYS = 30;

export function importErrorsTodo(opts: {
  /** The line, e.g. `marriage`. */
  line: string;
  /** Import kinds of the line: `importKind` starts with it (e.g. `marriage.backfill:`). */
  kindPrefix: string;
  permission: Permission;
  title: string;
  link: string;
}): TodoSource {
  const kind = `${opts.line}.import-errors`;
  return {
    name: kind,
    permission: opts.permission,
    async load(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
      const since = new Date(ctx.clock.now().getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString();
      const { count } = await importRunsWithErrors(ctx.db.kysely, {
        kindPrefix: opts.kindPrefix,
        username: actor.username,
        since,
      });
      return [{ line: opts.line, kind, title: opts.title, count, link: opts.link }];
    },
  };
}
