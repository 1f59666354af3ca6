/**
 * Changes to the specialists register (issue 19): organisations (BAC), registering a specialist (a personal code
 * already in the register is a move or a return, never a conflict), moves and leaving, and recorded trainings. Each
 * validates, writes in one transaction with its audit entry, then hands the new facts to the qualification process.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { IsoDate } from '../../domain/calendar.js';
import { addDays, compareIsoDates } from '../../domain/calendar.js';
import { validatePersonalCode } from '../../domain/personal-code.js';
import {
  closeForNewEmployment,
  validatePeriodEnd,
  validateTraining,
  type OrganisationKind,
  type PositionKind,
  type TrainingKind,
} from '../../domain/specialists/index.js';
import {
  Specialist,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
  type ISpecialistTraining,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { DomainError, invalid, notFound, throwIfInvalid } from '../errors.js';
import type { QualificationProcess } from './process.js';
import { buildView, visibleSpecialistOr404 } from './queries.js';
import { factsOf, latestEmployment, loadRecord, type SpecialistRecord } from './records.js';
import {
  auditSpecialist,
  keepsOrganisation,
  oversees,
  organisationView,
  trainingView,
  type OrganisationView,
  type SpecialistActor,
  type SpecialistView,
  type TrainingView,
} from './scope.js';

export interface SpecialistDeps {
  em: Em;
  /** Today in Riga: trainings after it are refused; moves take effect on it. */
  today: IsoDate;
  process?: QualificationProcess;
}

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  municipalityAtvk: string | null;
  registrationNo: string;
}

export async function createOrganisation(
  em: Em,
  actor: SpecialistActor,
  input: NewOrganisation,
): Promise<OrganisationView> {
  if (!oversees(actor)) throw new DomainError('forbidden', 'only BAC keeps the list of organisations');
  if (await em.findOne(SpecialistOrganisation, { registrationNo: input.registrationNo })) {
    throw new DomainError('conflict', 'an organisation with this registration number exists', [
      { path: 'registrationNo', message: 'already registered' },
    ]);
  }
  return em.transactional(async (tx) => {
    const o = tx.create(SpecialistOrganisation, { id: newId(), ...input, createdAt: new Date() });
    await tx.flush();
    await auditSpecialist(tx, actor, 'specialist-organisation.create', o.id, { name: o.name, kind: o.kind });
    return organisationView(o);
  });
}

/** The organisation, if it exists and the actor keeps it; otherwise a validation error on `path`. */
async function keptOrganisation(em: Em, actor: SpecialistActor, id: string, path = 'organisationId') {
  const o = await em.findOne(SpecialistOrganisation, { id });
  if (!o) throw invalid([{ path, message: 'no such organisation' }]);
  if (!keepsOrganisation(actor, id))
    throw invalid([{ path, message: 'you keep the register of your organisation only' }]);
  return o;
}

export interface NewSpecialist {
  personalCode: string;
  firstName: string;
  lastName: string;
  organisationId: string;
  position: string;
  positionKind: PositionKind;
  employedFrom: IsoDate;
}

async function notify(deps: SpecialistDeps, record: SpecialistRecord): Promise<void> {
  await deps.process?.factsChanged(record.specialist.id, record.specialist.organisationId, factsOf(record));
}

/**
 * Registers a specialist at an organisation. A personal code already in the register (at any organisation) adds an
 * employment to the same person: earlier open employments end the day before (a move when it is the next day).
 * Registering again the same employment (same organisation, same start) changes nothing.
 */
export async function registerSpecialist(
  deps: SpecialistDeps,
  actor: SpecialistActor,
  input: NewSpecialist,
): Promise<{ view: SpecialistView; created: boolean }> {
  const code = validatePersonalCode(input.personalCode, { asOf: deps.today });
  if (!code.ok) throw invalid([{ path: 'personalCode', message: code.message }]);
  await keptOrganisation(deps.em, actor, input.organisationId);
  const result = await deps.em.transactional(async (tx) => {
    let s = await tx.findOne(Specialist, { personalCode: code.normalized });
    const now = new Date();
    const created = !s;
    if (!s) {
      s = tx.create(Specialist, {
        id: newId(),
        personalCode: code.normalized,
        firstName: input.firstName,
        lastName: input.lastName,
        organisationId: input.organisationId,
        position: input.position,
        positionKind: input.positionKind,
        createdAt: now,
        updatedAt: now,
      });
    }
    const employments = await tx.find(SpecialistEmployment, { specialistId: s.id });
    const same = employments.find(
      (e) => e.organisationId === input.organisationId && e.employedFrom === input.employedFrom,
    );
    let action = created ? 'specialist.create' : 'specialist.employ';
    if (same) {
      action = 'specialist.register-again';
    } else {
      const periods = employments.map((e) => ({
        organisationId: e.organisationId,
        from: e.employedFrom,
        to: e.employedTo ?? null,
      }));
      const previousOrganisation = s.organisationId;
      for (const { index, to } of closeForNewEmployment(periods, input.employedFrom)) {
        const e = employments[index];
        if (e) e.employedTo = to;
      }
      tx.create(SpecialistEmployment, {
        id: newId(),
        specialistId: s.id,
        organisationId: input.organisationId,
        position: input.position,
        positionKind: input.positionKind,
        employedFrom: input.employedFrom,
        employedTo: null,
        createdAt: now,
      });
      if (!created && previousOrganisation !== input.organisationId) action = 'specialist.move';
      Object.assign(s, {
        firstName: input.firstName,
        lastName: input.lastName,
        organisationId: input.organisationId,
        position: input.position,
        positionKind: input.positionKind,
        updatedAt: now,
      });
    }
    await tx.flush();
    await auditSpecialist(tx, actor, action, s.id, {
      organisationId: input.organisationId,
      employedFrom: input.employedFrom,
    });
    return { record: await loadRecord(tx, s), created };
  });
  await notify(deps, result.record);
  return { view: await buildView(deps.em, result.record, deps.today), created: result.created };
}

