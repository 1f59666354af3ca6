/**
 * The MK 324 statistical reports through the API on the real stack (issue 20): who reads which municipality's report,
 * the period rules (in progress → figures to date, future or invalid → 422 `query.period`), figures identical
 * between two reads, "as known on" versus "as corrected since", CSV and XLSX downloads, and a submission frozen in
 * MinIO with its SHA-256, audited, with a correction as a new version. A means-test decision made through the
 * workflow becomes the effective-dated record annex 1 counts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import {
  addDays,
  addIsoMonths,
  firstDayOfIsoMonth,
  isoMonthOf,
  lastDayOfIsoMonth,
} from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  AuditEntry,
  Case,
  MeansTestStatusRecord,
  Person,
  ReportSubmission,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
  User,
} from '../../infra/db/entities/index.js';
import { hashPassword } from '../../infra/db/seed.js';
import { newId } from '../../infra/ids.js';
import { recordStatusDecision, recordStatusEnded } from '../../services/reports/status-records.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const RIGA = '0001000';
const CESIS = '0026000';
const today = rigaToday();
const thisMonth = isoMonthOf(today);
const lastMonth = addIsoMonths(thisMonth, -1);
const twoMonthsAgo = addIsoMonths(thisMonth, -2);
const lastYear = String(Number(today.slice(0, 4)) - 1);
const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

let stack: TestStack;
let worker: string;
let supervisor: string;
let cesisSupervisor: string;
let analyst: string;
let cesisCaseId: string;

interface FigureRow {
  key: string;
  persons: number;
  households?: number;
  breakdowns?: Record<string, Record<string, number>>;
  sums?: Record<string, number>;
}
interface ReportBody {
  form: string;
  period: string;
  asOf: string | null;
  tables: { key: string; rows: FigureRow[]; total: FigureRow }[];
  checks: { passed: boolean; failures: unknown[] };
  meta: {
    generatedAt: string;
    periodState: string;
    countedUntil: string;
    asOfExact: boolean;
    submissions: { id: string; version: number; sha256: string }[];
  };
}
interface ProblemBody {
  errors?: { path: string }[];
}

const report = (token: string, form: string, query: string) =>
  stack.request('GET', `/api/v1/reports/${form}?${query}`, { token });
const body = async <T>(res: Response, status = 200): Promise<T> => {
  const text = await res.text();
  expect({ status: res.status, text: res.status === status ? '' : text }).toEqual({ status, text: '' });
  return JSON.parse(text) as T;
};
const table = (r: ReportBody, key: string) => r.tables.find((t) => t.key === key)!;

beforeAll(async () => {
  stack = await startTestStack();
  const em = stack.orm.em.fork();
  em.create(User, {
    id: newId(),
    username: 'vad.cesis',
    displayName: 'Cēsu vadītāja',
    passwordHash: await hashPassword('demo'),
    externalId: null,
    role: 'supervisor',
    municipalityCode: CESIS,
    active: true,
    createdAt: new Date(),
  });
  await em.flush();
  worker = await stack.login('soc.riga');
  supervisor = await stack.login('vad.riga');
  cesisSupervisor = await stack.login('vad.cesis');
  analyst = await stack.login('lm.analitikis');
  const person = await em.findOneOrFail(Person, { personalCode: '300675-18179' });
  cesisCaseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
}, 120_000);
afterAll(async () => {
  await stack.close();
});

describe('who reads a report', () => {
  const q = `municipality=${CESIS}&period=${lastMonth}`;
  it("the Ministry's analyst reads any municipality; a supervisor only their own (another's: 404)", async () => {
    await body(await report(analyst, 'social-assistance-monthly', q));
    await body(await report(cesisSupervisor, 'social-assistance-monthly', q));
    await body(await report(supervisor, 'social-assistance-monthly', q), 404);
    await body(
      await report(analyst, 'social-assistance-monthly', `municipality=9999999&period=${lastMonth}`),
      404,
    );
  });
  it('a role without the reports permission gets 403, no token 401', async () => {
    expect((await report(worker, 'social-assistance-monthly', q)).status).toBe(403);
    expect((await stack.request('GET', `/api/v1/reports/social-assistance-monthly?${q}`)).status).toBe(401);
  });
});

describe('periods', () => {
  it.each([
    ['social-assistance-monthly', '2025-13', 'query.period'],
    ['social-assistance-monthly', addIsoMonths(thisMonth, 1), 'query.period'],
    ['social-assistance-monthly', lastYear, 'query.period'],
    ['social-services-annual', lastMonth, 'query.period'],
    ['social-services-annual', String(Number(lastYear) + 2), 'query.period'],
  ])('%s for %s → 422 naming %s', async (form, period, path) => {
    const problem = await body<ProblemBody>(
      await report(analyst, form, `municipality=${RIGA}&period=${period}`),
      422,
    );
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it('an asOf after today → 422 naming query.asOf', async () => {
    const res = await report(
      analyst,
      'social-assistance-monthly',
      `municipality=${RIGA}&period=${lastMonth}&asOf=2999-01-01`,
    );
    expect((await body<ProblemBody>(res, 422)).errors?.map((e) => e.path)).toEqual(['query.asOf']);
  });

  it('the period in progress answers the figures to date', async () => {
    const r = await body<ReportBody>(
      await report(analyst, 'social-assistance-monthly', `municipality=${RIGA}&period=${thisMonth}`),
    );
    expect(r.meta).toMatchObject({ periodState: 'in-progress', countedUntil: today });
    expect(r.checks.passed).toBe(true);
  });
});

describe('annex 1 from effective-dated decision records', () => {
  it('a means-test decision made through the workflow is recorded and counted', async () => {
    const person = await stack.orm.em.fork().findOneOrFail(Person, { personalCode: '051290-19726' });
    const caseId = (await stack.orm.em.fork().findOneOrFail(Case, { personId: person.id, status: 'open' }))
      .id;
    const start = await stack.request('POST', '/api/v1/means-tests', {
      token: worker,
      json: { caseId, applicationDate: day(lastMonth, 5) },
    });
    const { id } = await body<{ id: string }>(start, 202);
    const waitFor = async (state: string) => {
      for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
        const c = await body<{ state: string }>(
          await stack.request('GET', `/api/v1/means-tests/${id}`, { token: worker }),
        );
        if (c.state === state) return;
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`means test never reached ${state}`);
    };
    await waitFor('awaiting-decision');
    // The household's income as the issue's example (certified by the employer): a needy status.
    const drafted = await body<{ current: { declaration: { members: { personId: string }[] } } }>(
      await stack.request('GET', `/api/v1/means-tests/${id}`, { token: worker }),
    );
    for (const m of drafted.current.declaration.members) {
      await body(
        await stack.request('POST', `/api/v1/means-tests/${id}/corrections`, {
          token: worker,
          json: {
            field: 'monthlyIncomeEur',
            memberId: m.personId,
            value: 50,
            reason: 'Izziņa no darba devēja',
          },
        }),
      );
    }
    await body(
      await stack.request('POST', `/api/v1/means-tests/${id}/decision`, {
        token: worker,
        json: { decision: 'approve' },
      }),
    );
    await waitFor('active');
    const records = await stack.orm.em.fork().find(MeansTestStatusRecord, { cycleId: id });
    expect(records).toHaveLength(1);
    const rec = records[0]!;
    expect(rec).toMatchObject({
      revision: 1,
      decision: 'approve',
      status: 'needy',
      decidedOn: today,
      validFrom: firstDayOfIsoMonth(lastMonth),
      municipalityCode: RIGA,
    });
    expect(rec.personIds).toContain(person.id);
    expect(rec.gmi.map((g) => g.month)).toContain(lastMonth);
    // Decided today: a status granted this month; in force from last month, with its GMI benefit.
    const now = await body<ReportBody>(
      await report(supervisor, 'social-assistance-monthly', `municipality=${RIGA}&period=${thisMonth}`),
    );
    expect(table(now, 'decisions').rows.find((x) => x.key === 'granted-needy')).toMatchObject({
      households: 1,
      persons: rec.personIds.length,
    });
    const past = await body<ReportBody>(
      await report(supervisor, 'social-assistance-monthly', `municipality=${RIGA}&period=${lastMonth}`),
    );
    expect(table(past, 'statuses').rows[0]).toMatchObject({
      key: 'needy',
      households: 1,
      persons: rec.personIds.length,
    });
    const amount = rec.gmi.find((g) => g.month === lastMonth)!.amountEur;
    expect(table(past, 'gmi').total).toMatchObject({ households: 1, sums: { amountEur: amount } });
    expect(past.checks.passed).toBe(true);

    // A change of situation reported today ends the status today: a new revision of the record, the first kept.
    await body(
      await stack.request('POST', `/api/v1/means-tests/${id}/change`, {
        token: worker,
        json: { date: today, reason: 'Mainījies darba stāvoklis' },
      }),
    );
    for (const deadline = Date.now() + 60_000; ;) {
      const revs = await stack.orm.em
        .fork()
        .find(MeansTestStatusRecord, { cycleId: id }, { orderBy: { revision: 'asc' } });
      if (revs.length === 2) {
        expect(revs.map((x) => [x.evaluationNo, x.revision, x.endedOn])).toEqual([
          [1, 1, null],
          [1, 2, today],
        ]);
        break;
      }
      if (Date.now() > deadline) throw new Error('the status end was not recorded');
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 150_000);

  it('"as known on" a day shows a status a later correction ended; "as corrected since" does not', async () => {
    const em = stack.orm.em.fork();
    const cycleId = newId();
    await recordStatusDecision(
      em,
      {
        cycleId,
        caseId: cesisCaseId,
        municipalityCode: CESIS,
        evaluationNo: 1,
        decision: 'approve',
        at: day(twoMonthsAgo, 3),
        status: 'needy',
        validFrom: firstDayOfIsoMonth(twoMonthsAgo),
        validTo: lastDayOfIsoMonth(thisMonth),
        personIds: ['p-a', 'p-b'],
        gmi: [{ month: lastMonth, amountEur: 120.5 }],
      },
      new Date(`${day(twoMonthsAgo, 3)}T10:00:00Z`),
    );
    await em.flush();
    await recordStatusEnded(
      em,
      { cycleId, evaluationNo: 1, endedOn: day(twoMonthsAgo, 15) },
      new Date(`${day(lastMonth, 20)}T10:00:00Z`),
    );
    await em.flush();
    const q = `municipality=${CESIS}&period=${lastMonth}`;
    const corrected = await body<ReportBody>(await report(analyst, 'social-assistance-monthly', q));
    expect(table(corrected, 'statuses').total).toMatchObject({ households: 0, persons: 0 });
    const known = await body<ReportBody>(
      await report(analyst, 'social-assistance-monthly', `${q}&asOf=${day(lastMonth, 10)}`),
    );
    expect(known.asOf).toBe(day(lastMonth, 10));
    expect(known.meta).toMatchObject({ asOfExact: true, countedUntil: day(lastMonth, 10) });
    expect(table(known, 'statuses').rows[0]).toMatchObject({ key: 'needy', households: 1, persons: 2 });
    expect(table(known, 'gmi').total).toMatchObject({
      households: 1,
      persons: 2,
      sums: { amountEur: 120.5 },
    });
  });
});

describe('annex 2, downloads and submission', () => {
  const serviceId = newId();
  const q = `municipality=${CESIS}&period=${lastYear}`;

  beforeAll(async () => {
    const em = stack.orm.em.fork();
    const now = new Date();
    em.create(SocialService, {
      id: serviceId,
      caseId: cesisCaseId,
      municipalityCode: CESIS,
      serviceTypeCode: 'home-care',
      serviceTypeVersion: 1,
      workflowId: `social-service-report-${serviceId}`,
      state: 'active',
      active: true,
      requestedAt: `${lastYear}-10-01`,
      decisionDeadline: `${lastYear}-11-01`,
      nextDeadline: null,
      nextDeadlineKind: null,
      decision: 'grant',
      providerCode: null,
      providerName: null,
      volume: 10,
      startDate: `${lastYear}-11-01`,
      endDate: null,
      nextReviewDate: null,
      decisionDocumentId: null,
      notes: null,
      startedBy: 'soc.cesis',
      createdAt: new Date(`${lastYear}-10-01T08:00:00Z`),
      updatedAt: now,
    });
    for (const month of [`${lastYear}-11`, `${lastYear}-12`, `${Number(lastYear) + 1}-01`]) {
      em.create(ServiceDelivery, {
        id: newId(),
        serviceId,
        caseId: cesisCaseId,
        month,
        units: 12.5,
        note: null,
        revision: 1,
        recordedBy: 'soc.cesis',
        recordedAt: now,
      });
      em.create(ServiceSettlement, {
        id: newId(),
        serviceId,
        caseId: cesisCaseId,
        municipalityCode: CESIS,
        serviceTypeCode: 'home-care',
        month,
        units: 12.5,
        unit: 'hour',
        tariffEur: 8.41,
        costEur: 105.13,
        clientPaysEur: 0,
        clientCapEur: null,
        clientIncomeEur: null,
        incomeEvidenceDocumentId: null,
        funderPaysEur: 105.13,
        funder: 'municipality',
        legalBasis: null,
        revision: 1,
        settledAt: now,
      });
    }
    await em.flush();
  });

  it('counts the year: the client once, new, units and the amount settled of the year only', async () => {
    const r = await body<ReportBody>(await report(analyst, 'social-services-annual', q));
    expect(r.meta.periodState).toBe('past');
    const services = table(r, 'services');
    expect(services.rows).toEqual([
      expect.objectContaining({
        key: 'home-care',
        persons: 1,
        sums: { units: 25, amountEur: 210.26 },
        breakdowns: expect.objectContaining({
          novelty: { new: 1, continuing: 0 },
          funding: { municipal: 1, state: 0 },
        }),
      }),
    ]);
    expect(services.total).toMatchObject({ persons: 1, sums: { amountEur: 210.26 } });
    expect(r.checks).toEqual({ passed: true, failures: [] });
  });

  it('as known on yesterday: the deliveries and settlements recorded today are left out (meta says not exact)', async () => {
    const yesterday = addDays(today, -1);
    const r = await body<ReportBody>(
      await report(analyst, 'social-services-annual', `${q}&asOf=${yesterday}`),
    );
    expect(r.meta).toMatchObject({ asOfExact: false, countedUntil: `${lastYear}-12-31` });
    expect(table(r, 'services').rows[0]).toMatchObject({ persons: 1, sums: { units: 0, amountEur: 0 } });
  });

  it("a past period's figures are identical between two reads; only meta differs", async () => {
    const a = await body<ReportBody>(await report(analyst, 'social-services-annual', q));
    await new Promise((r) => setTimeout(r, 5));
    const b = await body<ReportBody>(await report(cesisSupervisor, 'social-services-annual', q));
    const { meta: ma, ...fa } = a;
    const { meta: mb, ...fb } = b;
    expect(fb).toEqual(fa);
    expect(mb.generatedAt).not.toBe(ma.generatedAt);
  });

  it('downloads as CSV and as XLSX with the same figures', async () => {
    const csv = await report(analyst, 'social-services-annual', `${q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="social-services-annual-0026000-/,
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('form,municipality,period,table,row,measure,value');
    expect(lines).toContain(`social-services-annual,0026000,${lastYear},services,home-care,amountEur,210.26`);
    expect(lines).toContain(`social-services-annual,0026000,${lastYear},services,total,persons,1`);
    const xlsx = await report(analyst, 'social-services-annual', `${q}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('services')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const amountCol = header.indexOf('amountEur') + 1;
    expect(sheet.getRow(2).getCell(amountCol).value).toBe(210.26);
    expect(sheet.getRow(2).getCell(1).value).not.toBe('home-care'); // the type's name, not its code
  });

  it('submits: frozen in MinIO with its SHA-256 and audited; a correction is a new version, the first unchanged', async () => {
    const first = await body<{ id: string; version: number; sha256: string }>(
      await stack.request('POST', '/api/v1/reports/social-services-annual/submissions', {
        token: cesisSupervisor,
        json: { municipality: CESIS, period: lastYear },
      }),
      201,
    );
    expect(first.version).toBe(1);
    const em = stack.orm.em.fork();
    const row = await em.findOneOrFail(ReportSubmission, { id: first.id });
    const stored = await stack.store.getBuffer(row.objectKey);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(first.sha256);
    const frozen = JSON.parse(stored.toString('utf8')) as { tables: ReportBody['tables']; version: number };
    const live = await body<ReportBody>(await report(analyst, 'social-services-annual', q));
    expect(frozen.tables).toEqual(live.tables);
    const audit = await em.find(AuditEntry, { action: 'report.submit', resourceId: first.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'vad.cesis', outcome: 'success' });

    // A delivery corrected after the submission: the next submission is version 2 and names the first.
    const delivery = await em.findOneOrFail(ServiceDelivery, { serviceId, month: `${lastYear}-12` });
    delivery.units = 20;
    delivery.revision = 2;
    await em.flush();
    const second = await body<{ id: string; version: number; sha256: string }>(
      await stack.request('POST', '/api/v1/reports/social-services-annual/submissions', {
        token: cesisSupervisor,
        json: { municipality: CESIS, period: lastYear },
      }),
      201,
    );
    expect(second.version).toBe(2);
    expect(second.sha256).not.toBe(first.sha256);
    const v2 = await stack.request('GET', `/api/v1/reports/social-services-annual/submissions/${second.id}`, {
      token: analyst,
    });
    const v2body = (await v2.json()) as { supersedes: string; tables: ReportBody['tables'] };
    expect(v2body.supersedes).toBe(first.id);
    expect(v2body.tables[0]!.rows[0]!.sums).toEqual({ units: 32.5, amountEur: 210.26 });
    const v1 = await stack.request('GET', `/api/v1/reports/social-services-annual/submissions/${first.id}`, {
      token: analyst,
    });
    expect(v1.headers.get('etag')).toBe(`"${first.sha256}"`);
    expect(
      createHash('sha256')
        .update(Buffer.from(await v1.arrayBuffer()))
        .digest('hex'),
    ).toBe(first.sha256);
    const listed = await body<ReportBody>(await report(analyst, 'social-services-annual', q));
    expect(listed.meta.submissions.map((s) => s.version)).toEqual([1, 2]);
    // Another municipality's supervisor does not see the submission.
    expect(
      (
        await stack.request('GET', `/api/v1/reports/social-services-annual/submissions/${first.id}`, {
          token: supervisor,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses to submit a period in progress (422 `period`), another municipality (404), or as the analyst (403)', async () => {
    const submit = (token: string, json: unknown) =>
      stack.request('POST', '/api/v1/reports/social-assistance-monthly/submissions', { token, json });
    const inProgress = await body<ProblemBody>(
      await submit(cesisSupervisor, { municipality: CESIS, period: thisMonth }),
      422,
    );
    expect(inProgress.errors?.map((e) => e.path)).toEqual(['period']);
    await body(await submit(supervisor, { municipality: CESIS, period: lastMonth }), 404);
    expect((await submit(analyst, { municipality: CESIS, period: lastMonth })).status).toBe(403);
    expect(await stack.orm.em.fork().count(ReportSubmission, { form: 'social-assistance-monthly' })).toBe(0);
  });
});
