/**
 * Activities of the DMS integration: file an incoming application in the applicant's case file, create the work
 * task, confirm the registration back to the DMS, deliver decision letters to the DMS and raise an alert when a
 * delivery keeps failing. Every one is idempotent (keys on documents, tasks and DMS requests), so retries and
 * worker restarts never duplicate anything. Personal codes are read from the stored payload, never passed in.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { addDays, type IsoDate } from '../domain/calendar.js';
import { classify } from '../domain/dms/classification.js';
import { signedHeaders } from '../domain/dms/signature.js';
import { DMS_SYSTEM_NAMES, type DmsSystem } from '../domain/dms/systems.js';
import { validatePersonalCode } from '../domain/personal-code.js';
import { TASK_COMPLETED_SIGNAL } from '../domain/tasks.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import {
  Case,
  Document,
  DocumentVersion,
  DmsIntake,
  DmsOutbound,
  Person,
} from '../infra/db/entities/index.js';
import type { Orm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import type { ObjectStore } from '../infra/object-store.js';
import { appendAudit } from '../services/audit-log.js';
import { recordCaseEvent } from '../services/case-file.js';
import { SNIFF_BYTES, sniffContentType } from '../services/content-sniffing.js';
import { outboundDmsSecret, type StoredIntakePayload } from '../services/dms.js';
import { storeSystemDocument } from '../services/documents.js';
import { notifyServicesOfDocument } from '../services/social-services/commands.js';
import type { Client } from '@temporalio/client';
import { createTask } from '../services/tasks.js';
import type { TextRef } from '../domain/text-ref.js';
import { textOf } from './workflow-texts.js';

export interface IntakeFiling {
  intakeId: string;
  outcome: 'filed' | 'triage';
  caseId: string | null;
  caseNumber: string | null;
  documentIds: string[];
  classification: string;
  serviceType: string | null;
}

export interface DmsDelivery {
  registrationNumber: string;
}

/** DMS answered with a client error that a retry cannot fix. */
export const NON_RETRYABLE_DMS_ERRORS = ['DmsRejected'] as const;

async function dmsPost(
  url: string,
  secret: string,
  idempotencyKey: string,
  payload: unknown,
): Promise<unknown> {
  const raw = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        ...signedHeaders(secret, raw),
      },
      body: raw,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (err) {
    throw ApplicationFailure.retryable(`DMS unreachable: ${(err as Error).message}`, 'DmsUnavailable');
  }
  const text = await res.text();
  if (res.ok) return text ? (JSON.parse(text) as unknown) : {};
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
    throw ApplicationFailure.nonRetryable(`DMS rejected the request: ${res.status}`, 'DmsRejected');
  throw ApplicationFailure.retryable(`DMS answered ${res.status}`, 'DmsUnavailable');
}

