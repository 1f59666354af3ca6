/**
 * The port through which the register keeps each provider's `providerRegistration` workflow in step: a certificate
 * issued (a registration or a renewal) signals — or starts — the workflow with the new end date; a withdrawal signals
 * the date the registration ends. The Temporal implementation is in `temporal-process.ts`; tests may pass none.
 */
export interface RegistrationProcess {
  certificateIssued(providerId: string, validTo: string): Promise<void>;
  withdrawn(providerId: string, on: string): Promise<void>;
}
