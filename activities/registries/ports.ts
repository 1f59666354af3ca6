/**
 * What the registry activities need from the rest of DigiSoc. Implemented elsewhere against the database and
 * MinIO; tests use in-memory versions.
 */
import type { RegistryCode } from './types.js';

export interface PersonDirectory {
  /** Personal codes never travel through workflow history: activities resolve them here. */
  personalCodeOf(personId: string): Promise<string>;
  /**
   * The person id of a person a registry named (household member, relative): finds the person by personal code or
   * registers them with the registry's data. Lets summaries refer to persons without personal codes.
   */
  personIdOf(person: {
    personalCode: string;
    firstName: string;
    lastName: string;
    birthDate: string;
  }): Promise<string>;
}

export interface EvidenceSink {
  /** Stores an immutable JSON evidence snapshot in the case file. */
  storeSnapshot(input: {
    caseId: string;
    registry: RegistryCode;
    subjectPersonId: string;
    requestId: string;
    receivedAt: string;
    payload: unknown;
  }): Promise<{ snapshotDocumentId: string }>;
}

export type RegistryRequestOutcome = 'ok' | 'not-found' | 'error' | 'accepted' | 'timeout';

export interface RegistryRequestLogEntry {
  requestId: string;
  caseId: string;
  registry: RegistryCode;
  subjectPersonId: string;
  purpose: string;
  legalBasis: string;
  requestedBy: string;
  requestedAt: string;
  outcome: RegistryRequestOutcome;
  httpStatus: number | null;
  durationMs: number;
  errorMessage: string | null;
}

export interface RegistryRequestLog {
  record(entry: RegistryRequestLogEntry): Promise<void>;
}

export interface WorkerNotifier {
  bankDidNotAnswer(input: { caseId: string; workflowId: string; banks: string[] }): Promise<void>;
}

export interface HouseholdRegister {
  /**
   * A PMLP household answer about a subject: the persons declared at the subject's address (person ids). When the
   * subject is the client of the case, this is the case's household as the population register states it.
   */
  recordRegisteredHousehold(input: {
    caseId: string;
    subjectPersonId: string;
    requestId: string;
    memberPersonIds: string[];
  }): Promise<void>;
}

export interface RegistryPorts {
  persons: PersonDirectory;
  evidence: EvidenceSink;
  requestLog: RegistryRequestLog;
  notifier: WorkerNotifier;
  household: HouseholdRegister;
}
