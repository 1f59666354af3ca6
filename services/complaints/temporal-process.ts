/** The complaintDeadline workflow behind the ComplaintProcess port: one run per complaint, started and signalled. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  COMPLAINT_DEADLINE_WORKFLOW,
  complaintAnswered,
  complaintDeadlineWorkflowId,
  complaintExtended,
  type ComplaintDeadlineInput,
} from '../../workflows/complaint-deadline/contract.js';
import type { ComplaintProcess } from './process.js';

export function temporalComplaintProcess(client: Client, taskQueue: string): ComplaintProcess {
  return {
    async started(complaintId, schedule) {
      const input: ComplaintDeadlineInput = { complaintId, ...schedule };
      try {
        await client.workflow.start(COMPLAINT_DEADLINE_WORKFLOW, {
          workflowId: complaintDeadlineWorkflowId(complaintId),
          taskQueue,
          args: [input],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    },
    async extended(complaintId, schedule, reason) {
      await client.workflow
        .getHandle(complaintDeadlineWorkflowId(complaintId))
        .signal(complaintExtended, { ...schedule, reason });
    },
    async answered(complaintId, answeredOn) {
      await client.workflow
        .getHandle(complaintDeadlineWorkflowId(complaintId))
        .signal(complaintAnswered, { answeredOn });
    },
  };
}
