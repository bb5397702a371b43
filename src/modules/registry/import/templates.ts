/**
 * Named column-mapping templates: the built-in P3KE and DTKS layouts (each column under its own
 * name) and the layouts an admin mapped once and saved. Saving under an existing name replaces
 * that template's mapping (audited, before and after).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { badRequest, conflict, notFound } from '../../../http/errors.js';
import { type AuditActor, recordAudit } from '../../audit/service.js';
import { identityColumns, type MappingKind, mappingProblems, type TemplateColumns } from './mapping.js';

export interface MappingTemplate {
  /** null for a built-in layout. */
  id: number | null;
  name: string;
  kind: MappingKind;
  builtIn: boolean;
  columns: TemplateColumns;
  updatedAt: string | null;
}

const BUILT_IN: MappingTemplate[] = (['P3KE', 'DTKS'] as const).map((kind) => ({
  id: null,
  name: kind === 'P3KE' ? 'P3KE (tata letak baku)' : 'DTKS (tata letak baku)',
  kind,
  builtIn: true,
  columns: identityColumns(kind),
  updatedAt: null,
}));

type Row = { id: number; name: string; kind: string; columns: unknown; updated_at: Date };

const view = (r: Row): MappingTemplate => ({
  id: r.id,
  name: r.name,
  kind: r.kind as MappingKind,
  builtIn: false,
  columns: r.columns as TemplateColumns,
  updatedAt: r.updated_at.toISOString(),
});

export async function listTemplates(db: Kysely<DB>): Promise<MappingTemplate[]> {
  const rows = await db
    .selectFrom('import_mapping_template')
    .select(['id', 'name', 'kind', 'columns', 'updated_at'])
    .orderBy('name')
    .execute();
  return [...BUILT_IN, ...rows.map(view)];
}

export async function getTemplate(db: Kysely<DB>, id: number): Promise<MappingTemplate> {
  const r = await db
    .selectFrom('import_mapping_template')
    .select(['id', 'name', 'kind', 'columns', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Templat pemetaan');
  return view(r);
}

function checkColumns(kind: MappingKind, columns: TemplateColumns) {
  const problems = mappingProblems(kind, columns);
  if (problems.length > 0) {
    throw badRequest('MAPPING_INVALID', `Pemetaan kolom tidak sah: ${problems.join('; ')}`, 'The column mapping is not valid', {
      problems,
    });
  }
}

/** Save a template under its name: a new one, or a new mapping for the template of that name. */
export async function saveTemplate(
  db: Kysely<DB>,
  actor: AuditActor,
  input: { name: string; kind: MappingKind; columns: TemplateColumns },
): Promise<MappingTemplate> {
  const name = input.name.trim();
  if (BUILT_IN.some((b) => b.name.toLowerCase() === name.toLowerCase())) {
    throw conflict('TEMPLATE_BUILT_IN', 'Nama ini dipakai templat bawaan; pilih nama lain', 'This name belongs to a built-in template');
  }
  checkColumns(input.kind, input.columns);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('import_mapping_template')
      .select(['id', 'name', 'kind', 'columns', 'updated_at'])
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .forUpdate()
      .executeTakeFirst();
    const columns = JSON.stringify(input.columns);
    const row = existing
      ? await trx
          .updateTable('import_mapping_template')
          .set({ name, kind: input.kind, columns, updated_at: new Date() })
          .where('id', '=', existing.id)
          .returning(['id', 'name', 'kind', 'columns', 'updated_at'])
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('import_mapping_template')
          .values({ name, kind: input.kind, columns, created_by: actor.userId })
          .returning(['id', 'name', 'kind', 'columns', 'updated_at'])
          .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: existing ? 'registry.mapping.update' : 'registry.mapping.create',
      entity: 'import_mapping_template',
      entityId: row.id,
      ...(existing ? { before: { name: existing.name, kind: existing.kind, columns: existing.columns } } : {}),
      after: { name, kind: input.kind, columns: input.columns },
    });
    return view(row);
  });
}

export async function deleteTemplate(db: Kysely<DB>, actor: AuditActor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('import_mapping_template')
      .select(['id', 'name', 'kind', 'columns'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound('Templat pemetaan');
    await trx.deleteFrom('import_mapping_template').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'registry.mapping.delete',
      entity: 'import_mapping_template',
      entityId: id,
      before: { name: r.name, kind: r.kind, columns: r.columns },
    });
  });
}

/** The columns an import is read through: a saved template's, or the ones sent, checked against the layout. */
export async function resolveColumns(
  db: Kysely<DB>,
  kind: MappingKind,
  input: { templateId?: number; columns?: TemplateColumns },
): Promise<TemplateColumns | undefined> {
  if (input.templateId !== undefined) {
    const t = await getTemplate(db, input.templateId);
    if (t.kind !== kind) {
      throw badRequest(
        'MAPPING_KIND',
        `Templat "${t.name}" untuk tata letak ${t.kind}, bukan ${kind}`,
        `Template "${t.name}" is for ${t.kind}, not ${kind}`,
      );
    }
    return t.columns;
  }
  if (input.columns) checkColumns(kind, input.columns);
  return input.columns;
}
