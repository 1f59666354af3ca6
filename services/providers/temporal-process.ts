/** The registration process on Temporal: signal-with-start of the provider's `providerRegistration` workflow. */
import type { Client } from '@temporalio/client';
import {
  certificateIssued,
  PROVIDER_REGISTRATION_WORKFLOW,
  providerRegistrationWorkflowId,
  registrationWithdrawn,
  type RegistrationInput,
} from '../../workflows/provider-registration/contract.js';
import { PROVIDER_RULES } from '../../domain/providers/index.js';
import type { RegistrationProcess } from './process.js';

export function temporalRegistrationProcess(client: Client, taskQueue: string): RegistrationProcess {
  const start = async (providerId: string, validTo: string, signal: 'issued' | 'withdrawn', on?: string) => {
    const input: RegistrationInput = { providerId, validTo, withdrawnOn: null, rules: [...PROVIDER_RULES] };
    const common = {
      workflowId: providerRegistrationWorkflowId(providerId),
      taskQueue,
      args: [input] as [RegistrationInput],
    };
    if (signal === 'issued') {
      await client.workflow.signalWithStart(PROVIDER_REGISTRATION_WORKFLOW, {
        ...common,
        signal: certificateIssued,
        signalArgs: [{ validTo }],
      });
    } else {
      await client.workflow.signalWithStart(PROVIDER_REGISTRATION_WORKFLOW, {
        ...common,
        signal: registrationWithdrawn,
        signalArgs: [{ on: on ?? validTo }],
      });
    }
  };
  return {
    certificateIssued: (providerId, validTo) => start(providerId, validTo, 'issued'),
    withdrawn: (providerId, on) => start(providerId, on, 'withdrawn', on),
  };
}
