/** Every entity, in one list the ORM and the migration generator read. */
import { AuditEntry } from './audit.js';
import { CitizenApplication, CitizenSession, CitizenSignIn } from './citizen.js';
import { Complaint } from './complaint.js';
import { Case, CaseEvent, Document, DocumentVersion, Person } from './case-file.js';
import { CaseHouseholdMember } from './household.js';
import { LoginThrottle, Session, User } from './identity.js';
import { Counter, Municipality } from './reference.js';
import { RegistryRequest } from './registry.js';
import { ProcessRun } from './process.js';
import { Task } from './task.js';
import { DmsIntake, DmsOutbound, IntegrationSecret } from './dms.js';
import { Alert } from './alert.js';
import { Placement, PlacementReport } from './placement.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProgressTask,
  AdoptionProposal,
} from './adoption.js';
import { MeansTestCycle, MeansTestEntitlement, MeansTestMunicipalitySetting } from './means-test.js';
import {
  ServiceDelivery,
  ServiceSettlement,
  ServiceType,
  ServiceTypeVersion,
  SocialService,
} from './social-service.js';
import {
  Specialist,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
} from './specialist.js';
import { Provider, ProviderApplication, ProviderCertificate } from './provider.js';
import { CareQueueEvent, CareQueueOffer, CareQueueRequest } from './care-queue.js';
import { OpenDataVersion } from './open-data.js';
import { MeansTestStatusRecord, ReportSubmission } from './report.js';
import { RehabilitationCourseRecord, RehabilitationSession } from './rehabilitation.js';

export * from './audit.js';
export * from './citizen.js';
export * from './complaint.js';
export * from './case-file.js';
export * from './household.js';
export * from './identity.js';
export * from './reference.js';
export * from './registry.js';
export * from './process.js';
export * from './task.js';
export * from './dms.js';
export * from './alert.js';
export * from './placement.js';
export * from './adoption.js';
export * from './means-test.js';
export * from './social-service.js';
export * from './specialist.js';
export * from './provider.js';
export * from './care-queue.js';
export * from './open-data.js';
export * from './report.js';
export * from './rehabilitation.js';

export const ALL_ENTITIES = [
  Municipality,
  Counter,
  User,
  Session,
  LoginThrottle,
  CitizenSession,
  CitizenSignIn,
  CitizenApplication,
  Complaint,
  Person,
  Case,
  CaseHouseholdMember,
  CaseEvent,
  Document,
  DocumentVersion,
  AuditEntry,
  RegistryRequest,
  ProcessRun,
  Task,
  IntegrationSecret,
  DmsIntake,
  DmsOutbound,
  Alert,
  Placement,
  PlacementReport,
  AdoptionChild,
  AdoptionAdopter,
  AdoptionMatch,
  AdoptionProposal,
  AdoptionProgressTask,
  MeansTestMunicipalitySetting,
  MeansTestCycle,
  MeansTestEntitlement,
  ServiceType,
  ServiceTypeVersion,
  SocialService,
  ServiceDelivery,
  ServiceSettlement,
  SpecialistOrganisation,
  Specialist,
  SpecialistEmployment,
  SpecialistTraining,
  Provider,
  ProviderApplication,
  ProviderCertificate,
  CareQueueRequest,
  CareQueueEvent,
  CareQueueOffer,
  OpenDataVersion,
  MeansTestStatusRecord,
  ReportSubmission,
  RehabilitationSession,
  RehabilitationCourseRecord,
];
