/**
 * Alert activities shared by every process with deadlines: raise an alert (idempotent by key) and e-mail it (at most
 * once per alert, recorded in `mailedAt`).
 */
import type { Orm } from '../infra/db/orm.js';
import { deliverAlertMail, raiseAlert, type MailOutcome, type RaiseAlertInput } from '../services/alerts.js';
import type { Mailer } from '../services/mail.js';

export interface RaisedAlert {
  alertId: string;
  created: boolean;
}

export function createAlertActivities(deps: { orm: Orm; mailer: Mailer }) {
  return {
    async raiseDeadlineAlert(input: RaiseAlertInput): Promise<RaisedAlert> {
      const { alert, created } = await raiseAlert(deps.orm.em.fork(), input);
      return { alertId: alert.id, created };
    },
    async sendAlertMail(alertId: string): Promise<MailOutcome> {
      return deliverAlertMail(deps.orm.em.fork(), deps.mailer, alertId);
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
