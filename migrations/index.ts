/** Every migration in order. `npm run db:migration:create -- <name>` appends new ones here. */
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261122075059CaseFile } from './20261122075059_case-file.js';
// migration imports (generated)

export const MIGRATIONS: { name: string; class: Constructor<Migration> }[] = [
  { name: '20261122075059_case-file', class: Migration20261122075059CaseFile },
  // migration list (generated)
];
