import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { startRegistrySimulator, type RunningSimulator } from '../../../simulators/registry/start.js';
import { loadFixtures } from '../../../simulators/registry/fixtures.js';
import { makePersonalCode } from '../../../simulators/registry/personal-code.js';
import {
  REGISTRY_FAILURE_TYPES,
  registryFailureDetails,
  type DagrClientOptions,
} from '../../../activities/registries/http.js';
import { queryHousehold, queryPopulationRecord } from '../../../activities/registries/pmlp.js';
import { queryDisability } from '../../../activities/registries/vdeavk.js';
import { queryPayments } from '../../../activities/registries/vsaa.js';
import { queryEmploymentIncome } from '../../../activities/registries/vid.js';
import { queryUnemploymentStatus } from '../../../activities/registries/nva.js';
import { queryRealProperty } from '../../../activities/registries/vzd.js';
import { queryAccounts } from '../../../activities/registries/account-register.js';
import { pollStatement, requestStatement } from '../../../activities/registries/banks.js';
import {
  queryOrphanCourtCases,
  queryOrphanCourtDecisions,
  searchOrphanCourtDecisions,
} from '../../../activities/registries/npais.js';
import { NON_RETRYABLE_REGISTRY_ERRORS } from '../../../workflows/registry-policies.js';
import { call, fixtureCodesIn } from './support/http.js';

const fixtures = loadFixtures();
const codeOf = (id: string) => fixtures.find((f) => f.id === id)!.person.personalCode;
const UNKNOWN_CODE = makePersonalCode('1999-01-01', 5) ?? makePersonalCode('1999-01-01', 6) ?? '';
const period = { fromMonth: '2026-08', toMonth: '2026-10' };

let sim: RunningSimulator;
let client: DagrClientOptions;

