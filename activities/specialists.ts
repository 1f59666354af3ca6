/** Activities of the specialistQualification workflow: thin wrappers over the register's notifications. */
import type { Orm } from '../infra/db/orm.js';
import type { Mailer } from '../services/mail.js';
import { alertOverdue, remindOrganisation } from '../services/specialists/notifications.js';
import type {
  QualificationOverdue,
  QualificationReminder,
} from '../workflows/specialist-qualification/contract.js';

export function createSpecialistActivities(deps: { orm: Orm; mailer: Mailer }) {
  return {
    async remindSpecialistTraining(input: QualificationReminder): Promise<void> {
      await remindOrganisation(deps.orm.em.fork(), deps.mailer, input);
    },
    async raiseSpecialistOverdue(input: QualificationOverdue): Promise<void> {
      await alertOverdue(deps.orm.em.fork(), deps.mailer, input);
    },
  };
}

export type SpecialistActivities = ReturnType<typeof createSpecialistActivities>;