export function createDmsActivities(deps: {
  config: Config;
  orm: Orm;
  store: ObjectStore;
  logger: Logger;
  /** Wakes social services of the case that wait for documents. */
  temporalClient?: Client;
}) {
  const base = deps.config.simulators.dmsUrl.replace(/\/$/, '');

  return {
    /** Stores the attached files in the applicant's open case (found by personal code), or marks it for triage. */
    async fileDmsIntake(intakeId: string): Promise<IntakeFiling> {
      const em = deps.orm.em.fork();
      const intake = await em.findOneOrFail(DmsIntake, { id: intakeId });
      const { application } = JSON.parse(
        (await deps.store.getBuffer(intake.payloadKey, intake.payloadSha256)).toString('utf8'),
      ) as StoredIntakePayload;
      const system = application.system;
      const rule = classify(system, application.documentType);
      const code = validatePersonalCode(application.applicant.personalCode);
      const person = code.ok ? await em.findOne(Person, { personalCode: code.normalized }) : null;
      const openCase = person
        ? await em.findOne(Case, { openKey: `${person.id}:${intake.municipalityCode}` })
        : null;
      const documentIds: string[] = [];
      if (openCase) {
        for (const [i, file] of application.files.entries()) {
          const bytes = Buffer.from(file.contentBase64, 'base64');
          const contentType = await sniffContentType(bytes.subarray(0, SNIFF_BYTES));
          if (!contentType) throw ApplicationFailure.nonRetryable('unsupported file type', 'DmsRejected');
          const stored = await storeSystemDocument(em, deps.store, {
            caseId: openCase.id,
            title: `${application.title} (${application.registrationNumber})`.slice(0, 300),
            type: rule.documentType,
            source: 'dms',
            fileName: file.fileName,
            contentType,
            actor: `dms:${system}`,
            idempotencyKey: `dms-intake:${intakeId}:${i}`,
            body: bytes,
            event: {
              type: 'dms.document-received',
              summary: `Saņemts no ${DMS_SYSTEM_NAMES[system]}: ${application.title} (${application.registrationNumber})`,
              data: { intakeId, registrationNumber: application.registrationNumber },
            },
            audit: {
              actor: `dms:${system}`,
              role: 'integrator',
              municipalityCode: intake.municipalityCode,
              requestId: null,
            },
          });
          await em.nativeUpdate(
            Document,
            { id: stored.documentId },
            { dmsRegistrationNumber: application.registrationNumber },
          );
          documentIds.push(stored.documentId);
        }
      }
      if (openCase && documentIds.length > 0 && deps.temporalClient) {
        await notifyServicesOfDocument({ em: em.fork(), client: deps.temporalClient }, openCase.id);
      }
      await em.nativeUpdate(
        DmsIntake,
        { id: intakeId },
        {
          state: intake.state === 'confirmed' ? 'confirmed' : openCase ? 'filed' : 'triage',
          personId: person?.id ?? null,
          caseId: openCase?.id ?? null,
          classification: rule.classification,
          filedAt: new Date(),
        },
      );
      return {
        intakeId,
        outcome: openCase ? 'filed' : 'triage',
        caseId: openCase?.id ?? null,
        caseNumber: openCase?.number ?? null,
        documentIds,
        classification: rule.classification,
        serviceType: rule.serviceType ?? null,
      };
    },

    /** The work item in the municipality's queue: handle the application, or triage an unknown applicant. */
    async createDmsIntakeTask(filing: IntakeFiling): Promise<{ taskId: string }> {
      const em = deps.orm.em.fork();
      const intake = await em.findOneOrFail(DmsIntake, { id: filing.intakeId });
      const system = intake.system as DmsSystem;
      const rule = classify(system, intake.documentType);
      const dms = `${DMS_SYSTEM_NAMES[system]} ${intake.registrationNumber}`;
      const triage = filing.outcome === 'triage';
      const waitingWorkflow = Context.current().info.workflowExecution?.workflowId;
      const { task } = await createTask(em, {
        idempotencyKey: `dms-intake:${filing.intakeId}`,
        municipalityCode: intake.municipalityCode,
        caseId: filing.caseId,
        kind: triage ? 'dms-triage' : 'dms-application',
        title: triage ? `Šķirot iesniegumu: klientam nav atvērtas lietas (${dms})` : rule.taskTitle.lv,
        description: triage
          ? `Dokumentu vadības sistēmā reģistrēts iesniegums ${dms}, bet iesniedzējam šajā pašvaldībā nav atvērtas lietas. Atrodiet vai atveriet klienta lietu un pabeidziet šo uzdevumu: iesnieguma dokumenti tiks pievienoti lietai automātiski.`
          : `Iesniegums ${dms} pievienots lietai${filing.caseNumber ? ` ${filing.caseNumber}` : ''}.${rule.serviceType ? ` Ieteicamais pakalpojums: ${rule.serviceType}.` : ''}`,
        dueDate: addDays(rigaToday() as IsoDate, rule.dueInDays),
        source: filing.intakeId,
        // The intake workflow waits on a triage task and files the documents once it is completed.
        ...(triage && waitingWorkflow
          ? { workflowId: waitingWorkflow, signalName: TASK_COMPLETED_SIGNAL }
          : {}),
        data: {
          intakeId: filing.intakeId,
          classification: filing.classification,
          serviceType: filing.serviceType,
          documentIds: filing.documentIds,
          registrationNumber: intake.registrationNumber,
        },
        createdBy: `dms:${system}`,
      });
      await em.nativeUpdate(DmsIntake, { id: filing.intakeId }, { taskId: task.id });
      return { taskId: task.id };
    },

    /** Tells the DMS the document is registered in DigiSoc (idempotent by intake id on the DMS side). */
    async confirmDmsRegistration(input: {
      intakeId: string;
      /** The note, by i18n key (rendered in Latvian), or as text (inputs from before issue 15). */
      messageText?: TextRef;
      message?: string;
      reference: string;
    }): Promise<void> {
      const message = textOf(input.message, input.messageText);
      const em = deps.orm.em.fork();
      const intake = await em.findOneOrFail(DmsIntake, { id: input.intakeId });
      const system = intake.system as DmsSystem;
      const secret = await outboundDmsSecret(em, deps.config, intake.municipalityCode, system);
      const id = encodeURIComponent(intake.dmsDocumentId);
      if (system === 'namejs') {
        await dmsPost(
          `${base}/namejs/api/v1/documents/${id}/external-links`,
          secret,
          `confirm-${intake.id}`,
          {
            system: 'DigiSoc',
            externalId: input.reference,
            note: message,
            linkedAt: new Date().toISOString(),
          },
        );
      } else {
        await dmsPost(`${base}/lietvaris/eliss/dokumenti/${id}/piezimes`, secret, `confirm-${intake.id}`, {
          sistema: 'DigiSoc',
          atsauce: input.reference,
          teksts: message,
        });
      }
      await em.nativeUpdate(
        DmsIntake,
        { id: input.intakeId },
        { state: 'confirmed', confirmedAt: new Date() },
      );
    },

    /** Sends a decision letter (file attached) to the DMS for registration; stores the registration number. */
    async deliverDocumentToDms(outboundId: string): Promise<DmsDelivery> {
      const em = deps.orm.em.fork();
      const out = await em.findOneOrFail(DmsOutbound, { id: outboundId });
      if (out.registrationNumber) return { registrationNumber: out.registrationNumber };
      await em.nativeUpdate(DmsOutbound, { id: outboundId }, { attempts: out.attempts + 1 });
      const document = await em.findOneOrFail(Document, { id: out.documentId });
      const version = await em.findOneOrFail(DocumentVersion, {
        documentId: document.id,
        version: document.latestVersion,
      });
      const caseRow = await em.findOneOrFail(Case, { id: out.caseId });
      const bytes = await deps.store.getBuffer(version.objectKey, version.sha256);
      const system = out.system as DmsSystem;
      const secret = await outboundDmsSecret(em, deps.config, out.municipalityCode, system);
      let registrationNumber: string;
      try {
        if (system === 'namejs') {
          const answer = (await dmsPost(`${base}/namejs/api/v1/outgoing-documents`, secret, outboundId, {
            externalId: outboundId,
            documentType: 'LEMUMS',
            title: document.title,
            institution: { atvk: out.municipalityCode },
            caseReference: caseRow.number,
            files: [
              {
                fileName: version.fileName,
                mimeType: version.contentType,
                contentBase64: bytes.toString('base64'),
              },
            ],
          })) as { registrationNumber?: unknown };
          registrationNumber = String(answer.registrationNumber ?? '');
        } else {
          const answer = (await dmsPost(`${base}/lietvaris/eliss/izejosie-dokumenti`, secret, outboundId, {
            arejais_id: outboundId,
            dok_veids: 'LEMUMS',
            nosaukums: document.title,
            pasvaldiba_atvk: out.municipalityCode,
            lietas_nr: caseRow.number,
            pielikumi: [{ nosaukums: version.fileName, saturs_base64: bytes.toString('base64') }],
          })) as { reg_nr?: unknown };
          registrationNumber = String(answer.reg_nr ?? '');
        }
      } catch (err) {
        await em.nativeUpdate(
          DmsOutbound,
          { id: outboundId },
          { lastError: (err as Error).message.slice(0, 500) },
        );
        throw err;
      }
      if (!registrationNumber)
        throw ApplicationFailure.retryable(
          'the DMS answered without a registration number',
          'DmsUnavailable',
        );
      await em.transactional(async (tx) => {
        await tx.nativeUpdate(Document, { id: document.id }, { dmsRegistrationNumber: registrationNumber });
        await tx.nativeUpdate(
          DmsOutbound,
          { id: outboundId },
          { state: 'registered', registrationNumber, registeredAt: new Date(), lastError: null },
        );
        await recordCaseEvent(tx, {
          caseId: out.caseId,
          type: 'dms.registered',
          actor: `dms:${system}`,
          summary: `${DMS_SYSTEM_NAMES[system]} reģistrēja dokumentu ar Nr. ${registrationNumber}: ${document.title}`,
          documentId: document.id,
          data: { registrationNumber, outboundId },
        });
        await tx.flush();
        await appendAudit(tx, {
          actor: `dms:${system}`,
          role: 'integrator',
          municipalityCode: out.municipalityCode,
          action: 'dms.outbound.registered',
          resourceType: 'document',
          resourceId: document.id,
          caseId: out.caseId,
          outcome: 'success',
          details: { registrationNumber, outboundId },
        });
      });
      return { registrationNumber };
    },

    /** After the configured time of failures: an alert task in the administrators' queue (once). */
    async raiseDmsOutboundAlert(input: {
      outboundId: string;
      workflowId: string;
      alertAfter: string;
    }): Promise<{ taskId: string }> {
      const em = deps.orm.em.fork();
      const out = await em.findOneOrFail(DmsOutbound, { id: input.outboundId });
      const system = out.system as DmsSystem;
      const { task } = await createTask(em, {
        idempotencyKey: `dms-outbound-alert:${out.id}`,
        queue: 'admin',
        municipalityCode: out.municipalityCode,
        caseId: out.caseId,
        kind: 'dms-outbound-failing',
        title: `${DMS_SYSTEM_NAMES[system]} nepieņem lēmumu reģistrēšanai (${input.alertAfter})`,
        description: `Lēmuma nosūtīšana pašvaldības ${out.municipalityCode} dokumentu vadības sistēmai neizdodas jau ${input.alertAfter} (${out.attempts} mēģinājumi). Pēdējā kļūda: ${out.lastError ?? 'nav zināma'}. Nosūtīšana turpinās automātiski.`,
        source: input.workflowId,
        data: { outboundId: out.id, documentId: out.documentId },
      });
      await em.nativeUpdate(DmsOutbound, { id: out.id, state: 'pending' }, { state: 'alerted' });
      deps.logger.error({ outboundId: out.id, system }, 'DMS outbound delivery still failing; admin alerted');
      return { taskId: task.id };
    },
  };
}

export type DmsActivities = ReturnType<typeof createDmsActivities>;
