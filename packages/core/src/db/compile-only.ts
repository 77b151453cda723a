import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
} from 'kysely';
import type { DialectName } from './dialect';
import type { Database } from './schema';

/**
 * A Kysely instance that compiles exactly as `createDb` does for `dialect` (same adapter, compiler and
 * camel-case plugin) but has no connection: executing a query yields no rows. For tests that look at
 * the SQL of statements (hot-statement snapshots) without a database.
 */
export function compileOnlyKysely(dialect: DialectName): Kysely<Database> {
  const d: Dialect =
    dialect === 'postgres'
      ? {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        }
      : {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        };
  return new Kysely<Database>({ dialect: d, plugins: [new CamelCasePlugin()] });
}
