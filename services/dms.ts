/**
 * The DMS integrator's application layer: webhook secrets (rotation), accepting an incoming application (intake row
 * + payload in object storage + intake workflow), and sending a decision letter out for registration.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { intakeWorkflowId, MUNICIPALITY_FIELD, type NormalisedApplication } from '../domain/dms/dialects.js';
import { dmsSystemOf, type DmsSystem } from '../domain/dms/systems.js';
import type { Config } from '../infra/config.js';
import {
  Case,
  Document,
  DmsIntake,
  DmsOutbound,
  IntegrationSecret,
  Municipality,
  ProcessRun,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { ObjectStore } from '../infra/object-store.js';
import { SA_CASE_ID, SA_MUNICIPALITY, SA_PROCESS } from '../temporal/search-attributes.js';
import { taskQueue } from '../temporal/task-queues.js';
import { appendAudit } from './audit-log.js';
import { UnknownMunicipalityError } from './errors.js';
import { recordCaseEvent, type Actor } from './case-file.js';

export const DMS_INTAKE_KIND = 'dms-intake';
export const DMS_OUTBOUND_KIND = 'dms-outbound';
export const INTAKE_PAYLOAD_PREFIX = 'dms-intake';

/** Every secret valid now for this municipality and system; in demo mode also DIGISOC_DEMO_DMS_SECRET. */
export async function validDmsSecrets(
  em: Em,
  config: Config,
  municipalityCode: string,
  system: DmsSystem,
  now = new Date(),
): Promise<string[]> {
  const rows = await em.find(IntegrationSecret, {
    municipalityCode,
    system,
    validFrom: { $lte: now },
    $or: [{ validTo: null }, { validTo: { $gt: now } }],
  });
  const secrets = rows.map((r) => r.secret);
  if (config.mode !== 'production') secrets.push(config.demo.dmsSecret);
  return secrets;
}

/** The secret DigiSoc signs its own requests to this municipality's DMS with: the newest valid one. */
export async function outboundDmsSecret(
  em: Em,
  config: Config,
  municipalityCode: string,
  system: DmsSystem,
): Promise<string> {
  const now = new Date();
  const row = await em.findOne(
    IntegrationSecret,
    {
      municipalityCode,
      system,
      validFrom: { $lte: now },
      $or: [{ validTo: null }, { validTo: { $gt: now } }],
    },
    { orderBy: { validFrom: 'desc' } },
  );
  if (row) return row.secret;
  if (config.mode !== 'production') return config.demo.dmsSecret;
  throw new Error(`no DMS secret is configured for ${municipalityCode}/${system}`);
}

export interface IntakeDeps {
  em: Em;
  store: ObjectStore;
  client: Client;
  config: Config;
}

export interface StoredIntakePayload {
  application: NormalisedApplication;
}

