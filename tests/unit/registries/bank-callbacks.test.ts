import { describe, expect, it } from '@jest/globals';
import { createBankCallbackRouter, sharedSecretVerifier } from '../../../api/routes/bank-callbacks.js';
import type { BankStatementCallback } from '../../../activities/registries/types.js';

const statement: BankStatementCallback = {
  requestId: 'bank-1',
  bankCode: 'HABALV22',
  callbackReference: 'registry-check-case-1',
  status: 'completed',
  completedAt: '2026-11-22T10:00:00.000Z',
  period: { fromDate: '2026-08-01', toDate: '2026-10-31' },
  accounts: [
    {
      iban: 'LV16HABA0551000039596',
      currency: 'EUR',
      balanceEur: 2650,
      balanceDate: '2026-11-22',
      months: [
        {
          month: '2026-08',
          inflowsEur: 486.75,
          outflowsEur: 430,
          inflows: [{ date: '2026-08-04', amountEur: 486.75, description: 'VSAA vecuma pensija' }],
        },
      ],
    },
  ],
};

function setup(
  signal: (workflowId: string, payload: BankStatementCallback) => Promise<void> = async () => {},
) {
  const received: { workflowId: string; payload: BankStatementCallback }[] = [];
  const router = createBankCallbackRouter({
    verifySecret: sharedSecretVerifier('s3cret-s3cret'),
    signalBankStatement: async (workflowId, payload) => {
      await signal(workflowId, payload);
      received.push({ workflowId, payload });
    },
  });
  const post = (body: unknown, secret: string | null = 's3cret-s3cret', bank = 'HABALV22') =>
    router.request(`/banks/${bank}/callbacks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'x-bank-callback-secret': secret }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { received, post };
}

describe('bank callback route', () => {
  it('signals the workflow named in callbackReference and answers 202', async () => {
    const { received, post } = setup();
    const res = await post(statement);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', requestId: 'bank-1' });
    expect(received).toEqual([{ workflowId: 'registry-check-case-1', payload: statement }]);
  });

  it('answers 401 problem+json on a missing or wrong secret', async () => {
    const { received, post } = setup();
    for (const secret of [null, 'wrong', 's3cret-s3cret-but-longer']) {
      const res = await post(statement, secret);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 401, title: 'Unauthorized', errors: [] });
    }
    expect(received).toHaveLength(0);
  });

  it('answers 422 naming each invalid field, 400 on a non-JSON body', async () => {
    const { post } = setup();
    const bad = await post({
      ...statement,
      accounts: [{ ...(statement.status === 'completed' && statement.accounts[0]), balanceEur: '2650,00' }],
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { type: string; errors: { path: string; message: string }[] };
    expect(problem.type).toContain('validation-error');
    expect(problem.errors.map((e) => e.path)).toEqual(['accounts.0.balanceEur']);
    expect((await post({ ...statement }, 's3cret-s3cret', 'UNLALV2X')).status).toBe(422);
    expect((await post('not json')).status).toBe(400);
  });

  it('answers 404 when the workflow is unknown, 503 when signalling fails otherwise', async () => {
    const notFound = Object.assign(new Error('workflow not found'), { name: 'WorkflowNotFoundError' });
    const res = await setup(async () => Promise.reject(notFound)).post(statement);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(
      (await setup(async () => Promise.reject(new Error('connection refused'))).post(statement)).status,
    ).toBe(503);
  });
});
