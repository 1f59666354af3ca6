/** Every activity the worker registers, built from the worker's dependencies. */
import type { Config } from '../infra/config.js';
import type { Orm } from '../infra/db/orm.js';
import type { ObjectStore } from '../infra/object-store.js';
import { createDocumentIntegrityActivities } from './document-integrity.js';

export interface ActivityDeps {
  config: Config;
  orm: Orm;
  store: ObjectStore;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDocumentIntegrityActivities(deps),
  };
}