async function startIntakeWorkflow(
  deps: IntakeDeps,
  intake: { id: string; workflowId: string; system: string; municipalityCode: string },
) {
  try {
    await deps.client.workflow.start('dmsIntake', {
      taskQueue: taskQueue('caseProcesses', deps.config.temporal.taskQueuePrefix),
      workflowId: intake.workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [{ intakeId: intake.id, system: intake.system, municipalityCode: intake.municipalityCode }],
      typedSearchAttributes: [
        { key: SA_MUNICIPALITY, value: intake.municipalityCode },
        { key: SA_PROCESS, value: DMS_INTAKE_KIND },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Accepts one application: the same DMS document again returns the first intake (and makes sure its workflow
 * runs), so a redelivery never duplicates anything.
 */
export async function receiveDmsDocument(
  deps: IntakeDeps,
  application: NormalisedApplication,
  requestId: string | null,
): Promise<{ intakeId: string; duplicate: boolean }> {
  const { em } = deps;
  const existing = await em.findOne(DmsIntake, {
    system: application.system,
    dmsDocumentId: application.dmsDocumentId,
  });
  if (existing) {
    if (existing.state === 'received') await startIntakeWorkflow(deps, existing);
    return { intakeId: existing.id, duplicate: true };
  }
  if (!(await em.findOne(Municipality, { atvk: application.municipalityCode })))
    throw new UnknownMunicipalityError(application.municipalityCode, MUNICIPALITY_FIELD[application.system]);

  const body = Buffer.from(JSON.stringify({ application } satisfies StoredIntakePayload), 'utf8');
  const stored = await deps.store.putBuffer(
    ObjectStore.newKey(INTAKE_PAYLOAD_PREFIX),
    body,
    'application/json',
  );
  const id = newId();
  const workflowId = intakeWorkflowId(application.system, application.dmsDocumentId);
  try {
    await em.transactional(async (tx) => {
      tx.create(DmsIntake, {
        id,
        system: application.system,
        dmsDocumentId: application.dmsDocumentId,
        municipalityCode: application.municipalityCode,
        registrationNumber: application.registrationNumber,
        documentType: application.documentType,
        payloadKey: stored.key,
        payloadSha256: stored.sha256,
        workflowId,
        state: 'received',
        personId: null,
        caseId: null,
        taskId: null,
        classification: null,
        receivedAt: new Date(),
        filedAt: null,
        confirmedAt: null,
      });
      await tx.flush();
      await appendAudit(tx, {
        actor: `dms:${application.system}`,
        role: 'integrator',
        municipalityCode: application.municipalityCode,
        action: 'dms.intake.receive',
        resourceType: 'dms-intake',
        resourceId: id,
        caseId: null,
        outcome: 'success',
        requestId,
        details: {
          system: application.system,
          dmsDocumentId: application.dmsDocumentId,
          registrationNumber: application.registrationNumber,
          files: application.files.length,
        },
      });
    });
  } catch (err) {
    await deps.store.removeAllVersions(stored.key).catch(() => undefined);
    if (err instanceof UniqueConstraintViolationException) {
      const raced = await em.fork().findOneOrFail(DmsIntake, {
        system: application.system,
        dmsDocumentId: application.dmsDocumentId,
      });
      return { intakeId: raced.id, duplicate: true };
    }
    throw err;
  }
  await startIntakeWorkflow(deps, {
    id,
    workflowId,
    system: application.system,
    municipalityCode: application.municipalityCode,
  });
  return { intakeId: id, duplicate: false };
}

export class DocumentNotInCaseError extends Error {}

/**
 * Sends a decision letter of a case to the municipality's DMS for registration through an `outboundDocument`
 * workflow. Idempotent per document: calling it again returns the delivery already under way.
 */
export async function sendDecisionToDms(
  deps: { em: Em; client: Client; config: Config },
  caseId: string,
  documentId: string,
  actor: Actor & { requestId?: string } = { username: 'system', role: 'admin', municipalityCode: null },
): Promise<{ outboundId: string; workflowId: string; created: boolean }> {
  const { em } = deps;
  const document = await em.findOne(Document, { id: documentId, caseId });
  if (!document) throw new DocumentNotInCaseError('the document is not in this case');
  const caseRow = await em.findOneOrFail(Case, { id: caseId });
  const existing = await em.findOne(DmsOutbound, { documentId });
  if (existing) {
    // A start that failed earlier (Temporal down) is repaired by calling again.
    if (existing.state === 'pending')
      await startOutboundWorkflow(deps, existing.id, existing.workflowId, caseRow);
    return { outboundId: existing.id, workflowId: existing.workflowId, created: false };
  }
  const system = dmsSystemOf(caseRow.municipalityCode);
  const outboundId = newId();
  const workflowId = `${DMS_OUTBOUND_KIND}-${documentId}`;
  try {
    await em.transactional(async (tx) => {
      tx.create(DmsOutbound, {
        id: outboundId,
        documentId,
        caseId,
        municipalityCode: caseRow.municipalityCode,
        system,
        workflowId,
        state: 'pending',
        attempts: 0,
        lastError: null,
        registrationNumber: null,
        createdAt: new Date(),
        registeredAt: null,
      });
      tx.create(ProcessRun, {
        workflowId,
        caseId,
        kind: DMS_OUTBOUND_KIND,
        startedAt: new Date(),
        startedBy: actor.username,
      });
      await recordCaseEvent(tx, {
        caseId,
        type: 'dms.outbound-started',
        actor: actor.username,
        summary: `Lēmums nosūtīts reģistrēšanai dokumentu vadības sistēmā: ${document.title}`,
        documentId,
        data: { workflowId, system },
      });
      await tx.flush();
      await appendAudit(tx, {
        actor: actor.username,
        role: actor.role,
        municipalityCode: actor.municipalityCode,
        action: 'dms.outbound.start',
        resourceType: 'document',
        resourceId: documentId,
        caseId,
        outcome: 'success',
        requestId: actor.requestId ?? null,
        details: { workflowId, system },
      });
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const raced = await em.fork().findOneOrFail(DmsOutbound, { documentId });
      return { outboundId: raced.id, workflowId: raced.workflowId, created: false };
    }
    throw err;
  }
  await startOutboundWorkflow(deps, outboundId, workflowId, caseRow);
  return { outboundId, workflowId, created: true };
}

async function startOutboundWorkflow(
  deps: { client: Client; config: Config },
  outboundId: string,
  workflowId: string,
  caseRow: { id: string; municipalityCode: string },
): Promise<void> {
  try {
    await deps.client.workflow.start('outboundDocument', {
      taskQueue: taskQueue('caseProcesses', deps.config.temporal.taskQueuePrefix),
      workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [{ outboundId, alertAfter: deps.config.dms.outboundAlertAfter }],
      typedSearchAttributes: [
        { key: SA_CASE_ID, value: caseRow.id },
        { key: SA_MUNICIPALITY, value: caseRow.municipalityCode },
        { key: SA_PROCESS, value: DMS_OUTBOUND_KIND },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
