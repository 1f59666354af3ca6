/**
 * Database commands.
 *   tsx scripts/db.ts migrate                 apply pending migrations to the configured database
 *   tsx scripts/db.ts seed                    reference data (+ demo data unless production); idempotent
 *   tsx scripts/db.ts create-migration NAME   generate a migration for SQLite and PostgreSQL from the entities
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig, type Config } from '../infra/config.js';
import { createOrm, migrateUp } from '../infra/db/orm.js';
import { seedDatabase } from '../infra/db/seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function pendingSql(db: Config['db']): Promise<string[]> {
  const orm = await createOrm(db);
  try {
    await migrateUp(orm);
    const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    return sql
      .split(/;\s*\n/)
      .map((s) => s.trim().replace(/;$/, ''))
      .filter((s) => s.length > 0 && !/^pragma /i.test(s));
  } finally {
    await orm.close(true);
  }
}

async function createMigration(name: string): Promise<void> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error('migration name: lower-case words joined by hyphens');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-migration-'));
  const sqlite = await pendingSql({ kind: 'sqlite', sqlitePath: path.join(tmp, 'gen.sqlite') });
  const pgUrl = execFileSync('bash', [path.join(ROOT, 'scripts/postgres.sh'), 'start'], {
    encoding: 'utf8',
  }).trim();
  const scratch = `digisoc_gen_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  let postgresql: string[];
  try {
    postgresql = await pendingSql({ kind: 'postgres', url: pgUrl.replace(/\/[^/]*$/, `/${scratch}`) });
  } finally {
    await admin.query(`drop database if exists ${scratch} with (force)`);
    await admin.end();
  }
  if (sqlite.length === 0 && postgresql.length === 0) {
    console.log('The schema matches the entities: no migration needed.');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const id = `${stamp}_${name}`;
  const cls = `Migration${stamp}${name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`;
  const fmt = (list: string[]) => list.map((s) => `    ${JSON.stringify(s)},`).join('\n');
  fs.writeFileSync(
    path.join(ROOT, 'migrations', `${id}.ts`),
    `import { DialectMigration } from './dialect.js';\n\n` +
      `export class ${cls} extends DialectMigration {\n` +
      `  override name = '${id}';\n\n` +
      `  protected readonly statements = {\n  sqlite: [\n${fmt(sqlite)}\n  ],\n  postgresql: [\n${fmt(postgresql)}\n  ],\n  };\n}\n`,
  );
  const indexPath = path.join(ROOT, 'migrations', 'index.ts');
  const index = fs
    .readFileSync(indexPath, 'utf8')
    .replace(
      '// migration imports (generated)',
      `import { ${cls} } from './${id}.js';\n// migration imports (generated)`,
    )
    .replace(
      '  // migration list (generated)',
      `  { name: '${id}', class: ${cls} },\n  // migration list (generated)`,
    );
  fs.writeFileSync(indexPath, index);
  console.log(
    `Created migrations/${id}.ts (${sqlite.length} SQLite, ${postgresql.length} PostgreSQL statements)`,
  );
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  if (command === 'create-migration') return createMigration(arg ?? '');
  const config = loadConfig();
  const orm = await createOrm(config.db);
  try {
    if (command === 'migrate') {
      const applied = await migrateUp(orm);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    } else if (command === 'seed') {
      await migrateUp(orm);
      const summary = await seedDatabase(orm.em.fork(), config);
      console.log(`Seeded: ${JSON.stringify(summary)}`);
    } else {
      throw new Error(`unknown command ${command ?? ''}: migrate | seed | create-migration NAME`);
    }
  } finally {
    await orm.close(true);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
