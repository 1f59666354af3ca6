import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { Hono } from 'hono';
import { startRegistrySimulator, type RunningSimulator } from '../../../simulators/registry/start.js';
import {
  bankCallbackUrl,
  createRegistryActivities,
  lastFullMonths,
} from '../../../activities/registries/activities.js';
import { REGISTRY_INFO } from '../../../activities/registries/registry-info.js';
import type { RegistryActivities } from '../../../activities/registries/activities.js';
import type { BankStatementCallback } from '../../../activities/registries/types.js';
import { createBankCallbackRouter } from '../../../api/routes/bank-callbacks.js';
import { createInMemoryPorts, type InMemoryPorts } from './support/in-memory-ports.js';
import { call, fixtureCodesIn, serveApp, type TestServer } from './support/http.js';

const CONTEXT = { caseId: 'case-1', purpose: 'Materiālās situācijas izvērtēšana', requestedBy: 'user-7' };

let sim: RunningSimulator;
let api: TestServer;
let ports: InMemoryPorts;
let activities: RegistryActivities;
const signals: { workflowId: string; payload: BankStatementCallback }[] = [];

beforeAll(async () => {
  sim = await startRegistrySimulator({
    latency: { minMs: 0, maxMs: 0 },
    bankDelayMs: { HABALV22: 0, UNLALV2X: 0, RIKOLV2X: 0 },
  });
  const app = new Hono();
  app.route(
    '/api/v1/integrations',
    createBankCallbackRouter({
      verifySecret: (h) => h === 'demo-bank-callback-secret',
      signalBankStatement: async (workflowId, payload) => {
        signals.push({ workflowId, payload });
      },
    }),
  );
  api = await serveApp(app);
});
beforeEach(() => {
  ports = createInMemoryPorts();
  activities = createRegistryActivities(ports, {
    baseUrl: sim.url,
    callbackUrl: `${api.url}/api/v1/integrations`,
    timeoutMs: 2_000,
  });
  signals.length = 0;
});
afterEach(async () => {
  await call(`${sim.url}/_admin/reset`, 'POST', {});
});
afterAll(async () => {
  await sim.close();
  await api.close();
});

const allCodes = () => [...ports.codes.values()];

