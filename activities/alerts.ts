/**
 * Alert activities shared by every process with deadlines: raise an alert (idempotent by key) and e-mail it (at most
 * once per alert, recorded in `mailedAt`).
 */
import type { Orm } from '../infra/db/orm.js';
import { deliverAlertMail, raiseAlert, type MailOutcome, type RaiseAlertInput } from '../services/alerts.js';
import type { Mailer } from '../services/mail.js';
import type { TextRef } from '../domain/text-ref.js';
import { textOf } from './workflow-texts.js';

export interface RaisedAlert {
  alertId: string;
  created: boolean;
}

export function createAlertActivities(deps: { orm: Orm; mailer: Mailer }) {
  return {
    /** The summary is given as text, or by key (`summaryText`, rendered in Latvian: workflows since issue 15). */
    async raiseDeadlineAlert(
      input: Omit<RaiseAlertInput, 'summary'> & { summary?: string; summaryText?: TextRef },
    ): Promise<RaisedAlert> {
      const { summaryText, ...rest } = input;
      const summary = textOf(input.summary, summaryText);
      const { alert, created } = await raiseAlert(deps.orm.em.fork(), { ...rest, summary });
      return { alertId: alert.id, created };
    },
    async sendAlertMail(alertId: string): Promise<MailOutcome> {
      return deliverAlertMail(deps.orm.em.fork(), deps.mailer, alertId);
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
