/** Every activity the worker registers, built from the worker's dependencies. */
import type { Config } from '../infra/config.js';
import type { Orm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import type { ObjectStore } from '../infra/object-store.js';
import { createRegistryPorts } from '../services/registry-ports.js';
import { createDocumentIntegrityActivities } from './document-integrity.js';
import { createRegistryActivities } from './registries/activities.js';
import { createDmsActivities } from './dms.js';
import { createAlertActivities } from './alerts.js';
import { createNpaisSyncActivities, createPlacementActivities } from './placements.js';
import { createMailer } from '../services/mail.js';
import { createAdoptionActivities } from './adoption.js';
import { createMeansTestActivities } from './means-test.js';
import { createSocialServiceActivities } from './social-services.js';
import { sendDecisionToDms } from '../services/dms.js';
import type { Client } from '@temporalio/client';
import { createSpecialistActivities } from './specialists.js';
import { createProviderActivities } from './providers.js';
import { createCareQueueActivities } from './care-queue.js';
import { createComplaintActivities } from './complaints.js';
import { createAnalyticsActivities } from './analytics.js';

export interface ActivityDeps {
  config: Config;
  orm: Orm;
  store: ObjectStore;
  logger: Logger;
  /** Public base URL of this API, where banks post their asynchronous answers. */
  apiBaseUrl?: string;
  /** For activities that start follow-up workflows (a decision letter's delivery to the DMS). */
  temporalClient?: Client;
}

export function createActivities(deps: ActivityDeps) {
  /** A stored decision letter goes on to the municipality's DMS for registration. */
  const sendToDms = async (caseId: string, documentId: string): Promise<void> => {
    if (!deps.temporalClient) {
      deps.logger.warn({ caseId, documentId }, 'no Temporal client: decision letter not sent to the DMS');
      return;
    }
    await sendDecisionToDms(
      { em: deps.orm.em.fork(), client: deps.temporalClient, config: deps.config },
      caseId,
      documentId,
    );
  };
  return {
    ...createDocumentIntegrityActivities(deps),
    ...createDmsActivities(deps),
    ...createAdoptionActivities(deps),
    ...createAlertActivities({ orm: deps.orm, mailer: createMailer(deps.config.smtp) }),
    ...createSpecialistActivities({ orm: deps.orm, mailer: createMailer(deps.config.smtp) }),
    ...createProviderActivities({ orm: deps.orm, mailer: createMailer(deps.config.smtp) }),
    ...createCareQueueActivities({ orm: deps.orm }),
    ...createComplaintActivities({ orm: deps.orm, mailer: createMailer(deps.config.smtp) }),
    ...createPlacementActivities(deps),
    ...createAnalyticsActivities({ orm: deps.orm, config: deps.config }),
    ...createNpaisSyncActivities({ orm: deps.orm, registryUrl: deps.config.simulators.registryUrl }),
    ...createMeansTestActivities({ ...deps, onDecisionLetter: sendToDms }),
    ...createSocialServiceActivities({ ...deps, onDecisionLetter: sendToDms }),
    ...createRegistryActivities(createRegistryPorts(deps), {
      baseUrl: deps.config.simulators.registryUrl,
      callbackUrl: `${deps.apiBaseUrl ?? deps.config.api.publicUrl}/api/v1/integrations`,
    }),
  };
}
