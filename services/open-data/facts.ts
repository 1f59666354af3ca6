/**
 * The facts the open datasets count, read from the platform's tables: persons only as internal ids (they never
 * leave this process; the datasets hold counts), municipalities as ATVK codes.
 */
import { ORGANISATION_KINDS } from '../../domain/specialists/kinds.js';
import type { OpenDataFacts, ServiceFact, StatusFact } from '../../domain/open-data/datasets.js';
import {
  Case,
  CaseHouseholdMember,
  MeansTestCycle,
  MeansTestEntitlement,
  Municipality,
  ServiceType,
  SocialService,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';

export async function loadOpenDataFacts(em: Em): Promise<OpenDataFacts> {
  const municipalities = (await em.find(Municipality, {}, { orderBy: { atvk: 'asc' } })).map((m) => m.atvk);
  const serviceTypes = (await em.find(ServiceType, {}, { orderBy: { code: 'asc' } })).map((t) => ({
    code: t.code,
    funding: t.funding,
  }));
  const cases = new Map((await em.find(Case, {})).map((c) => [c.id, c]));

  const services: ServiceFact[] = [];
  for (const s of await em.find(SocialService, { startDate: { $ne: null } })) {
    const c = cases.get(s.caseId);
    if (!c || !s.startDate) continue;
    services.push({
      personRef: c.personId,
      atvk: s.municipalityCode,
      serviceType: s.serviceTypeCode,
      from: s.startDate,
      to: s.endDate ?? null,
    });
  }

  const members = new Map<string, string[]>();
  for (const m of await em.find(CaseHouseholdMember, {})) {
    members.set(m.caseId, [...(members.get(m.caseId) ?? []), m.personId]);
  }
  const statuses: StatusFact[] = [];
  for (const cycle of await em.find(MeansTestCycle, { status: { $in: ['needy', 'low-income'] } })) {
    const c = cases.get(cycle.caseId);
    if (!c || !cycle.validFrom || !cycle.validTo) continue;
    const persons = new Set([c.personId, ...(members.get(c.id) ?? [])]);
    for (const personRef of persons) {
      statuses.push({
        personRef,
        atvk: cycle.municipalityCode,
        status: cycle.status as StatusFact['status'],
        validFrom: cycle.validFrom,
        validTo: cycle.validTo,
      });
    }
  }

  const gmi = (await em.find(MeansTestEntitlement, { amountEur: { $gt: 0 } }))
    .filter((e) => cases.has(e.caseId))
    .map((e) => ({ householdRef: e.caseId, atvk: cases.get(e.caseId)!.municipalityCode, month: e.month }));

  const organisations = new Map((await em.find(SpecialistOrganisation, {})).map((o) => [o.id, o]));
  const firstTraining = new Map<string, string>();
  for (const t of await em.find(SpecialistTraining, {}, { orderBy: { completedOn: 'asc' } })) {
    if (!firstTraining.has(t.specialistId)) firstTraining.set(t.specialistId, t.completedOn);
  }
  const specialists = [];
  for (const e of await em.find(SpecialistEmployment, {})) {
    const org = organisations.get(e.organisationId);
    // National bodies have no ATVK; every open dataset is by municipality.
    if (!org?.municipalityAtvk) continue;
    specialists.push({
      personRef: e.specialistId,
      atvk: org.municipalityAtvk,
      organisationKind: org.kind,
      employedFrom: e.employedFrom,
      employedTo: e.employedTo ?? null,
      trainedOn: firstTraining.get(e.specialistId) ?? null,
    });
  }

  return {
    municipalities,
    serviceTypes,
    organisationKinds: [...ORGANISATION_KINDS],
    services,
    statuses,
    gmi,
    specialists,
  };
}
