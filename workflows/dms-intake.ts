/**
 * dmsIntake: one application a DMS registered (workflow id from system + DMS document id). Files it in the
 * applicant's case file (or marks it for triage when the applicant has no open case), creates the task in the
 * municipality's queue, then confirms to the DMS "registered in DigiSoc as …". A triage task is waited on: when the
 * worker completes it (having found or opened the client's case), the files are filed into that case.
 * History holds ids only.
 */
import {
  ActivityFailure,
  condition,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { DmsActivities } from '../activities/dms.js';
import { TASK_COMPLETED_SIGNAL, type TaskCompletion } from '../domain/tasks.js';
import { text } from '../domain/text-ref.js';
import { DMS_CASE_FILE_OPTIONS, DMS_CONFIRMATION_OPTIONS, TRIAGE_WAIT } from './dms-policies.js';

/** The triage task was completed (sent by the task inbox). */
export const intakeTaskCompleted = defineSignal<[TaskCompletion]>(TASK_COMPLETED_SIGNAL);

export interface DmsIntakeInput {
  intakeId: string;
  system: string;
  municipalityCode: string;
}

export interface DmsIntakeResult {
  intakeId: string;
  /** 'filed-after-triage': filed once the worker completed the triage task; 'triage': still without a case. */
  outcome: 'filed' | 'triage' | 'filed-after-triage';
  caseId: string | null;
  taskId: string;
  documentIds: string[];
  classification: string;
  confirmed: boolean;
}

const caseFile = proxyActivities<DmsActivities>(DMS_CASE_FILE_OPTIONS);
const dms = proxyActivities<DmsActivities>(DMS_CONFIRMATION_OPTIONS);

export async function dmsIntake(input: DmsIntakeInput): Promise<DmsIntakeResult> {
  let triageDone: TaskCompletion | undefined;
  setHandler(intakeTaskCompleted, (completion) => {
    triageDone = completion;
  });
  let filing = await caseFile.fileDmsIntake(input.intakeId);
  const { taskId } = await caseFile.createDmsIntakeTask(filing);
  const reference = filing.caseNumber ?? input.intakeId;
  const messageText = filing.caseNumber
    ? text('dms.confirmation.filed', { caseNumber: filing.caseNumber })
    : text('dms.confirmation.triage', { intakeId: input.intakeId });
  let confirmed = true;
  try {
    await dms.confirmDmsRegistration({ intakeId: input.intakeId, messageText, reference });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The application is filed and its task exists; only the DMS note is missing.
    log.warn('DMS confirmation gave up', { intakeId: input.intakeId });
    confirmed = false;
  }
  let outcome: DmsIntakeResult['outcome'] = filing.outcome;
  if (filing.outcome === 'triage' && (await condition(() => triageDone !== undefined, TRIAGE_WAIT))) {
    filing = await caseFile.fileDmsIntake(input.intakeId);
    if (filing.outcome === 'filed') outcome = 'filed-after-triage';
  }
  return {
    intakeId: input.intakeId,
    outcome,
    caseId: filing.caseId,
    taskId,
    documentIds: filing.documentIds,
    classification: filing.classification,
    confirmed,
  };
}