export type SpecialistPatch = { organisationId: string } | { employedTo: IsoDate };

/** A move to another organisation from today, or the last day employed (leaving ends the obligation then). */
export async function updateSpecialist(
  deps: SpecialistDeps,
  actor: SpecialistActor,
  id: string,
  patch: SpecialistPatch,
): Promise<SpecialistView> {
  const record = await visibleSpecialistOr404(deps.em, actor, id);
  const current = latestEmployment(record);
  if (!current) throw notFound('employment');
  if ('organisationId' in patch) {
    const target = await keptOrganisationForMove(deps.em, actor, patch.organisationId);
    if (target === current.organisationId && (current.employedTo ?? null) === null)
      return buildView(deps.em, record, deps.today);
    const from =
      compareIsoDates(deps.today, current.employedFrom) > 0 ? deps.today : addDays(current.employedFrom, 1);
    await deps.em.transactional(async (tx) => {
      const e = await tx.findOneOrFail(SpecialistEmployment, { id: current.id });
      const to = e.employedTo ?? null;
      if (to === null || compareIsoDates(to, from) >= 0) e.employedTo = addDays(from, -1);
      tx.create(SpecialistEmployment, {
        id: newId(),
        specialistId: id,
        organisationId: target,
        position: current.position,
        positionKind: current.positionKind,
        employedFrom: from,
        employedTo: null,
        createdAt: new Date(),
      });
      const s = await tx.findOneOrFail(Specialist, { id });
      s.organisationId = target;
      s.updatedAt = new Date();
      await tx.flush();
      await auditSpecialist(tx, actor, 'specialist.move', id, {
        from: current.organisationId,
        to: target,
        on: from,
      });
    });
  } else {
    throwIfInvalid(validatePeriodEnd(current.employedFrom, patch.employedTo));
    await deps.em.transactional(async (tx) => {
      const e = await tx.findOneOrFail(SpecialistEmployment, { id: current.id });
      e.employedTo = patch.employedTo;
      await tx.flush();
      await auditSpecialist(tx, actor, 'specialist.leave', id, {
        organisationId: e.organisationId,
        employedTo: patch.employedTo,
      });
    });
  }
  const fork = deps.em.fork();
  const fresh = await loadRecord(fork, await fork.findOneOrFail(Specialist, { id }));
  await notify(deps, fresh);
  return buildView(deps.em.fork(), fresh, deps.today);
}

/** The target of a move must exist; an HR user who moves a person out no longer sees them afterwards. */
async function keptOrganisationForMove(
  em: Em,
  actor: SpecialistActor,
  organisationId: string,
): Promise<string> {
  const o = await em.findOne(SpecialistOrganisation, { id: organisationId });
  if (!o) throw invalid([{ path: 'organisationId', message: 'no such organisation' }]);
  return o.id;
}

export interface NewTraining {
  kind: TrainingKind;
  completedOn: IsoDate;
  hours: number;
  programme: string;
  provider: string;
  certificateNo: string;
}

/**
 * Records a completed training. The same certificate of the same person is the same record: recording it again
 * returns the stored one (created = false) when it matches, and is a conflict when it differs.
 */
export async function recordTraining(
  deps: SpecialistDeps,
  actor: SpecialistActor,
  id: string,
  input: NewTraining,
  source: 'api' | 'screen' | 'import' = 'api',
): Promise<{ training: TrainingView; created: boolean }> {
  const record = await visibleSpecialistOr404(deps.em, actor, id);
  throwIfInvalid(validateTraining(input, deps.today));
  const existing = record.trainings.find((t) => t.certificateNo === input.certificateNo);
  if (existing) {
    if (sameTraining(existing, input)) return { training: trainingView(existing), created: false };
    throw new DomainError('conflict', 'this certificate is recorded with other details', [
      { path: 'certificateNo', message: 'already recorded for this specialist with other details' },
    ]);
  }
  let training: ISpecialistTraining;
  try {
    training = await deps.em.transactional(async (tx) => {
      const t = tx.create(SpecialistTraining, {
        id: newId(),
        specialistId: id,
        ...input,
        source,
        recordedBy: actor.username,
        createdAt: new Date(),
      });
      await tx.flush();
      await auditSpecialist(tx, actor, 'specialist.training', id, {
        kind: input.kind,
        completedOn: input.completedOn,
      });
      return t;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const raced = await deps.em
        .fork()
        .findOneOrFail(SpecialistTraining, { specialistId: id, certificateNo: input.certificateNo });
      return { training: trainingView(raced), created: false };
    }
    throw err;
  }
  await notify(deps, { ...record, trainings: [...record.trainings, training] });
  return { training: trainingView(training), created: true };
}

export function sameTraining(t: ISpecialistTraining, input: NewTraining): boolean {
  return (
    t.kind === input.kind &&
    t.completedOn === input.completedOn &&
    t.hours === input.hours &&
    t.programme === input.programme &&
    t.provider === input.provider
  );
}
