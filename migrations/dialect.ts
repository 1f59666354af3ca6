import { Migration } from '@mikro-orm/migrations';

export type Dialect = 'sqlite' | 'postgresql';

/**
 * A migration that carries the SQL for both supported databases, generated from the entity metadata by
 * `npm run db:migration:create -- <name>` against a real SQLite file and a real PostgreSQL database.
 */
export abstract class DialectMigration extends Migration {
  protected abstract readonly statements: Record<Dialect, readonly string[]>;

  protected dialect(): Dialect {
    return this.driver.constructor.name.toLowerCase().includes('sqlite') ? 'sqlite' : 'postgresql';
  }

  override up(): void {
    for (const sql of this.statements[this.dialect()]) this.addSql(sql);
  }
}