beforeAll(async () => {
  sim = await startRegistrySimulator({ fixtures, latency: { minMs: 0, maxMs: 0 }, timeoutHangMs: 10_000 });
  client = { baseUrl: sim.url, timeoutMs: 2_000 };
});
afterEach(async () => {
  await call(`${sim.url}/_admin/faults`, 'DELETE');
});
afterAll(async () => {
  await sim.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('registry adapters against the simulator', () => {
  it('parse every registry answer against its contract', async () => {
    const olga = codeOf('h3-kalnina-olga');
    const elza = codeOf('h6-sproge-elza');
    const answers = await Promise.all([
      queryPopulationRecord(client, olga, 'r1'),
      queryHousehold(client, olga, 'r2'),
      queryDisability(client, codeOf('h4-ozols-raimonds'), 'r3'),
      queryPayments(client, olga, period, 'r4'),
      queryEmploymentIncome(client, codeOf('h1-berzins-janis'), period, 'r5'),
      queryUnemploymentStatus(client, olga, 'r6'),
      queryRealProperty(client, codeOf('h7-krauklis-guntars'), 'r7'),
      queryAccounts(client, codeOf('h4-ozols-raimonds'), 'r8'),
      queryOrphanCourtDecisions(client, elza, 'r9'),
      searchOrphanCourtDecisions(client, '2020-01-01', 'r10'),
      queryOrphanCourtCases(client, { orphanCourtAtvk: '0006000' }, 'r11'),
      queryOrphanCourtCases(client, { personalCode: elza }, 'r12'),
    ]);
    expect(answers.map((a) => [a.kind, a.httpStatus])).toEqual(answers.map(() => ['ok', 200]));
    for (const a of answers) {
      expect(a.receivedAt).toEqual(expect.any(String));
      expect(a.raw).toEqual(
        expect.objectContaining({ requestId: a.requestId, timestamp: expect.any(String) }),
      );
    }
    const disability = answers[2];
    expect(disability?.kind === 'ok' && disability.data.disability?.group).toBe('II');
  });

  it('returns a typed not-found for an unknown person', async () => {
    const answer = await queryPopulationRecord(client, UNKNOWN_CODE, 'r-404');
    expect(answer).toMatchObject({ kind: 'not-found', httpStatus: 404, code: 'PERSON_NOT_FOUND' });
  });

  it('fails retryably on 5xx', async () => {
    await call(`${sim.url}/_admin/faults/nva`, 'PUT', { outage: true });
    const failure = await failureOf(queryUnemploymentStatus(client, codeOf('h3-kalnina-olga'), 'r-503'));
    expect(failure.type).toBe(REGISTRY_FAILURE_TYPES.unavailable);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(/NVA .* is unavailable \(HTTP 503/);
    expect(registryFailureDetails(failure)).toMatchObject({
      registry: 'nva',
      kind: 'unavailable',
      httpStatus: 503,
    });
  });

  it('fails non-retryably on a malformed answer, naming the registry and the failing path', async () => {
    await call(`${sim.url}/_admin/faults/vsaa`, 'PUT', { malformed: true });
    const failure = await failureOf(queryPayments(client, codeOf('h2-ivanova-valentina'), period, 'r-bad'));
    expect(failure.type).toBe(REGISTRY_FAILURE_TYPES.malformed);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('VSAA (POST /vsaa/v1/payments) answered a malformed payload');
    expect(failure.message).toContain('payments[0].amountEur');
  });

  it('fails retryably when the registry does not answer within the client timeout', async () => {
    await call(`${sim.url}/_admin/faults/vzd`, 'PUT', { timeout: true });
    const started = Date.now();
    const failure = await failureOf(
      queryRealProperty({ ...client, timeoutMs: 300 }, codeOf('h2-ivanova-valentina'), 'r-slow'),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failure.type).toBe(REGISTRY_FAILURE_TYPES.timeout);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('did not answer within 300 ms');
  });

  it('fails non-retryably on 4xx, without the personal code in the message', async () => {
    const code = codeOf('h3-kalnina-olga');
    const broken = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    const failure = await failureOf(queryDisability(client, broken, 'r-400'));
    expect(failure.type).toBe(REGISTRY_FAILURE_TYPES.rejected);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('HTTP 400, INVALID_PERSONAL_CODE');
    expect(failure.message).not.toContain(broken.slice(0, 6));
    expect(NON_RETRYABLE_REGISTRY_ERRORS).toEqual([
      REGISTRY_FAILURE_TYPES.malformed,
      REGISTRY_FAILURE_TYPES.rejected,
    ]);
  });

  it('fails retryably when the registry cannot be reached', async () => {
    const failure = await failureOf(
      queryAccounts({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 }, codeOf('h3-kalnina-olga'), 'r-net'),
    );
    expect(failure.type).toBe(REGISTRY_FAILURE_TYPES.network);
    expect(failure.nonRetryable).toBe(false);
  });

  it('sends bank requests asynchronously (202) and polls their state', async () => {
    const iban = fixtures.find((f) => f.id === 'h2-ivanovs-peteris')!.accounts[0]!.iban;
    await call(`${sim.url}/_admin/banks/HABALV22`, 'PUT', { neverAnswer: true });
    const accepted = await requestStatement(client, 'HABALV22', {
      requestId: 'bank-req-1',
      ibans: [iban],
      fromDate: '2026-08-01',
      toDate: '2026-10-31',
      callbackUrl: 'http://127.0.0.1:9/callbacks',
      callbackReference: 'wf-1',
    });
    expect(accepted).toMatchObject({ kind: 'ok', httpStatus: 202, data: { status: 'accepted' } });
    const polled = await pollStatement(client, 'HABALV22', 'bank-req-1');
    expect(polled).toMatchObject({ kind: 'ok', data: { status: 'accepted', result: null } });
    expect(await pollStatement(client, 'HABALV22', 'unknown')).toMatchObject({ kind: 'not-found' });
  });

  it('never puts a personal code in a URL', async () => {
    const log = (await call(`${sim.url}/_admin/requests`, 'GET')).body as { requests: { path: string }[] };
    expect(log.requests.length).toBeGreaterThan(15);
    const codes = [...fixtures.map((f) => f.person.personalCode), UNKNOWN_CODE];
    expect(fixtureCodesIn(log.requests.map((r) => r.path).join('\n'), codes)).toEqual([]);
  });
});
