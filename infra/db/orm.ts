/**
 * MikroORM for both supported databases: SQLite (embedded default) and PostgreSQL (production).
 * Migrations are listed explicitly (migrations/index.ts) so tsx, Jest and compiled builds load the same set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MikroORM as CoreMikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { ALL_ENTITIES } from './entities/index.js';
import { MIGRATIONS } from '../../migrations/index.js';

export type Orm = CoreMikroORM<AbstractSqlDriver>;
export type Em = SqlEntityManager<AbstractSqlDriver>;

export function ormOptions(db: Config['db'], extra: Partial<Options> = {}): Options {
  const common: Partial<Options> = {
    entities: ALL_ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'digisoc_migrations',
      transactional: true,
      allOrNothing: true,
      silent: true,
      snapshot: false,
    },
    debug: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ...extra,
  };
  if (db.kind === 'sqlite') {
    if (db.sqlitePath !== ':memory:')
      fs.mkdirSync(path.dirname(path.resolve(db.sqlitePath)), { recursive: true });
    return { ...common, driver: SqliteDriver, dbName: db.sqlitePath } as Options;
  }
  return { ...common, driver: PostgreSqlDriver, clientUrl: db.url, pool: { min: 0, max: 10 } } as Options;
}

export async function createOrm(db: Config['db'], extra: Partial<Options> = {}): Promise<Orm> {
  const orm = (await CoreMikroORM.init(ormOptions(db, extra))) as Orm;
  if (db.kind === 'sqlite') {
    // WAL lets the API and the worker (two processes) read while one writes; writers wait instead of failing.
    const conn = orm.em.getConnection();
    await conn.execute('PRAGMA journal_mode = WAL');
    // The usual WAL pairing: a commit survives a process crash; only an OS crash can lose the last commits.
    // (PostgreSQL is the production database.)
    await conn.execute('PRAGMA synchronous = NORMAL');
    await conn.execute('PRAGMA busy_timeout = 10000');
    await conn.execute('PRAGMA foreign_keys = ON');
  }
  return orm;
}

export async function migrateUp(orm: Orm): Promise<string[]> {
  const done = await orm.migrator.up();
  return done.map((m) => m.name);
}

/** Atomically increments a named counter and returns the new value (works on SQLite ≥ 3.35 and PostgreSQL). */
export async function nextCounterValue(em: Em, key: string): Promise<number> {
  const rows = await em
    .getConnection()
    .execute<{ value: number | string }[]>(
      'insert into counters (key, value) values (?, 1) on conflict (key) do update set value = counters.value + 1 returning value',
      [key],
      'all',
      em.getTransactionContext(),
    );
  const value = rows[0]?.value;
  if (value === undefined) throw new Error(`counter ${key} returned no value`);
  return Number(value);
}
