/**
 * The port through which the register keeps each specialist's `specialistQualification` workflow in step with the
 * record: after every change the service hands over the new facts (employment periods and trainings). The Temporal
 * implementation lives in `temporal-process.ts`; tests and tools may pass none.
 */
import type { QualificationFacts } from './records.js';

export interface QualificationProcess {
  factsChanged(specialistId: string, organisationId: string, facts: QualificationFacts): Promise<void>;
}
