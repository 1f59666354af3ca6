/** Loads specialists with their employment history and trainings, and turns them into the domain's facts. */
import type { IsoDate } from '../../domain/calendar.js';
import {
  assess,
  sortPeriods,
  type Assessment,
  type CompletedTraining,
  type EmploymentPeriod,
  type TrainingKind,
} from '../../domain/specialists/index.js';
import {
  Specialist,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
  type ISpecialist,
  type ISpecialistEmployment,
  type ISpecialistOrganisation,
  type ISpecialistTraining,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';

export interface SpecialistRecord {
  specialist: ISpecialist;
  employments: ISpecialistEmployment[];
  trainings: ISpecialistTraining[];
}

/** What the rules need: employment periods and completed trainings (no names, no personal code). */
export interface QualificationFacts {
  periods: EmploymentPeriod[];
  trainings: CompletedTraining[];
}

export function factsOf(r: Pick<SpecialistRecord, 'employments' | 'trainings'>): QualificationFacts {
  return {
    periods: sortPeriods(
      r.employments.map((e) => ({
        organisationId: e.organisationId,
        from: e.employedFrom,
        to: e.employedTo ?? null,
      })),
    ),
    trainings: r.trainings
      .map((t) => ({ kind: t.kind as TrainingKind, completedOn: t.completedOn, hours: t.hours }))
      .sort((a, b) => (a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : 0)),
  };
}

export function assessRecord(r: SpecialistRecord, date: IsoDate): Assessment {
  const f = factsOf(r);
  return assess(f.periods, f.trainings, date);
}

/** The latest employment (the current one, or the one last left). */
export function latestEmployment(
  r: Pick<SpecialistRecord, 'employments'>,
): ISpecialistEmployment | undefined {
  return [...r.employments]
    .sort((a, b) => (a.employedFrom < b.employedFrom ? -1 : a.employedFrom > b.employedFrom ? 1 : 0))
    .at(-1);
}

/** Loads the records of the given specialists (all their employments and trainings) in three queries. */
export async function loadRecords(em: Em, specialists: ISpecialist[]): Promise<SpecialistRecord[]> {
  if (specialists.length === 0) return [];
  const ids = specialists.map((s) => s.id);
  const employments = new Map<string, ISpecialistEmployment[]>();
  const trainings = new Map<string, ISpecialistTraining[]>();
  const chunk = 500;
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    for (const e of await em.find(SpecialistEmployment, { specialistId: { $in: part } })) {
      const list = employments.get(e.specialistId) ?? [];
      list.push(e);
      employments.set(e.specialistId, list);
    }
    for (const t of await em.find(SpecialistTraining, { specialistId: { $in: part } })) {
      const list = trainings.get(t.specialistId) ?? [];
      list.push(t);
      trainings.set(t.specialistId, list);
    }
  }
  return specialists.map((s) => ({
    specialist: s,
    employments: employments.get(s.id) ?? [],
    trainings: trainings.get(s.id) ?? [],
  }));
}

export async function loadRecord(em: Em, specialist: ISpecialist): Promise<SpecialistRecord> {
  const [record] = await loadRecords(em, [specialist]);
  return record as SpecialistRecord;
}

export async function organisationsById(em: Em): Promise<Map<string, ISpecialistOrganisation>> {
  const all = await em.find(SpecialistOrganisation, {});
  return new Map(all.map((o) => [o.id, o]));
}

export async function findSpecialist(em: Em, filter: Record<string, unknown>): Promise<ISpecialist | null> {
  return em.findOne(Specialist, filter);
}
