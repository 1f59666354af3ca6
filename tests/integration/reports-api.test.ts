/**
 * The MK 324 statistical reports through the API on the real stack (issue 20): who reads which municipality's report,
 * the period rules (in progress → figures to date, future or invalid → 422 `query.period`), and annex 1 from the
 * effective-dated decision records: a means-test decision made through the workflow is recorded and counted, a
 * reported change becomes a new revision, "as known on" versus "as corrected since". Annex 2, downloads and
 * submissions: reports-submission-api.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addIsoMonths, firstDayOfIsoMonth, lastDayOfIsoMonth } from '../../domain/calendar.js';
import { Case, MeansTestStatusRecord, Person } from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { recordStatusDecision, recordStatusEnded } from '../../services/reports/status-records.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import {
  body,
  CESIS,
  day,
  lastMonth,
  lastYear,
  reportUsers,
  RIGA,
  table,
  thisMonth,
  today,
  twoMonthsAgo,
  type ProblemBody,
  type ReportBody,
} from './support/reports.js';

let stack: TestStack;
let worker: string;
let supervisor: string;
let cesisSupervisor: string;
let analyst: string;
let cesisCaseId: string;

const report = (token: string, form: string, query: string) =>
  stack.request('GET', `/api/v1/reports/${form}?${query}`, { token });

beforeAll(async () => {
  stack = await startTestStack();
  ({ worker, supervisor, cesisSupervisor, analyst, cesisCaseId } = await reportUsers(stack));
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
    // The household's income as the example (certified by the employer): a needy status.
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
