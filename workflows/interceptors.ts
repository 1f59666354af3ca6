/**
 * Workflow interceptors (loaded inside the workflow sandbox): the request id header that started the workflow is
 * attached to its log lines and forwarded to every activity it schedules.
 */
import type {
  ActivityInput,
  Next,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Headers } from '@temporalio/workflow';

const HEADER = 'digisoc-request-id';
let startHeader: Headers[string] | undefined;

class RequestIdInbound implements WorkflowInboundCallsInterceptor {
  async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    startHeader = input.headers[HEADER];
    return next(input);
  }
}

class RequestIdOutbound implements WorkflowOutboundCallsInterceptor {
  async scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return next(startHeader ? { ...input, headers: { ...input.headers, [HEADER]: startHeader } } : input);
  }

  getLogAttributes(
    input: Record<string, unknown>,
    next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const attrs = next(input);
    if (!startHeader?.data) return attrs;
    try {
      return { ...attrs, requestId: JSON.parse(new TextDecoder().decode(startHeader.data)) as unknown };
    } catch {
      return attrs;
    }
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new RequestIdInbound()],
  outbound: [new RequestIdOutbound()],
});
