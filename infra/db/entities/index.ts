/** Every entity, in one list the ORM and the migration generator read. */
import { AuditEntry } from './audit.js';
import { Case, CaseEvent, Document, DocumentVersion, Person } from './case-file.js';
import { Session, User } from './identity.js';
import { Counter, Municipality } from './reference.js';
import { RegistryRequest } from './registry.js';
import { ProcessRun } from './process.js';

export * from './audit.js';
export * from './case-file.js';
export * from './identity.js';
export * from './reference.js';
export * from './registry.js';
export * from './process.js';

export const ALL_ENTITIES = [
  Municipality,
  Counter,
  User,
  Session,
  Person,
  Case,
  CaseEvent,
  Document,
  DocumentVersion,
  AuditEntry,
  RegistryRequest,
  ProcessRun,
];
