/**
 * Reads one analytics table's facts from the platform's database and pseudonymises them (issue 23): internal ids
 * become keyed pseudonyms (HMAC-SHA-256 under the generation's key), birth dates become years, places become ATVK
 * codes; names, personal codes, notes, reasons and documents are never read into a row.
 */
import { createHmac } from 'node:crypto';
import { tableNamed } from '../../domain/analytics/dictionary.js';
import {
  Case,
  CaseHouseholdMember,
  MeansTestCycle,
  MeansTestEntitlement,
  Person,
  Placement,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';

export type Cell = string | number | boolean | null;
export type AnalyticsRow = Record<string, Cell>;

/** The key of one export generation, derived from the configured master key: pseudonyms of two generations differ. */
export function generationKey(masterKey: string, generation: string): Buffer {
  return createHmac('sha256', masterKey).update(`analytics-generation:${generation}`).digest();
}

export type Pseudonymiser = (kind: string, id: string) => string;

export function pseudonymiser(key: Buffer): Pseudonymiser {
  return (kind, id) => createHmac('sha256', key).update(`${kind}:${id}`).digest('hex').slice(0, 32);
}

const day = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : d.slice(0, 10);
const num = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const yearOf = (d: string | null | undefined): number | null => (d ? Number(d.slice(0, 4)) : null);

export async function extractTable(em: Em, table: string, p: Pseudonymiser): Promise<AnalyticsRow[]> {
  tableNamed(table);
  const caseAtvk = async (): Promise<Map<string, string>> =>
    new Map(
      (await em.find(Case, {}, { fields: ['id', 'municipalityCode'] })).map((c) => [
        c.id,
        c.municipalityCode,
      ]),
    );
  switch (table) {
    case 'persons':
      return (await em.find(Person, {}, { fields: ['id', 'birthDate'] })).map((x) => ({
        person_key: p('person', x.id),
        birth_year: yearOf(x.birthDate),
      }));
    case 'cases':
      return (await em.find(Case, {})).map((x) => ({
        case_key: p('case', x.id),
        person_key: p('person', x.personId),
        atvk: x.municipalityCode,
        status: x.status,
        opened_on: day(x.openedAt),
        closed_on: day(x.closedAt),
      }));
    case 'households': {
      const atvk = await caseAtvk();
      return (await em.find(CaseHouseholdMember, {}))
        .filter((x) => atvk.has(x.caseId))
        .map((x) => ({
          case_key: p('case', x.caseId),
          person_key: p('person', x.personId),
          atvk: atvk.get(x.caseId)!,
          source: x.source,
        }));
    }
    case 'statuses':
      return (await em.find(MeansTestCycle, {})).map((x) => ({
        cycle_key: p('cycle', x.id),
        case_key: p('case', x.caseId),
        atvk: x.municipalityCode,
        state: x.state,
        evaluation_no: x.evaluationNo,
        application_date: x.applicationDate,
        decision_deadline: x.decisionDeadline,
        status: x.status ?? null,
        valid_from: x.validFrom ?? null,
        valid_to: x.validTo ?? null,
        gmi_benefit_eur: num(x.gmiBenefitEur),
      }));
    case 'gmi_entitlements': {
      const atvk = await caseAtvk();
      return (await em.find(MeansTestEntitlement, {}))
        .filter((x) => atvk.has(x.caseId))
        .map((x) => ({
          cycle_key: p('cycle', x.cycleId),
          case_key: p('case', x.caseId),
          atvk: atvk.get(x.caseId)!,
          evaluation_no: x.evaluationNo,
          month: x.month,
          amount_eur: num(x.amountEur),
        }));
    }
    case 'services':
      return (await em.find(SocialService, {})).map((x) => ({
        service_key: p('service', x.id),
        case_key: p('case', x.caseId),
        atvk: x.municipalityCode,
        service_type: x.serviceTypeCode,
        state: x.state,
        decision: x.decision ?? null,
        requested_on: x.requestedAt,
        decision_deadline: x.decisionDeadline,
        start_date: x.startDate ?? null,
        end_date: x.endDate ?? null,
        volume: num(x.volume),
      }));
    case 'deliveries': {
      const services = new Map(
        (await em.find(SocialService, {}, { fields: ['id', 'municipalityCode'] })).map((s) => [
          s.id,
          s.municipalityCode,
        ]),
      );
      // The latest revision of each service and month.
      const latest = new Map<string, { serviceId: string; month: string; units: number; revision: number }>();
      for (const d of await em.find(ServiceDelivery, {})) {
        const k = `${d.serviceId}|${d.month}`;
        if ((latest.get(k)?.revision ?? -1) < d.revision)
          latest.set(k, {
            serviceId: d.serviceId,
            month: d.month,
            units: Number(d.units),
            revision: d.revision,
          });
      }
      return [...latest.values()]
        .filter((d) => services.has(d.serviceId))
        .map((d) => ({
          service_key: p('service', d.serviceId),
          atvk: services.get(d.serviceId)!,
          month: d.month,
          units: d.units,
          revision: d.revision,
        }));
    }
    case 'settlements':
      return (await em.find(ServiceSettlement, {})).map((x) => ({
        service_key: p('service', x.serviceId),
        atvk: x.municipalityCode,
        service_type: x.serviceTypeCode,
        month: x.month,
        units: num(x.units),
        unit: x.unit,
        tariff_eur: num(x.tariffEur),
        cost_eur: num(x.costEur),
        client_pays_eur: num(x.clientPaysEur),
        funder_pays_eur: num(x.funderPaysEur),
        funder: x.funder,
        final: x.final,
        revision: x.revision,
      }));
    case 'placements':
      return (await em.find(Placement, {})).map((x) => ({
        placement_key: p('placement', x.id),
        child_key: p('person', x.childPersonId),
        child_birth_year: yearOf(x.childBirthDate),
        atvk: x.orphanCourtAtvk,
        status: x.status,
        start_date: x.startDate,
        last_report_date: x.lastReportDate ?? null,
        next_report_due: x.nextReportDue,
        end_date: x.endDate ?? null,
      }));
    case 'specialist_compliance': {
      const orgs = new Map((await em.find(SpecialistOrganisation, {})).map((o) => [o.id, o]));
      const trainings = new Map<string, string[]>();
      for (const t of await em.find(SpecialistTraining, {}, { orderBy: { completedOn: 'asc' } })) {
        trainings.set(t.specialistId, [...(trainings.get(t.specialistId) ?? []), t.completedOn]);
      }
      return (await em.find(SpecialistEmployment, {})).map((x) => {
        const dates = trainings.get(x.specialistId) ?? [];
        const org = orgs.get(x.organisationId);
        return {
          specialist_key: p('specialist', x.specialistId),
          atvk: org?.municipalityAtvk ?? null,
          organisation_kind: org?.kind ?? 'other',
          position_kind: x.positionKind,
          employed_from: x.employedFrom,
          employed_to: x.employedTo ?? null,
          first_training_on: dates[0] ?? null,
          latest_training_on: dates[dates.length - 1] ?? null,
          trainings: dates.length,
        };
      });
    }
    default:
      throw new Error(`no extractor for analytics table ${table}`);
  }
}
