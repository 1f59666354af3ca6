/**
 * The steps of a granted social service: delivery (monthly records, a task when one is missing), settlement per
 * month (units × tariff, SPSP 29(2) co-payment from VSAA data), reviews (task, supervisor alerts), the monthly PMLP
 * check of the client, termination (closing letter when it is decided) and closing (final settlement).
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import type { IsoDate, IsoMonth } from '../../domain/calendar.js';
import {
  addDays,
  addMonthsClamped,
  isAfter,
  isBefore,
  isoMonthOf,
  lastDayOfIsoMonth,
  msUntilRigaDate,
} from '../../domain/calendar.js';
import {
  deliveryRecordDueDate,
  reviewAlertDate,
  reviewTaskDate,
  serviceMonths,
} from '../../domain/social-services/lifecycle.js';
import { text } from '../../domain/text-ref.js';
import type { ServiceDecision } from './contract.js';
import { acts, pmlp, vsaa, type ServiceEffects } from './effects.js';
import type { ServiceState, Termination } from './state.js';

const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

export class DeliverySteps {
  private readonly start: IsoDate;
  private readonly eventsAtStart: number;
  private lastDeathCheck: IsoMonth | null = null;

  constructor(
    private readonly s: ServiceState,
    private readonly fx: ServiceEffects,
  ) {
    this.start = (s.r.decision as ServiceDecision).startDate as IsoDate;
    this.eventsAtStart = s.r.events.length;
    // A run continued as new has checked the client this month already.
    if (s.input.record) this.lastDeathCheck = isoMonthOf(s.today());
  }

  private get purpose(): string {
    return `Sociālais pakalpojums: ${this.s.type.names.lv}`;
  }

  /**
   * 5–6. Delivery, settlement and reviews until the termination takes effect (a termination may be dated ahead).
   * Returns 'continue-as-new' when the history has grown long; the main flow continues the service as new.
   */
  async deliverUntilTerminated(): Promise<'terminated' | 'continue-as-new'> {
    const { s, fx } = this;
    const r = s.r;
    while (!s.terminationInEffect()) {
      s.dirty = false;
      const terminated = r.termination;
      let wake = await this.catchUp();
      if (r.termination) {
        await this.announceTermination();
        if (s.terminationInEffect()) break;
        const effective = addDays(r.termination.endDate, 1);
        if (wake === null || isBefore(effective, wake)) wake = effective;
      }
      await fx.mirror();
      if (
        r.events.length - this.eventsAtStart > CONTINUE_AS_NEW_AFTER_EVENTS ||
        workflowInfo().continueAsNewSuggested
      ) {
        return 'continue-as-new';
      }
      const changed = () => s.dirty || r.termination !== terminated;
      if (wake === null) await condition(changed);
      else await condition(changed, msUntilRigaDate(wake, Date.now(), 1_000));
      await this.checkClientAlive();
    }
    return 'terminated';
  }

  /** 7. Closing: records may still arrive until the last month's due date; then the final settlement. */
  async close(): Promise<void> {
    const { s, fx } = this;
    const r = s.r;
    await condition(s.updatesIdle);
    await this.announceTermination();
    const termination = r.termination as Termination;
    r.state = 'closing';
    await fx.mirror(
      s.event('service.closing', text('service.event.closing', { endDate: termination.endDate })),
    );
    const endMonth = isoMonthOf(termination.endDate);
    const finalDue = deliveryRecordDueDate(endMonth, s.lifecycle);
    for (;;) {
      s.dirty = false;
      const next = (await this.catchUp()) ?? finalDue;
      const missing = s.missingDeliveryMonths();
      const allRecorded = !isAfter(this.start, termination.endDate)
        ? serviceMonths(this.start, termination.endDate, s.today()).every((m) =>
            r.deliveries.some((x) => x.month === m),
          )
        : true;
      if (allRecorded || !isBefore(s.today(), finalDue)) {
        if (missing.length > 0) await fx.mirror(undefined);
        break;
      }
      await condition(
        () => s.dirty,
        msUntilRigaDate(isBefore(next, finalDue) ? next : finalDue, Date.now(), 1_000),
      );
    }
    await this.settle(endMonth, true);
    r.state = 'closed';
    await fx.mirror(s.event('service.closed', text('service.event.closed')), {
      settledMonths: r.settlements.length,
    });
  }

  /** Settles a month with a delivery record (again when the record was revised, or for good at the end). */
  private async settle(month: IsoMonth, final: boolean): Promise<void> {
    const { s } = this;
    const { r, type, input } = s;
    const delivery = r.deliveries.find((x) => x.month === month);
    if (!delivery) return;
    const existing = r.settlements.find((x) => x.month === month);
    if (existing && existing.revision === delivery.revision && existing.final === final) return;
    let income: { amountEur: number; evidenceDocumentId: string | null } | null = null;
    if (type.coPayment !== null) {
      try {
        const answer = await vsaa.fetchSocialInsurancePayments({
          caseId: input.caseId,
          personId: input.clientPersonId,
          purpose: `${this.purpose} — norēķins par ${month}`,
          requestedBy: 'system:social-service',
          period: { fromMonth: month, toMonth: month },
        });
        // VSAA answered: no payment that month (or a person VSAA does not know) is an income of 0.
        income =
          answer.status === 'ok'
            ? {
                amountEur: answer.totalsByMonth.find((x) => x.month === month)?.amountEur ?? 0,
                evidenceDocumentId: answer.snapshotDocumentId,
              }
            : { amountEur: 0, evidenceDocumentId: null };
      } catch {
        // VSAA unavailable after its retries: the month stays unsettled; the next pass asks again.
        return;
      }
    }
    const settled = await acts.settleServiceMonth({
      serviceId: input.serviceId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      serviceTypeCode: type.code,
      month,
      units: delivery.units,
      unit: type.unit,
      tariffEur: type.tariffEur,
      funding: type.funding,
      coPayment: type.coPayment,
      clientIncome: income,
      final,
      revision: delivery.revision,
    });
    const entry = {
      month,
      units: delivery.units,
      costEur: settled.costEur,
      clientPaysEur: settled.clientPaysEur,
      funderPaysEur: settled.funderPaysEur,
      revision: delivery.revision,
      final,
    };
    if (existing) Object.assign(existing, entry);
    else r.settlements.push(entry);
    r.settlements.sort((a, b) => (a.month < b.month ? -1 : 1));
  }

  /** Everything due by today; returns the next date something becomes due (null: nothing scheduled). */
  private async catchUp(): Promise<IsoDate | null> {
    const { s, fx } = this;
    const { r, type } = s;
    const t = s.today();
    const wakes: IsoDate[] = [];
    const endOn = r.termination?.endDate ?? r.endDate;
    // Termination by end date.
    if (!r.termination && r.endDate) {
      if (isAfter(t, r.endDate)) {
        s.terminateFor(
          { endDate: r.endDate, cause: 'end-date', by: 'system:social-service' },
          text('service.termination.end-date'),
        );
      } else wakes.push(addDays(r.endDate, 1));
    }
    // Settle ended months with records; a task for each month whose record is overdue.
    const lastDay = endOn && isBefore(endOn, t) ? endOn : t;
    if (!isAfter(this.start, lastDay)) {
      for (const month of serviceMonths(this.start, lastDay, t)) {
        const lastMonth =
          s.terminationInEffect() && month === isoMonthOf((r.termination as Termination).endDate);
        const monthEnded = isBefore(lastDayOfIsoMonth(month), t) || lastMonth;
        if (!monthEnded) continue;
        const due = deliveryRecordDueDate(month, s.lifecycle);
        if (r.deliveries.some((x) => x.month === month)) {
          await this.settle(month, lastMonth);
        } else if (!isBefore(t, due)) {
          await fx.task({
            key: `delivery:${month}`,
            kind: 'service-delivery-missing',
            text: text('service.task.service-delivery-missing', {
              service: type.names.lv,
              unit: type.unit,
              month,
              due,
            }),
            dueDate: due,
            signal: false,
          });
        } else wakes.push(due);
      }
    }
    // Review.
    if (!r.termination && r.nextReviewDate) {
      const review = r.nextReviewDate;
      const taskOn = reviewTaskDate(review, s.lifecycle);
      const alertOn = reviewAlertDate(review, s.lifecycle);
      const overdueOn = addDays(review, 1);
      if (!isBefore(t, taskOn)) {
        await fx.task({
          key: `review:${review}`,
          kind: 'service-review',
          text: text('service.task.service-review', { service: type.names.lv, date: review }),
          dueDate: review,
          signal: false,
        });
        if (r.state === 'active') {
          r.state = 'review-due';
          await fx.mirror(s.event('service.review-due', text('service.event.review-due', { date: review })));
        }
      } else wakes.push(taskOn);
      if (!isBefore(t, alertOn)) await fx.alert('review', 'due-soon', review);
      else wakes.push(alertOn);
      if (!isBefore(t, overdueOn)) await fx.alert('review', 'overdue', review);
      else wakes.push(overdueOn);
    }
    // The first of every month: settlement pass and a PMLP check of the client.
    wakes.push(addMonthsClamped(`${isoMonthOf(t)}-01`, 1));
    return wakes.filter((w) => isAfter(w, t)).sort()[0] ?? null;
  }

  /** Once a month: is the client alive (PMLP)? A death ends the service on that date. */
  private async checkClientAlive(): Promise<void> {
    const { s } = this;
    const r = s.r;
    const month = isoMonthOf(s.today());
    if (this.lastDeathCheck === month || r.termination?.cause === 'death' || s.terminationInEffect()) return;
    this.lastDeathCheck = month;
    try {
      const person = await pmlp.fetchPopulationRecord({
        caseId: s.input.caseId,
        personId: s.input.clientPersonId,
        purpose: `${this.purpose} — klienta statusa pārbaude`,
        requestedBy: 'system:social-service',
      });
      if (person.status === 'ok' && person.deathDate) {
        const pending = r.termination;
        if (pending && !isBefore(person.deathDate, pending.endDate)) return;
        s.terminateFor(
          { endDate: person.deathDate, cause: 'death', by: 'system:pmlp' },
          text('service.termination.death-registry'),
        );
      }
    } catch {
      // PMLP unavailable after the retries: the next monthly pass asks again.
      this.lastDeathCheck = null;
    }
  }

  /** The closing letter goes out when the termination is decided, even when it takes effect later. */
  private async announceTermination(): Promise<void> {
    const { s, fx } = this;
    const t = s.r.termination as Termination;
    if (t.documentId) return;
    t.documentId = await fx.letter('closing', `closing:${t.cause}`, { termination: t, granted: true });
    await fx.mirror(
      s.event(
        'service.terminated',
        text('service.event.terminated', { endDate: t.endDate, reason: s.terminationReason() }),
        t.by,
      ),
      {
        cause: t.cause,
        endDate: t.endDate,
        documentId: t.documentId,
      },
    );
    await fx.closeTask(
      `review:${s.r.nextReviewDate ?? ''}`,
      text('service.taskOutcome.ended'),
      'system:social-service',
    );
  }
}
