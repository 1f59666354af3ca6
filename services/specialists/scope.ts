/**
 * Who sees which specialists (issue 19): BAC (`specialist:oversee`) the whole register; an organisation's HR user only
 * the people whose latest employment is with their organisation. Anything else is "not found", never "forbidden",
 * so that one organisation learns nothing about another's staff.
 */
import { can, type Role } from '../../domain/access/roles.js';
import { maskPersonalCode } from '../../domain/personal-code.js';
import type { Assessment } from '../../domain/specialists/index.js';
import type {
  ISpecialist,
  ISpecialistEmployment,
  ISpecialistOrganisation,
  ISpecialistTraining,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit, type AuditOutcome } from '../audit-log.js';

export interface SpecialistActor {
  username: string;
  role: Role;
  municipalityCode: string | null;
  organisationId: string | null;
  requestId?: string;
}

export function oversees(actor: SpecialistActor): boolean {
  return can(actor.role, 'specialist:oversee');
}

/** May the actor see or keep records of this organisation? */
export function keepsOrganisation(actor: SpecialistActor, organisationId: string): boolean {
  return oversees(actor) || (actor.organisationId !== null && actor.organisationId === organisationId);
}

/** The ORM filter on `Specialist` of what the actor sees. */
export function specialistScope(actor: SpecialistActor): Record<string, unknown> {
  if (oversees(actor)) return {};
  return { organisationId: actor.organisationId ?? '-' };
}

/** Appends an audit entry about one specialist (or a listing) for the actor; never with a personal code. */
export async function auditSpecialist(
  em: Em,
  actor: SpecialistActor,
  action: string,
  resourceId: string | null,
  details: Record<string, unknown> | null = null,
  outcome: AuditOutcome = 'success',
): Promise<void> {
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action,
    resourceType: 'specialist',
    resourceId,
    caseId: null,
    outcome,
    requestId: actor.requestId ?? null,
    details,
  });
}

export interface OrganisationView {
  id: string;
  name: string;
  kind: string;
  municipalityAtvk: string | null;
  registrationNo: string;
}

export function organisationView(o: ISpecialistOrganisation): OrganisationView {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    municipalityAtvk: o.municipalityAtvk ?? null,
    registrationNo: o.registrationNo,
  };
}

export interface TrainingView {
  id: string;
  kind: string;
  completedOn: string;
  hours: number;
  programme: string;
  provider: string;
  certificateNo: string;
}

export function trainingView(t: ISpecialistTraining): TrainingView {
  return {
    id: t.id,
    kind: t.kind,
    completedOn: t.completedOn,
    hours: t.hours,
    programme: t.programme,
    provider: t.provider,
    certificateNo: t.certificateNo,
  };
}

export interface EmploymentView {
  organisationId: string;
  organisationName: string;
  position: string;
  positionKind: string;
  employedFrom: string;
  employedTo: string | null;
}

export interface SpecialistSummary extends Assessment {
  id: string;
  personalCodeMasked: string;
  firstName: string;
  lastName: string;
  organisationId: string;
  organisationName: string;
  position: string;
  positionKind: string;
  employedFrom: string | null;
  employedTo: string | null;
}

export interface SpecialistView extends SpecialistSummary {
  date: string;
  trainings: TrainingView[];
  history: EmploymentView[];
}

export function summaryView(
  s: ISpecialist,
  current: ISpecialistEmployment | undefined,
  organisationName: string,
  assessment: Assessment,
): SpecialistSummary {
  return {
    id: s.id,
    personalCodeMasked: maskPersonalCode(s.personalCode),
    firstName: s.firstName,
    lastName: s.lastName,
    organisationId: s.organisationId,
    organisationName,
    position: s.position,
    positionKind: s.positionKind,
    employedFrom: current?.employedFrom ?? null,
    employedTo: current?.employedTo ?? null,
    ...assessment,
  };
}
