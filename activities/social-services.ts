/**
 * Activities of the socialService workflow: the mirrored state, the required-documents check, letters from the
 * service type's templates (stored in the case file; decisions go on to the DMS), the needs-assessment record, tasks
 * for the worker, delivery records and monthly settlements. Every change is audited as `system:social-service`.
 * Inputs and outputs carry DigiSoc ids only, never personal codes.
 */
import Handlebars from 'handlebars';
import { DOCUMENT_TYPES, type DocumentType } from '../domain/case-file/document-types.js';
import type { AssessmentAnswers } from '../domain/social-services/assessment-form.js';
import type {
  AssessmentForm,
  LetterKind,
  ServiceTypeDefinition,
  ServiceUnit,
} from '../domain/social-services/catalogue.js';
import {
  settleMonth,
  type CoPaymentCategory,
  type ServiceFunding,
} from '../domain/social-services/settlement.js';
import { rigaToday } from '../infra/clock.js';
import {
  Case,
  Document,
  Person,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
} from '../infra/db/entities/index.js';
import type { Em, Orm } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import type { ObjectStore } from '../infra/object-store.js';
import { appendAudit } from '../services/audit-log.js';
import { recordCaseEvent } from '../services/case-file.js';
import { storeSystemDocument } from '../services/documents.js';
import { recordProcessTransition } from '../services/process-runs.js';
import { renderLetterHtml, renderLetterSourceHtml } from '../services/letters.js';
import { serviceTypeVersionOf } from '../services/social-services/catalogue.js';
import { SERVICE_ENDED_STATES } from '../services/social-services/commands.js';
import { closeTaskByKey, createTask } from '../services/tasks.js';
import type { TextRef } from '../domain/text-ref.js';
import { renderText, textOf } from './workflow-texts.js';

const ACTOR = 'system:social-service';

export const UNIT_LV: Record<ServiceUnit, string> = {
  hour: 'stundas',
  day: 'dienas',
  month: 'mēneši',
  visit: 'apmeklējumi',
};
const FUNDING_LV: Record<ServiceFunding, string> = { municipal: 'pašvaldība', state: 'valsts' };
const LETTER_TITLES: Record<LetterKind, string> = {
  grant: 'Lēmums par sociālā pakalpojuma piešķiršanu',
  refuse: 'Lēmums par atteikumu piešķirt sociālo pakalpojumu',
  extension: 'Paziņojums par lēmuma termiņa pagarināšanu',
  closing: 'Paziņojums par sociālā pakalpojuma izbeigšanu',
  'missing-documents': 'Paziņojums par trūkstošiem dokumentiem',
};

export interface SocialServiceActivityDeps {
  orm: Orm;
  store: ObjectStore;
  /** Called once a decision letter is stored: sends it to the municipality's DMS for registration. */
  onDecisionLetter?: (caseId: string, documentId: string) => Promise<void>;
}

export interface ServiceStateInput {
  serviceId: string;
  caseId: string;
  state: string;
  decisionDeadline: string;
  nextDeadline: string | null;
  nextDeadlineKind: string | null;
  decision: 'grant' | 'refuse' | null;
  providerCode: string | null;
  providerName: string | null;
  volume: number | null;
  startDate: string | null;
  endDate: string | null;
  nextReviewDate: string | null;
  decisionDocumentId: string | null;
  /** The entry of the case history: its text by key (`text`), or as Latvian text (inputs from before issue 15). */
  event?: { type: string; summary?: string; text?: TextRef; data?: Record<string, unknown> };
}

export interface ServiceLetterInput {
  serviceId: string;
  caseId: string;
  municipalityCode: string;
  kind: LetterKind;
  serviceTypeCode: string;
  serviceTypeName: string;
  /** The service type's own template (Handlebars, text-shaped); null: the default of this kind. */
  template: string | null;
  data: Record<string, unknown>;
  idempotencyKey: string;
}

export interface SettleMonthInput {
  serviceId: string;
  caseId: string;
  municipalityCode: string;
  serviceTypeCode: string;
  month: string;
  units: number;
  unit: ServiceUnit;
  tariffEur: number;
  funding: ServiceFunding;
  coPayment: CoPaymentCategory | null;
  /** The client's pension and benefits for the month (VSAA), when a co-payment rule applies. */
  clientIncome: { amountEur: number; evidenceDocumentId: string | null } | null;
  final: boolean;
  revision: number;
}

