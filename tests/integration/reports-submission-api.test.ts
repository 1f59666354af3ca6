/**
 * MK 324 annex 2 through the API on the real stack (issue 20): the year's counts, figures identical between two reads,
 * "as known on" for deliveries and settlements, CSV and XLSX downloads, and a submission frozen in MinIO with its
 * SHA-256, audited, with a correction as a new version; refusals of a period in progress, another municipality and
 * the analyst.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addDays } from '../../domain/calendar.js';
import {
  AuditEntry,
  ReportSubmission,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import {
  body,
  CESIS,
  lastMonth,
  lastYear,
  reportUsers,
  table,
  thisMonth,
  today,
  type ProblemBody,
  type ReportBody,
} from './support/reports.js';

let stack: TestStack;
let supervisor: string;
let cesisSupervisor: string;
let analyst: string;
let cesisCaseId: string;

const report = (token: string, form: string, query: string) =>
  stack.request('GET', `/api/v1/reports/${form}?${query}`, { token });

beforeAll(async () => {
  stack = await startTestStack();
  ({ supervisor, cesisSupervisor, analyst, cesisCaseId } = await reportUsers(stack));
}, 120_000);
afterAll(async () => {
  await stack.close();
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
