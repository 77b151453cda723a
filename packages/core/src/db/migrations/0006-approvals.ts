import { sql, type Kysely } from 'kysely';

/**
 * The approval engine (审批): instances attached to an owner record of any line, one row per activation
 * of a step (a step returned for correction and resubmitted is activated again, in a new round), and
 * the decision history. Definitions live in code (each line declares its own); an instance keeps a
 * snapshot of the definition it was submitted under. See docs/approvals.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    /** JSON snapshot of the definition the instance was submitted under. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    /** The owner record's division (county, or township below it): scope of the instance. */
    .addColumn('division_code', 'text', (c) => c.notNull())
    /** The institution (rescue station, funeral home) the owner record belongs to, if any: scope too. */
    .addColumn('institution_id', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'returned', 'approved', 'rejected', 'withdrawn')`),
    )
    /** Index of the step being worked on (or returned); null once the instance is closed. */
    .addColumn('current_step', 'integer')
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_by_username', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_instances_owner_idx')
    .on('approval_instances')
    .columns(['owner_type', 'owner_id'])
    .execute();
  await db.schema
    .createIndex('approval_instances_division_idx')
    .on('approval_instances')
    .columns(['division_code', 'status'])
    .execute();
  // One open approval of a definition per owner record.
  await db.schema
    .createIndex('approval_instances_open_uq')
    .on('approval_instances')
    .columns(['definition_key', 'owner_type', 'owner_id'])
    .unique()
    .where(sql<boolean>`status in ('pending', 'returned')`)
    .execute();

  await db.schema
    .createTable('approval_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('approval_instances.id'))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('township', 'county', 'city', 'province')`),
    )
    /** The division at the step's level that acts (e.g. the county of a township record). */
    .addColumn('acting_division_code', 'text', (c) => c.notNull())
    .addColumn('permission', 'text')
    /** Roles allowed, as `,role,role,` (null: any role holding the permission). */
    .addColumn('roles', 'text')
    /** Separation of duties: the user who may not decide this step (the previous step's decider). */
    .addColumn('must_differ_from', 'text')
    .addColumn('attachments_required', 'text', (c) =>
      c.notNull().check(sql`attachments_required in ('yes', 'no')`),
    )
    .addColumn('deadline_days', 'integer', (c) => c.notNull())
    .addColumn('deadline_unit', 'text', (c) =>
      c.notNull().check(sql`deadline_unit in ('working', 'calendar')`),
    )
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    /** `provisional`: the due day falls in (or was counted through) a year whose holidays are not loaded. */
    .addColumn('due_basis', 'text', (c) => c.notNull().check(sql`due_basis in ('final', 'provisional')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'approved', 'rejected', 'returned', 'withdrawn')`),
    )
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_username', 'text')
    .addColumn('decided_at', 'text')
    /** The day the escalation job found the step overdue, and the division it was escalated to. */
    .addColumn('overdue_on', 'text')
    .addColumn('escalated_to_division_code', 'text')
    .addColumn('escalated_at', 'text')
    .execute();
  await db.schema
    .createIndex('approval_steps_instance_idx')
    .on('approval_steps')
    .columns(['instance_id', 'round', 'step_index'])
    .execute();
  await db.schema
    .createIndex('approval_steps_todo_idx')
    .on('approval_steps')
    .columns(['acting_division_code', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('approval_steps_due_idx')
    .on('approval_steps')
    .columns(['status', 'due_on'])
    .execute();

  await db.schema
    .createTable('approval_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('approval_instances.id'))
    .addColumn('step_id', 'text')
    .addColumn('action', 'text', (c) =>
      c
        .notNull()
        .check(sql`action in ('submit', 'approve', 'reject', 'return', 'resubmit', 'withdraw', 'escalate')`),
    )
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    /** JSON array of attachment ids (attachment store, packages/core/src/attachments). */
    .addColumn('attachment_ids', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_decisions_instance_idx')
    .on('approval_decisions')
    .columns(['instance_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('approval_decisions').execute();
  await db.schema.dropTable('approval_steps').execute();
  await db.schema.dropTable('approval_instances').execute();
}
