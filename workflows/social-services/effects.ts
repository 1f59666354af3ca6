/**
 * The I/O of the socialService workflow, each an activity: mirror the state into the database, issue a letter,
 * create and close tasks, raise a deadline alert. Idempotency keys derive from the service id, so a retried activity
 * does nothing twice.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../../activities/alerts.js';
import type { RegistryActivities } from '../../activities/registries/activities.js';
import type { SocialServiceActivities } from '../../activities/social-services.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { LetterKind } from '../../domain/social-services/catalogue.js';
import { text, type TextRef } from '../../domain/text-ref.js';
import { TASK_COMPLETED_SIGNAL } from '../../domain/tasks.js';
import { CASE_FILE_ACTIVITY_OPTIONS, REGISTRY_ACTIVITY_OPTIONS } from '../registry-policies.js';
import type { ServiceState } from './state.js';

export const acts = proxyActivities<SocialServiceActivities>(CASE_FILE_ACTIVITY_OPTIONS);
const alerts = proxyActivities<AlertActivities>(CASE_FILE_ACTIVITY_OPTIONS);
export const pmlp = proxyActivities<Pick<RegistryActivities, 'fetchPopulationRecord'>>(
  REGISTRY_ACTIVITY_OPTIONS.pmlp,
);
export const vsaa = proxyActivities<Pick<RegistryActivities, 'fetchSocialInsurancePayments'>>(
  REGISTRY_ACTIVITY_OPTIONS.vsaa,
);

/** What a task asks for (its text comes from the i18n catalogue, rendered by the activity). */
export interface TaskSpec {
  key: string;
  kind: string;
  /** `service.task.<kind>`: its `.title` and `.description` are rendered by the activity. */
  text: TextRef;
  dueDate: IsoDate | null;
  /** Completing the task in the inbox signals the workflow. */
  signal: boolean;
}

export class ServiceEffects {
  constructor(
    private readonly s: ServiceState,
    private readonly workflowId: string,
  ) {}

  private key(key: string): string {
    return `social-service:${this.s.input.serviceId}:${key}`;
  }

  /** Mirrors the state into social_services (lists, deadlines), with an event for the case history. */
  async mirror(ev?: { type: string; text: TextRef }, data?: Record<string, unknown>): Promise<void> {
    const { s } = this;
    const r = s.r;
    const next = s.deadlines()[0] ?? null;
    await acts.recordSocialServiceState({
      serviceId: s.input.serviceId,
      caseId: s.input.caseId,
      state: r.state,
      decisionDeadline: s.currentDeadline(),
      nextDeadline: next?.date ?? null,
      nextDeadlineKind: next?.kind ?? null,
      decision: r.decision?.decision ?? null,
      providerCode: r.decision?.providerCode ?? null,
      providerName: r.decision?.providerName ?? null,
      volume: r.volume,
      startDate: r.decision?.startDate ?? null,
      endDate: r.termination?.endDate ?? r.endDate,
      nextReviewDate: r.termination ? null : r.nextReviewDate,
      decisionDocumentId: r.decision?.documentId ?? null,
      ...(ev ? { event: { type: ev.type, text: ev.text, data: data ?? {} } } : {}),
    });
  }

  async letter(kind: LetterKind, key: string, data: Record<string, unknown>): Promise<string> {
    const { input, type } = this.s;
    const { documentId } = await acts.issueServiceLetter({
      serviceId: input.serviceId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      kind,
      serviceTypeCode: type.code,
      serviceTypeName: type.names.lv,
      template: type.letters[kind] ?? null,
      data,
      idempotencyKey: this.key(key),
    });
    return documentId;
  }

  /** Creates the task once (its key is kept in the record). */
  async task(t: TaskSpec): Promise<void> {
    const { s } = this;
    if (s.r.tasks.some((x) => x.key === t.key)) return;
    const { taskId } = await acts.createServiceTask({
      idempotencyKey: this.key(t.key),
      municipalityCode: s.input.municipalityCode,
      caseId: s.input.caseId,
      kind: t.kind,
      text: t.text,
      dueDate: t.dueDate,
      workflowId: this.workflowId,
      signalName: t.signal ? TASK_COMPLETED_SIGNAL : null,
    });
    s.r.tasks.push({ key: t.key, taskId, kind: t.kind, dueDate: t.dueDate, closed: false });
  }

  async closeTask(key: string, outcome: TextRef, by: string): Promise<void> {
    const t = this.s.r.tasks.find((x) => x.key === key && !x.closed);
    if (!t) return;
    await acts.closeServiceTask({ idempotencyKey: this.key(key), outcomeText: outcome, by });
    t.closed = true;
  }

  /** A deadline alert to the supervisor, once per subject, kind and due date. */
  async alert(subject: 'decision' | 'review', kind: 'due-soon' | 'overdue', dueDate: IsoDate): Promise<void> {
    const { s } = this;
    if (s.r.alerts.some((a) => a.subject === subject && a.kind === kind && a.dueDate === dueDate)) return;
    const raised = await alerts.raiseDeadlineAlert({
      kind,
      subjectType: 'social-service',
      subjectId: s.input.serviceId,
      caseId: s.input.caseId,
      municipalityCode: s.input.municipalityCode,
      dueDate,
      escalationNo: 0,
      summaryText: text(`service.alert.${subject}.${kind}`, { service: s.type.names.lv, dueDate }),
      idempotencyKey: this.key(`${subject}:${dueDate}:${kind}`),
      audience: ['supervisor'],
    });
    s.r.alerts.push({ kind, dueDate, alertId: raised.alertId, subject });
    if (raised.created) await alerts.sendAlertMail(raised.alertId);
  }
}
