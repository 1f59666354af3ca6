/**
 * The qualification process on Temporal: every change of a record signals (or, when none runs — a new person, or a
 * return after leaving — starts) the specialist's `specialistQualification` workflow with the new facts. The rules
 * table is snapshotted into the input when a run starts.
 */
import type { Client } from '@temporalio/client';
import { QUALIFICATION_RULES } from '../../domain/specialists/index.js';
import {
  DEFAULT_REMINDER_DAYS_BEFORE,
  qualificationFactsChanged,
  SPECIALIST_QUALIFICATION_WORKFLOW,
  specialistQualificationWorkflowId,
  type QualificationInput,
} from '../../workflows/specialist-qualification/contract.js';
import type { QualificationProcess } from './process.js';

export function temporalQualificationProcess(
  client: Client,
  taskQueue: string,
  reminderDaysBefore: readonly number[] = DEFAULT_REMINDER_DAYS_BEFORE,
): QualificationProcess {
  return {
    async factsChanged(specialistId, organisationId, facts) {
      const input: QualificationInput = {
        specialistId,
        organisationId,
        facts,
        rules: [...QUALIFICATION_RULES],
        reminderDaysBefore: [...reminderDaysBefore],
      };
      await client.workflow.signalWithStart(SPECIALIST_QUALIFICATION_WORKFLOW, {
        workflowId: specialistQualificationWorkflowId(specialistId),
        taskQueue,
        args: [input],
        signal: qualificationFactsChanged,
        signalArgs: [{ organisationId, facts }],
      });
    },
  };
}
