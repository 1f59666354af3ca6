import { Migration } from '@mikro-orm/migrations';
import { migrateFreeTextProviders } from '../services/providers/legacy.js';

/**
 * Data, not schema (issue 22): the free-text providers of granted services become register entries
 * (`services/providers/legacy.ts`). Runs after the schema migration that creates the register's tables.
 */
export class Migration20261128114600FreeTextProvidersToRegister extends Migration {
  override name = '20261128114600_free-text-providers-to-register';

  override async up(): Promise<void> {
    await migrateFreeTextProviders(this.getEntityManager() as never);
  }
}
