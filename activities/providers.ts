/** Activities of the providerRegistration workflow: thin wrappers over the register's notifications. */
import type { Orm } from '../infra/db/orm.js';
import type { Mailer } from '../services/mail.js';
import { leaveRegister, remindRenewal } from '../services/providers/notifications.js';
import type {
  LeaveRegister,
  LeaveRegisterResult,
  RenewalReminder,
} from '../workflows/provider-registration/contract.js';

export function createProviderActivities(deps: { orm: Orm; mailer: Mailer }) {
  return {
    async remindProviderRenewal(input: RenewalReminder): Promise<void> {
      await remindRenewal(deps.orm.em.fork(), deps.mailer, input);
    },
    async leaveProviderRegister(input: LeaveRegister): Promise<LeaveRegisterResult> {
      return leaveRegister(deps.orm.em.fork(), input);
    },
  };
}

export type ProviderActivities = ReturnType<typeof createProviderActivities>;