async function clientOf(em: Em, caseId: string): Promise<{ name: string; caseNumber: string }> {
  const c = await em.findOneOrFail(Case, { id: caseId });
  const p = await em.findOneOrFail(Person, { id: c.personId });
  return { name: `${p.firstName} ${p.lastName}`, caseNumber: c.number };
}

function fieldValue(answer: AssessmentAnswers[string] | undefined, field: AssessmentForm['fields'][number]) {
  if (answer === undefined || answer === null || answer === '') return '—';
  if (field.type === 'boolean') return answer === true ? 'jā' : 'nē';
  if (field.type === 'select')
    return field.options?.find((o) => o.value === answer)?.label.lv ?? String(answer);
  return String(answer);
}

export function createSocialServiceActivities(deps: SocialServiceActivityDeps) {
  const em = () => deps.orm.em.fork();

  async function definitionOf(e: Em, serviceId: string): Promise<ServiceTypeDefinition> {
    const row = await e.findOneOrFail(SocialService, { id: serviceId });
    return (await serviceTypeVersionOf(e, row.serviceTypeCode, row.serviceTypeVersion)).definition;
  }

  return {
    /** Mirrors the workflow's state into social_services (lists, deadlines, the provider's work). */
    async recordSocialServiceState(input: ServiceStateInput): Promise<void> {
      await em().transactional(async (tx) => {
        const row = await tx.findOneOrFail(SocialService, { id: input.serviceId });
        const before = row.state;
        Object.assign(row, {
          state: input.state,
          active: !SERVICE_ENDED_STATES.includes(input.state),
          decisionDeadline: input.decisionDeadline,
          nextDeadline: input.nextDeadline,
          nextDeadlineKind: input.nextDeadlineKind,
          decision: input.decision,
          providerCode: input.providerCode,
          providerName: input.providerName,
          volume: input.volume,
          startDate: input.startDate,
          endDate: input.endDate,
          nextReviewDate: input.nextReviewDate,
          decisionDocumentId: input.decisionDocumentId,
          updatedAt: new Date(),
        });
        await recordProcessTransition(tx, {
          actor: ACTOR,
          caseId: input.caseId,
          municipalityCode: row.municipalityCode,
          event: input.event && {
            type: input.event.type,
            summary: textOf(input.event.summary, input.event.text),
            ...(input.event.data ? { data: input.event.data } : {}),
          },
          eventRef: { serviceId: input.serviceId },
          from: before,
          to: input.state,
          audit: { action: 'social-service.state', resourceType: 'social-service', resourceId: row.id },
        });
      });
    },

    /** Which of the required document types the case file does not hold yet. */
    async checkRequiredDocuments(input: {
      caseId: string;
      requiredDocuments: DocumentType[];
    }): Promise<{ missing: DocumentType[] }> {
      if (input.requiredDocuments.length === 0) return { missing: [] };
      const present = await em().find(
        Document,
        { caseId: input.caseId, type: { $in: input.requiredDocuments } },
        { fields: ['type'] },
      );
      const have = new Set(present.map((d) => d.type));
      return { missing: input.requiredDocuments.filter((t) => !have.has(t)) };
    },

    /** A letter of the service (the type's template or the default), stored in the case file; idempotent by key. */
    async issueServiceLetter(input: ServiceLetterInput): Promise<{ documentId: string }> {
      const e = em();
      const definition = await definitionOf(e, input.serviceId);
      const row = await e.findOneOrFail(SocialService, { id: input.serviceId });
      const missing = Array.isArray(input.data['missing']) ? (input.data['missing'] as DocumentType[]) : [];
      // A reason the service gave itself comes by key (issue 15): the letter states it in Latvian.
      const termination = input.data['termination'] as { reason?: string; reasonText?: TextRef } | undefined;
      const data = {
        ...input.data,
        ...(termination?.reasonText
          ? { termination: { ...termination, reason: renderText(termination.reasonText) } }
          : {}),
        client: await clientOf(e, input.caseId),
        today: rigaToday(),
        service: {
          name: definition.names.lv,
          unitLv: UNIT_LV[definition.unit],
          tariffEur: definition.tariffEur,
          fundingLv: FUNDING_LV[definition.funding],
          legalBasis: definition.legalBasis,
          nextReviewDate: input.data['nextReviewDate'] ?? '—',
        },
        missingNames: missing.map((t) => DOCUMENT_TYPES[t]?.lv ?? t),
      };
      const title = `${LETTER_TITLES[input.kind]}: ${definition.names.lv}`;
      const body =
        input.template !== null
          ? renderLetterSourceHtml(input.template, data, title)
          : renderLetterHtml(`social-service-${input.kind}`, data, title);
      const decision = input.kind === 'grant' || input.kind === 'refuse';
      const { documentId, created } = await storeSystemDocument(e, deps.store, {
        caseId: input.caseId,
        title,
        type: decision ? 'decision' : 'letter',
        source: 'generated',
        fileName: `${input.kind}-${row.serviceTypeCode}.html`,
        contentType: 'text/html',
        actor: ACTOR,
        idempotencyKey: input.idempotencyKey,
        body: Buffer.from(body, 'utf8'),
        event: {
          type: `social-service.letter.${input.kind}`,
          summary: title,
          data: { serviceId: input.serviceId },
        },
      });
      if (decision && created) await deps.onDecisionLetter?.(input.caseId, documentId);
      return { documentId };
    },

    /** The needs assessment as a document of the case file (the form's labels with the worker's answers). */
    async storeServiceAssessment(input: {
      serviceId: string;
      caseId: string;
      serviceTypeName: string;
      form: AssessmentForm;
      answers: AssessmentAnswers;
      by: string;
      revision: number;
    }): Promise<{ documentId: string }> {
      const e = em();
      const client = await clientOf(e, input.caseId);
      const esc = Handlebars.escapeExpression;
      const rows = input.form.fields
        .map(
          (f) =>
            `<tr><th scope="row">${esc(f.label.lv)}</th><td>${esc(fieldValue(input.answers[f.key], f))}</td></tr>`,
        )
        .join('\n');
      const title = `Vajadzību izvērtējums: ${input.serviceTypeName}`;
      const html = `<!DOCTYPE html>
<html lang="lv">
<head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:42em;margin:2em auto}th{text-align:left;padding-right:1em;vertical-align:top}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Lieta: ${esc(client.caseNumber)}; klients: ${esc(client.name)}; datums: ${esc(rigaToday())}; izvērtēja: ${esc(input.by)}</p>
<table>
${rows}
</table>
</body>
</html>
`;
      const { documentId } = await storeSystemDocument(e, deps.store, {
        caseId: input.caseId,
        title: input.revision > 1 ? `${title} (${input.revision}. redakcija)` : title,
        type: 'needs-assessment',
        source: 'generated',
        fileName: `vajadzibu-izvertejums-${input.revision}.html`,
        contentType: 'text/html',
        actor: input.by,
        idempotencyKey: `social-service:${input.serviceId}:assessment:${input.revision}`,
        body: Buffer.from(html, 'utf8'),
        event: { type: 'social-service.assessment', summary: title, data: { serviceId: input.serviceId } },
      });
      return { documentId };
    },

    async createServiceTask(input: {
      idempotencyKey: string;
      municipalityCode: string;
      caseId: string;
      kind: string;
      /** `service.task.<kind>` (its `.title` and `.description`), or the texts (inputs from before issue 15). */
      text?: TextRef;
      title?: string;
      description?: string;
      dueDate: string | null;
      workflowId: string;
      signalName: string | null;
    }): Promise<{ taskId: string }> {
      const { text, ...rest } = input;
      const { task } = await createTask(em(), {
        ...rest,
        title: textOf(input.title, text && { ...text, key: `${text.key}.title` }),
        description: textOf(input.description, text && { ...text, key: `${text.key}.description` }),
        source: 'social-service',
        createdBy: ACTOR,
      });
      return { taskId: task.id };
    },

    /** Completes a task the workflow created, when the work it asked for was done another way. */
    async closeServiceTask(input: {
      idempotencyKey: string;
      outcome?: string;
      outcomeText?: TextRef;
      by: string;
    }): Promise<void> {
      await closeTaskByKey(em(), input.idempotencyKey, textOf(input.outcome, input.outcomeText), input.by);
    },

    /** One row per service and month; a second record of the same month replaces it with the next revision. */
    async storeServiceDelivery(input: {
      serviceId: string;
      caseId: string;
      month: string;
      units: number;
      note: string | null;
      by: string;
    }): Promise<{ revision: number }> {
      return em().transactional(async (tx) => {
        const service = await tx.findOneOrFail(SocialService, { id: input.serviceId });
        const existing = await tx.findOne(ServiceDelivery, {
          serviceId: input.serviceId,
          month: input.month,
        });
        let revision = 1;
        const before = existing ? existing.units : null;
        if (existing) {
          if (existing.units === input.units && existing.note === input.note)
            return { revision: existing.revision };
          revision = existing.revision + 1;
          Object.assign(existing, {
            units: input.units,
            note: input.note,
            revision,
            recordedBy: input.by,
            recordedAt: new Date(),
          });
        } else {
          tx.create(ServiceDelivery, {
            id: newId(),
            serviceId: input.serviceId,
            caseId: input.caseId,
            month: input.month,
            units: input.units,
            note: input.note,
            revision,
            recordedBy: input.by,
            recordedAt: new Date(),
          });
        }
        await recordCaseEvent(tx, {
          caseId: input.caseId,
          type: 'social-service.delivery',
          actor: input.by,
          summary: `Pakalpojuma apjoms par ${input.month}: ${input.units}`,
          data: { serviceId: input.serviceId, month: input.month, units: input.units, revision },
        });
        await tx.flush();
        await appendAudit(tx, {
          actor: input.by,
          role: 'system',
          municipalityCode: service.municipalityCode,
          action: existing ? 'social-service.delivery.correct' : 'social-service.delivery.record',
          resourceType: 'social-service',
          resourceId: input.serviceId,
          caseId: input.caseId,
          outcome: 'success',
          details: { month: input.month, units: input.units, before, revision },
        });
        return { revision };
      });
    },

    /** Who pays what for one month (domain/social-services/settlement.ts); replaces an earlier settlement of the month. */
    async settleServiceMonth(
      input: SettleMonthInput,
    ): Promise<{ costEur: number; clientPaysEur: number; funderPaysEur: number }> {
      const s = settleMonth({
        month: input.month,
        units: input.units,
        tariffEur: input.tariffEur,
        funding: input.funding,
        coPaymentCategory: input.coPayment,
        ...(input.clientIncome ? { clientPensionAndBenefitsEur: input.clientIncome.amountEur } : {}),
      });
      await em().transactional(async (tx) => {
        const existing = await tx.findOne(ServiceSettlement, {
          serviceId: input.serviceId,
          month: input.month,
        });
        const fields = {
          units: input.units,
          unit: input.unit,
          tariffEur: input.tariffEur,
          costEur: s.costEur,
          clientPaysEur: s.clientPaysEur,
          clientCapEur: s.clientCapEur,
          clientIncomeEur: input.clientIncome?.amountEur ?? null,
          incomeEvidenceDocumentId: input.clientIncome?.evidenceDocumentId ?? null,
          funderPaysEur: s.funderPaysEur,
          funder: s.funder,
          legalBasis: s.rule?.legalBasis ?? null,
          final: input.final,
          revision: input.revision,
          settledAt: new Date(),
        };
        if (existing) Object.assign(existing, fields);
        else {
          tx.create(ServiceSettlement, {
            id: newId(),
            serviceId: input.serviceId,
            caseId: input.caseId,
            municipalityCode: input.municipalityCode,
            serviceTypeCode: input.serviceTypeCode,
            month: input.month,
            ...fields,
          });
        }
        await tx.flush();
        await appendAudit(tx, {
          actor: ACTOR,
          role: 'system',
          municipalityCode: input.municipalityCode,
          action: 'social-service.settle',
          resourceType: 'social-service',
          resourceId: input.serviceId,
          caseId: input.caseId,
          outcome: 'success',
          details: {
            month: input.month,
            costEur: s.costEur,
            clientPaysEur: s.clientPaysEur,
            funderPaysEur: s.funderPaysEur,
            final: input.final,
          },
        });
      });
      return { costEur: s.costEur, clientPaysEur: s.clientPaysEur, funderPaysEur: s.funderPaysEur };
    },
  };
}

export type SocialServiceActivities = ReturnType<typeof createSocialServiceActivities>;
