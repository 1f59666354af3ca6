/** Every activity the worker registers, built from the worker's dependencies. */
import type { Config } from '../infra/config.js';
import type { Orm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import type { ObjectStore } from '../infra/object-store.js';
import { createRegistryPorts } from '../services/registry-ports.js';
import { createDocumentIntegrityActivities } from './document-integrity.js';
import { createRegistryActivities } from './registries/activities.js';

export interface ActivityDeps {
  config: Config;
  orm: Orm;
  store: ObjectStore;
  logger: Logger;
  /** Public base URL of this API, where banks post their asynchronous answers. */
  apiBaseUrl?: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDocumentIntegrityActivities(deps),
    ...createRegistryActivities(createRegistryPorts(deps), {
      baseUrl: deps.config.simulators.registryUrl,
      callbackUrl: `${deps.apiBaseUrl ?? deps.config.api.publicUrl}/api/v1/integrations`,
    }),
  };
}