describe('registry activities', () => {
  it('fetch a population record: relations as person ids, logged with legal basis, stored as evidence', async () => {
    const result = await activities.fetchPopulationRecord({ ...CONTEXT, personId: 'h1-berzins-janis' });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result).toMatchObject({
      firstName: 'Jānis',
      declaredAddress: { atvk: '0001000' },
      snapshotDocumentId: 'snapshot-1',
    });
    expect(result.relations.map((r) => [r.type, r.personId])).toEqual([
      ['spouse', 'h1-berzina-ilze'],
      ['child', 'h1-berzina-anna'],
      ['child', 'h1-berzins-martins'],
    ]);
    expect(fixtureCodesIn(JSON.stringify(result), allCodes())).toEqual([]);
    expect(ports.requests).toEqual([
      expect.objectContaining({
        requestId: result.requestId,
        caseId: 'case-1',
        registry: 'pmlp',
        subjectPersonId: 'h1-berzins-janis',
        purpose: CONTEXT.purpose,
        legalBasis: REGISTRY_INFO.pmlp.legalBasis,
        requestedBy: 'user-7',
        outcome: 'ok',
        httpStatus: 200,
        errorMessage: null,
      }),
    ]);
    expect(ports.snapshots[0]).toMatchObject({
      registry: 'pmlp',
      requestId: result.requestId,
      payload: { person: { firstName: 'Jānis' } },
    });
  });

  it('summarise household, disability, payments, income, unemployment, property and accounts', async () => {
    const input = (personId: string) => ({ ...CONTEXT, personId });
    const period = { fromMonth: '2026-08', toMonth: '2026-10' };
    const [household, disability, payments, income, nva, property, accounts] = await Promise.all([
      activities.fetchHousehold(input('h3-kalnina-olga')),
      activities.fetchDisability(input('h4-ozols-raimonds')),
      activities.fetchSocialInsurancePayments({ ...input('h3-kalnina-olga'), period }),
      activities.fetchEmploymentIncome({ ...input('h1-berzins-janis'), period }),
      activities.fetchUnemploymentStatus(input('h3-kalnina-olga')),
      activities.fetchRealProperty(input('h7-krauklis-guntars')),
      activities.fetchAccountList(input('h4-ozols-raimonds')),
    ]);
    expect(household.status === 'ok' && household.members.map((m) => [m.personId, m.isSubject])).toEqual([
      ['h3-kalnina-olga', true],
      ['h3-kalnina-sofija', false],
      ['h3-kalnins-arturs', false],
      ['h3-kalnins-daniels', false],
    ]);
    // The household answer goes to the household register, which makes it the case's PMLP household (issue 14).
    expect(ports.households).toEqual([
      {
        caseId: 'case-1',
        subjectPersonId: 'h3-kalnina-olga',
        requestId: household.requestId,
        memberPersonIds: ['h3-kalnina-olga', 'h3-kalnina-sofija', 'h3-kalnins-arturs', 'h3-kalnins-daniels'],
      },
    ]);
    expect(disability.status === 'ok' && disability.disability?.opinions.map((o) => o.code)).toEqual([
      'assistant',
      'technical-aids',
    ]);
    expect(payments.status === 'ok' && payments.totalsByMonth).toEqual([
      { month: '2026-08', amountEur: 520 },
      { month: '2026-09', amountEur: 415 },
      { month: '2026-10', amountEur: 415 },
    ]);
    expect(income.status === 'ok' && income.totalsByMonth.map((t) => t.amountEur)).toEqual([
      1118.4, 1118.4, 1118.4,
    ]);
    expect(nva).toMatchObject({ status: 'ok', since: '2026-05-12' });
    expect(property.status === 'ok' && property.propertiesBeyondDwelling).toBe(2);
    expect(accounts.status === 'ok' && accounts.accounts.map((a) => a.bankCode)).toEqual([
      'UNLALV2X',
      'RIKOLV2X',
      'RIKOLV2X',
    ]);
    expect(ports.snapshots).toHaveLength(7);
    expect(ports.requests.map((r) => r.outcome)).toEqual(Array(7).fill('ok'));
    for (const r of [household, disability, payments, income, nva, property, accounts]) {
      expect(fixtureCodesIn(JSON.stringify(r), allCodes())).toEqual([]);
    }
  });

  it('fetch orphan-court decisions and cases by child or by orphan court', async () => {
    const decisions = await activities.fetchOrphanCourtDecisions({ ...CONTEXT, personId: 'h6-sproge-elza' });
    expect(decisions.status === 'ok' && decisions.decisions[0]?.institution?.code).toBe('ILGST-0210-03');
    const byChild = await activities.fetchOrphanCourtCases({ ...CONTEXT, personId: 'h7-zarins-roberts' });
    expect(byChild.status === 'ok' && byChild.cases).toHaveLength(2);
    const byCourt = await activities.fetchOrphanCourtCases({ ...CONTEXT, orphanCourtAtvk: '0006000' });
    expect(byCourt.status === 'ok' && byCourt.cases.map((c) => c.caseNumber)).toEqual(['BT-0210/2026/112']);
    expect(ports.requests.at(-1)).toMatchObject({
      registry: 'baris',
      subjectPersonId: 'orphan-court:0006000',
    });
  });

  it('record not-found without evidence, failures with status, and rethrow them', async () => {
    const unknown = createInMemoryPorts({ ghost: '321234-56789' });
    const acts = createRegistryActivities(unknown, { baseUrl: sim.url, callbackUrl: 'http://x' });
    expect(await acts.fetchDisability({ ...CONTEXT, personId: 'ghost' })).toMatchObject({
      status: 'not-found',
      snapshotDocumentId: null,
    });
    expect(unknown.requests.at(-1)).toMatchObject({ outcome: 'not-found', httpStatus: 404 });
    expect(unknown.snapshots).toHaveLength(0);

    await call(`${sim.url}/_admin/faults/vid`, 'PUT', { outage: true });
    await expect(
      activities.fetchEmploymentIncome({ ...CONTEXT, personId: 'h1-berzins-janis' }),
    ).rejects.toBeInstanceOf(ApplicationFailure);
    expect(ports.requests.at(-1)).toMatchObject({
      registry: 'vid',
      outcome: 'error',
      httpStatus: 503,
      errorMessage: expect.stringContaining('503'),
    });

    await call(`${sim.url}/_admin/faults/nva`, 'PUT', { timeout: true });
    const fast = createRegistryActivities(ports, {
      baseUrl: sim.url,
      callbackUrl: 'http://x',
      timeoutMs: 200,
    });
    await expect(
      fast.fetchUnemploymentStatus({ ...CONTEXT, personId: 'h1-berzins-janis' }),
    ).rejects.toMatchObject({ type: 'RegistryTimeout' });
    expect(ports.requests.at(-1)).toMatchObject({ registry: 'nva', outcome: 'timeout', httpStatus: null });
    expect(ports.snapshots).toHaveLength(0);
  });

  it('request bank statements, receive the callback through the route, store it, and report a silent bank', async () => {
    const accounts = await activities.fetchAccountList({ ...CONTEXT, personId: 'h2-ivanovs-peteris' });
    if (accounts.status !== 'ok') throw new Error('accounts');
    const swedbank = accounts.accounts.filter((a) => a.bankCode === 'HABALV22').map((a) => a.iban);
    const accepted = await activities.requestBankStatements({
      ...CONTEXT,
      personId: 'h2-ivanovs-peteris',
      workflowId: 'registry-check-1',
      requestId: 'bank-1',
      bankCode: 'HABALV22',
      ibans: swedbank,
      fromDate: '2026-08-01',
      toDate: '2026-10-31',
    });
    expect(accepted).toMatchObject({ bankCode: 'HABALV22', requestId: 'bank-1', status: 'accepted' });
    expect(ports.requests.at(-1)).toMatchObject({ registry: 'banks', outcome: 'accepted', httpStatus: 202 });
    for (let i = 0; i < 100 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      workflowId: 'registry-check-1',
      payload: { requestId: 'bank-1', status: 'completed' },
    });

    const stored = await activities.storeBankStatement({
      ...CONTEXT,
      personId: 'h2-ivanovs-peteris',
      statement: signals[0]!.payload,
      acceptedAt: accepted.acceptedAt,
    });
    expect(stored).toMatchObject({ status: 'completed', bankCode: 'HABALV22', error: null });
    expect(stored.accounts[0]?.months.map((m) => m.inflowsEur)).toEqual([486.75, 486.75, 486.75]);
    expect(ports.snapshots.at(-1)).toMatchObject({
      registry: 'banks',
      requestId: 'bank-1',
      payload: signals[0]!.payload,
    });
    expect(ports.requests.at(-1)).toMatchObject({ registry: 'banks', requestId: 'bank-1', outcome: 'ok' });

    const notified = await activities.notifyBankTimeout({
      ...CONTEXT,
      workflowId: 'registry-check-1',
      requests: [
        {
          bankCode: 'RIKOLV2X',
          requestId: 'bank-2',
          personId: 'h2-ivanovs-peteris',
          acceptedAt: accepted.acceptedAt,
        },
        { bankCode: 'RIKOLV2X', requestId: 'bank-3', personId: 'h2-ivanova-valentina', acceptedAt: null },
      ],
    });
    expect(notified).toEqual({ banks: ['RIKOLV2X'] });
    expect(ports.notifications).toEqual([
      { caseId: 'case-1', workflowId: 'registry-check-1', banks: ['RIKOLV2X'] },
    ]);
    expect(ports.requests.filter((r) => r.outcome === 'timeout').map((r) => r.requestId)).toEqual([
      'bank-2',
      'bank-3',
    ]);
  });

  it('reject a bank request for an account the bank does not hold, without retry', async () => {
    await expect(
      activities.requestBankStatements({
        ...CONTEXT,
        personId: 'h2-ivanovs-peteris',
        workflowId: 'wf',
        requestId: 'bank-x',
        bankCode: 'UNLALV2X',
        ibans: ['LV80BANK0000435195001'],
        fromDate: '2026-08-01',
        toDate: '2026-10-31',
      }),
    ).rejects.toMatchObject({ type: 'RegistryRejected', nonRetryable: true });
    expect(ports.requests.at(-1)).toMatchObject({ outcome: 'error', httpStatus: 404 });
  });
});

describe('registry activity helpers', () => {
  it('compute the 12 full months before a date and the bank callback URL', () => {
    expect(lastFullMonths(12, new Date('2026-03-15T00:00:00Z'))).toEqual({
      fromMonth: '2025-03',
      toMonth: '2026-02',
    });
    expect(lastFullMonths(3, new Date('2026-01-01T00:00:00Z'))).toEqual({
      fromMonth: '2025-10',
      toMonth: '2025-12',
    });
    expect(bankCallbackUrl('http://api/api/v1/integrations/', 'HABALV22')).toBe(
      'http://api/api/v1/integrations/banks/HABALV22/callbacks',
    );
    expect(bankCallbackUrl('http://api/cb/{bankCode}', 'RIKOLV2X')).toBe('http://api/cb/RIKOLV2X');
  });
});
