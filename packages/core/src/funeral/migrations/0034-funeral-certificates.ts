import { sql, type Kysely } from 'kysely';

/**
 * Funeral certificates and transport (F3): the cremation certificate (火化证明) with its lifecycle history
 * and re-issue log, and the request to move a body out of the area (遗体外运, R-FUN-03) decided on the
 * approval engine. One valid (not cancelled) certificate per case and one request under way or approved
 * per case, by partial unique indexes. Portable DDL (ADR 0001): text ids, dates and instants as text,
 * booleans as 0/1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('funeral_cremation_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('issued', 'collected', 'registered', 'archived', 'cancelled')`),
    )
    .addColumn('cremated_on', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('collector_name', 'text')
    .addColumn('collector_relation', 'text')
    .addColumn('collector_resident_id_masked', 'text')
    .addColumn('collector_resident_id_hmac', 'text')
    .addColumn('collected_at', 'text')
    .addColumn('registered_office', 'text')
    .addColumn('registered_on', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('replaces_id', 'text', (c) => c.references('funeral_cremation_certificates.id'))
    .addColumn('reissue_reason', 'text', (c) =>
      c.check(sql`reissue_reason is null or reissue_reason in ('lost', 'damaged', 'error')`),
    )
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'funeral_cremation_certificates_collector_check',
      sql`status not in ('collected', 'registered', 'archived') or (collector_name is not null and collector_resident_id_hmac is not null)`,
    )
    .execute();
  // One valid certificate per case: a second issue fails here (409 FUNERAL_CERTIFICATE_EXISTS).
  await db.schema
    .createIndex('funeral_cremation_certificates_case_uq')
    .on('funeral_cremation_certificates')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema
    .createIndex('funeral_cremation_certificates_facility_idx')
    .on('funeral_cremation_certificates')
    .columns(['facility_id', 'issued_on'])
    .execute();
  await db.schema
    .createIndex('funeral_cremation_certificates_division_idx')
    .on('funeral_cremation_certificates')
    .columns(['division_code', 'issued_on'])
    .execute();

  await db.schema
    .createTable('funeral_certificate_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('certificate_id', 'text', (c) => c.notNull().references('funeral_cremation_certificates.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action in ('issue', 'collect', 'register', 'archive', 'cancel', 'reissue')`),
    )
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('funeral_certificate_events_case_idx')
    .on('funeral_certificate_events')
    .columns(['case_id', 'at'])
    .execute();

  await db.schema
    .createTable('funeral_certificate_reissues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('old_certificate_id', 'text', (c) =>
      c.notNull().unique().references('funeral_cremation_certificates.id'),
    )
    .addColumn('new_certificate_id', 'text', (c) =>
      c.notNull().unique().references('funeral_cremation_certificates.id'),
    )
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('lost', 'damaged', 'error')`))
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('funeral_transport_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('funeral_cases.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('funeral_facilities.id'))
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('death_county_code', 'text', (c) => c.notNull())
    .addColumn('destination_division_code', 'text', (c) => c.notNull())
    .addColumn('destination_address', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn', 'departed')`),
    )
    .addColumn('approval_id', 'text')
    .addColumn('home_county_document_id', 'text', (c) => c.notNull().references('funeral_case_documents.id'))
    .addColumn('approval_document_id', 'text', (c) => c.references('funeral_case_documents.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('hygiene_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vehicle', 'text')
    .addColumn('departed_at', 'text')
    .addColumn('departed_by', 'text')
    .addColumn('note', 'text')
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'funeral_transport_requests_departed_check',
      sql`status <> 'departed' or (hygiene_done = 1 and approval_document_id is not null and departed_at is not null)`,
    )
    .execute();
  // One request under way (or approved, not yet departed) per case.
  await db.schema
    .createIndex('funeral_transport_requests_case_uq')
    .on('funeral_transport_requests')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), 'in', ['pending', 'approved', 'departed'])
    .execute();
  await db.schema
    .createIndex('funeral_transport_requests_approval_idx')
    .on('funeral_transport_requests')
    .column('approval_id')
    .execute();
  await db.schema
    .createIndex('funeral_transport_requests_division_idx')
    .on('funeral_transport_requests')
    .columns(['division_code', 'requested_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funeral_transport_requests').execute();
  await db.schema.dropTable('funeral_certificate_reissues').execute();
  await db.schema.dropTable('funeral_certificate_events').execute();
  await db.schema.dropTable('funeral_cremation_certificates').execute();
}
