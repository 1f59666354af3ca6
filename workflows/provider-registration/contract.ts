/**
 * The contract of `providerRegistration` (issue 22): one workflow per registered provider, id
 * `provider-registration-<providerId>`. What the register's service may import without pulling the workflow in.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EffectiveProviderRules } from '../../domain/providers/index.js';

export const PROVIDER_REGISTRATION_WORKFLOW = 'providerRegistration';
export const providerRegistrationWorkflowId = (providerId: string): string =>
  `provider-registration-${providerId}`;

export interface RegistrationInput {
  providerId: string;
  /** The last day of the latest certificate. */
  validTo: string;
  /** The date from which a withdrawal ends the registration, if one was decided. */
  withdrawnOn: string | null;
  /** The rules table as it was when the run started. */
  rules: EffectiveProviderRules[];
  /** Reminders already sent for `validTo` (months before), carried across continue-as-new. */
  reminded?: number[];
}

export const certificateIssued = defineSignal<[{ validTo: string }]>('certificateIssued');
export const registrationWithdrawn = defineSignal<[{ on: string }]>('registrationWithdrawn');

export interface RegistrationState {
  providerId: string;
  today: string;
  validTo: string;
  withdrawnOn: string | null;
  reminded: number[];
  /** `lapsed` or `withdrawn` once the provider has left the active register. */
  outcome: 'active' | 'lapsed' | 'withdrawn';
}
export const registrationState = defineQuery<RegistrationState>('registrationState');

/** What the workflow asks of the outside world (implemented in `activities/providers.ts`). */
export interface RenewalReminder {
  providerId: string;
  validTo: string;
  monthsBefore: number;
}
export interface LeaveRegister {
  providerId: string;
  reason: 'lapsed' | 'withdrawn';
  /** The first day the provider is not active. */
  on: string;
}
/** `renewedTo` is set when the register holds a certificate covering `on` (a renewal the signal has not brought yet). */
export interface LeaveRegisterResult {
  left: boolean;
  renewedTo: string | null;
  tasksCreated: number;
}
