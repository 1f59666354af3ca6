/**
 * `reports-annex2`: the annual social-services report (MK 324 annex 2) of one municipality with BENCH_REPORT_CLIENTS
 * clients (default 20,000 — the figure) and ten delivery and ten settlement records per service (200,000 each
 * by default), counted through the reports service (records loaded through the ORM, counted in `domain/reports`,
 * checked) vs the equivalent hand-written SQL aggregate (distinct clients, units and amount per service type) on the
 * same SQLite database. Reports the p95 of 7 runs of each (lower is better).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Case,
  Person,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
} from '../infra/db/entities/index.js';
import { createOrm, migrateUp } from '../infra/db/orm.js';
import { seedDatabase } from '../infra/db/seed.js';
import { loadConfig } from '../infra/config.js';
import { newId } from '../infra/ids.js';
import { checkReport } from '../domain/reports/index.js';
import { countReport } from '../services/reports/queries.js';
import { latencies, percentile, report } from './measure.js';

const ATVK = '0001000';
const TYPES = ['home-care', 'day-care-centre', 'specialised-workshop', 'support-group'];

async function reportsAnnex2(): Promise<void> {
  const clients = Number(process.env.BENCH_REPORT_CLIENTS ?? 20_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const config = loadConfig({
    ...process.env,
    DIGISOC_DB: 'sqlite',
    DIGISOC_SQLITE_PATH: path.join(dir, 'r.sqlite'),
  });
  const orm = await createOrm(config.db);
  try {
    await migrateUp(orm);
    await seedDatabase(orm.em.fork(), { ...config, demo: { ...config.demo, seed: false } });
    const now = new Date();
    for (let from = 0; from < clients; from += 2000) {
      const em = orm.em.fork();
      const persons = [];
      const cases = [];
      const services = [];
      const deliveries = [];
      const settlements = [];
      for (let i = from; i < Math.min(clients, from + 2000); i++) {
        const personId = newId();
        const caseId = newId();
        const serviceId = newId();
        const type = TYPES[i % TYPES.length]!;
        persons.push({
          id: personId,
          personalCode: `32${String(Math.floor(i / 100000)).padStart(4, '0')}-${String(i % 100000).padStart(5, '0')}`,
          firstName: 'Bench',
          lastName: `Client${i}`,
          searchName: `bench client${i}`,
          birthDate: `${1940 + (i % 80)}-0${1 + (i % 9)}-15`,
          deathDate: null,
          createdAt: now,
        });
        cases.push({
          id: caseId,
          number: `B-${i}`,
          municipalityCode: ATVK,
          personId,
          status: 'open',
          openKey: `${personId}:${ATVK}`,
          openedAt: now,
          openedBy: 'bench',
          closedAt: null,
        });
        const start = `2025-0${1 + (i % 3)}-01`;
        services.push({
          id: serviceId,
          caseId,
          municipalityCode: ATVK,
          serviceTypeCode: type,
          serviceTypeVersion: 1,
          workflowId: `bench-${serviceId}`,
          state: 'active',
          active: true,
          requestedAt: start,
          decisionDeadline: start,
          nextDeadline: null,
          nextDeadlineKind: null,
          decision: 'grant',
          providerCode: null,
          providerName: null,
          volume: 10,
          startDate: start,
          endDate: i % 5 === 0 ? '2025-11-30' : null,
          nextReviewDate: null,
          decisionDocumentId: null,
          notes: null,
          startedBy: 'bench',
          createdAt: now,
          updatedAt: now,
        });
        for (let m = 3; m <= 12; m++) {
          const month = `2025-${String(m).padStart(2, '0')}`;
          deliveries.push({
            id: newId(),
            serviceId,
            caseId,
            month,
            units: 4 + (i % 7),
            note: null,
            revision: 1,
            recordedBy: 'bench',
            recordedAt: now,
          });
          settlements.push({
            id: newId(),
            serviceId,
            caseId,
            municipalityCode: ATVK,
            serviceTypeCode: type,
            month,
            units: 4 + (i % 7),
            unit: 'hour',
            tariffEur: 8.41,
            costEur: Math.round((4 + (i % 7)) * 841) / 100,
            clientPaysEur: 0,
            clientCapEur: null,
            clientIncomeEur: null,
            incomeEvidenceDocumentId: null,
            funderPaysEur: Math.round((4 + (i % 7)) * 841) / 100,
            funder: 'municipality',
            legalBasis: null,
            final: false,
            revision: 1,
            settledAt: now,
          });
        }
      }
      await em.insertMany(Person, persons);
      await em.insertMany(Case, cases);
      await em.insertMany(SocialService, services);
      await em.insertMany(ServiceDelivery, deliveries);
      await em.insertMany(ServiceSettlement, settlements);
    }
    let persons = 0;
    const project = await latencies(
      async () => {
        const { counted } = await countReport(
          { em: orm.em.fork(), today: '2026-06-30', now: new Date() },
          { form: 'social-services-annual', municipality: ATVK, period: '2025' },
        );
        if (checkReport(counted).length > 0) throw new Error('the bench report fails its checks');
        persons = counted.tables[0]!.total.persons.length;
      },
      7,
      1,
    );
    const sql = `
      select s.service_type_code as type, count(distinct c.person_id) as persons,
        (select coalesce(sum(d.units), 0) from service_deliveries d join social_services s2 on s2.id = d.service_id
          where s2.municipality_code = ? and s2.service_type_code = s.service_type_code
          and d.month between '2025-01' and '2025-12') as units,
        (select coalesce(sum(st.cost_eur), 0) from service_settlements st join social_services s3 on s3.id = st.service_id
          where s3.municipality_code = ? and s3.service_type_code = s.service_type_code
          and st.month between '2025-01' and '2025-12') as amount
      from social_services s join cases c on c.id = s.case_id
      where s.municipality_code = ? and s.start_date <= '2025-12-31'
        and (s.end_date is null or s.end_date >= '2025-01-01')
      group by s.service_type_code`;
    let sqlPersons = 0;
    const baseline = await latencies(
      async () => {
        const rows = (await orm.em.fork().getConnection().execute(sql, [ATVK, ATVK, ATVK])) as {
          persons: number;
        }[];
        sqlPersons = rows.reduce((n, r) => n + Number(r.persons), 0);
      },
      7,
      1,
    );
    report({
      scenario: 'reports-annex2',
      unit: 'ms (p95 of 7)',
      project: percentile(project, 95),
      baseline: percentile(baseline, 95),
      higherIsBetter: false,
      details: { clients, deliveries: clients * 10, settlements: clients * 10, persons, sqlPersons },
    });
  } finally {
    await orm.close(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const REPORT_SCENARIOS: Record<string, () => Promise<void>> = {
  'reports-annex2': reportsAnnex2,
};
