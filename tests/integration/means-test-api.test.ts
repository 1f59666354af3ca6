/**
 * Means tests through the API (issue 5): the pure calculation, the municipality settings, and a demo household's
 * cycle on the real stack (simulator, worker, Temporal, MinIO) from start to an approved status.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Case, MeansTestEntitlement, Person } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let worker: string;
let supervisor: string;
let admin: string;
let cesisWorker: string;
let caseId: string;

beforeAll(async () => {
  stack = await startTestStack();
  worker = await stack.login('soc.riga');
  supervisor = await stack.login('vad.riga');
  admin = await stack.login('admin');
  cesisWorker = await stack.login('soc.cesis');
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
}, 120_000);
afterAll(async () => {
  await stack.close();
});

const EXAMPLE = {
  date: '2026-03-15',
  municipalityCode: '0001000',
  members: [
    { birthDate: '1985-02-01', disabilityGroup: null, monthlyIncomeEur: 250.0 },
    { birthDate: '2015-06-10', disabilityGroup: null, monthlyIncomeEur: 0 },
  ],
  savingsEur: 0,
  extraProperty: false,
  nonConformity: false,
};

async function calc(body: unknown, token = worker): Promise<Response> {
  return stack.request('POST', '/api/v1/means-tests/calculate', { token, json: body });
}
async function errorPaths(res: Response): Promise<string[]> {
  const body = (await res.json()) as { errors?: { path: string }[] };
  return (body.errors ?? []).map((e) => e.path);
}

describe('POST /api/v1/means-tests/calculate', () => {
  it("answers the issue's example: needy, 3 months, GMI 68.00", async () => {
    const res = await calc(EXAMPLE);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'needy',
      periodMonths: 3,
      validFrom: '2026-03-01',
      validTo: '2026-05-31',
      householdIncomeEur: 250,
      thresholds: { gmiEur: 318, needyEur: 723, lowIncomeEur: 1156 },
      gmiBenefitEur: 68,
      workingAgeMembers: 1,
    });
    expect((body.reasons as string[]).length).toBeGreaterThan(0);
  });

  it('answers not-eligible with null validity and no benefit', async () => {
    const res = await calc({
      ...EXAMPLE,
      members: [{ birthDate: '1985-02-01', disabilityGroup: null, monthlyIncomeEur: 2000 }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'not-eligible',
      periodMonths: null,
      validFrom: null,
      validTo: null,
      gmiBenefitEur: 0,
    });
  });

  it('is allowed to supervisors, not to admins or auditors', async () => {
    expect((await calc(EXAMPLE, supervisor)).status).toBe(200);
    expect((await calc(EXAMPLE, admin)).status).toBe(403);
  });

  it.each([
    ['a date before the first table entry', { ...EXAMPLE, date: '2024-12-31' }, 'date'],
    ['an empty household', { ...EXAMPLE, members: [] }, 'members'],
    [
      'a negative income',
      { ...EXAMPLE, members: [{ birthDate: '1985-02-01', disabilityGroup: null, monthlyIncomeEur: -1 }] },
      'members[0].monthlyIncomeEur',
    ],
    ['an unknown municipality', { ...EXAMPLE, municipalityCode: '9999999' }, 'municipalityCode'],
  ])('answers 422 naming the field for %s', async (_name, body, path) => {
    const res = await calc(body);
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toContain(path);
  });
});

describe('PUT /api/v1/municipalities/{atvk}/settings', () => {
  const setting = { lowIncomeThreshold: { firstEur: 600, otherEur: 420 }, effectiveFrom: '2026-01-01' };

  it('refuses workers and supervisors of another municipality', async () => {
    expect(
      (
        await stack.request('PUT', '/api/v1/municipalities/0001000/settings', {
          token: worker,
          json: setting,
        })
      ).status,
    ).toBe(403);
    const cesisSupervisorLike = await stack.request('PUT', '/api/v1/municipalities/0026000/settings', {
      token: supervisor,
      json: setting,
    });
    expect(cesisSupervisorLike.status).toBe(403);
    expect(cesisWorker).toBeTruthy();
  });

  it('answers 422 above the maximum or below the needy threshold', async () => {
    const above = await stack.request('PUT', '/api/v1/municipalities/0001000/settings', {
      token: supervisor,
      json: { ...setting, lowIncomeThreshold: { firstEur: 681, otherEur: 420 } },
    });
    expect(above.status).toBe(422);
    expect(await errorPaths(above)).toEqual(['lowIncomeThreshold.firstEur']);
    const below = await stack.request('PUT', '/api/v1/municipalities/0001000/settings', {
      token: admin,
      json: { ...setting, lowIncomeThreshold: { firstEur: 600, otherEur: 297 } },
    });
    expect(below.status).toBe(422);
    expect(await errorPaths(below)).toEqual(['lowIncomeThreshold.otherEur']);
  });

  it('answers 404 problem+json for a municipality that is not in the register', async () => {
    const res = await stack.request('PUT', '/api/v1/municipalities/9999999/settings', {
      token: admin,
      json: setting,
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toBe('no municipality 9999999');
  });

  it("stores the supervisor's setting and the calculation uses it", async () => {
    const put = await stack.request('PUT', '/api/v1/municipalities/0001000/settings', {
      token: supervisor,
      json: setting,
    });
    expect(put.status).toBe(200);
    const res = await calc(EXAMPLE);
    expect(((await res.json()) as { thresholds: { lowIncomeEur: number } }).thresholds.lowIncomeEur).toBe(
      1020,
    );
    // Other municipalities still use the maximum.
    const cesis = await calc({ ...EXAMPLE, municipalityCode: '0026000' });
    expect(((await cesis.json()) as { thresholds: { lowIncomeEur: number } }).thresholds.lowIncomeEur).toBe(
      1156,
    );
    const list = await stack.request('GET', '/api/v1/municipalities/0001000/settings', { token: admin });
    expect(await list.json()).toEqual([{ municipalityCode: '0001000', ...setting }]);
  });
});

interface CycleBody {
  id: string;
  state: string;
  result: { status: string; gmiBenefitEur: number } | null;
  current?: { declaration: { members: { personId: string; averageMonthlyEur: number }[] } | null };
  validity: { validFrom: string; validTo: string } | null;
  history:
    | { decision: unknown; corrections: unknown[]; evidence: { members: { vid: string | null }[] } | null }[]
    | null;
  entitlements: { month: string; amountEur: number }[];
  declarationDocumentId: string | null;
  decisionDocumentId: string | null;
}

async function waitForState(id: string, state: string): Promise<CycleBody> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await stack.request('GET', `/api/v1/means-tests/${id}`, { token: worker });
    expect(res.status).toBe(200);
    const body = (await res.json()) as CycleBody;
    if (body.state === state) return body;
    if (Date.now() > deadline) throw new Error(`means test still ${body.state}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('the means-test cycle through the API', () => {
  let id: string;

  it('starts a cycle (202) and answers 409 with the existing id for a second one', async () => {
    const start = await stack.request('POST', '/api/v1/means-tests', {
      token: worker,
      json: { caseId, applicationDate: '2026-11-10' },
    });
    expect(start.status).toBe(202);
    const body = (await start.json()) as { id: string; workflowId: string; state: string };
    expect(body.state).toBe('collecting');
    id = body.id;
    const again = await stack.request('POST', '/api/v1/means-tests', { token: worker, json: { caseId } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { existingId: string }).existingId).toBe(id);
  });

  it('hides the cycle from another municipality', async () => {
    expect((await stack.request('GET', `/api/v1/means-tests/${id}`, { token: cesisWorker })).status).toBe(
      404,
    );
  });

  it('drafts the declaration with evidence, takes a correction and an approval', async () => {
    const drafted = await waitForState(id, 'awaiting-decision');
    expect(drafted.declarationDocumentId).toEqual(expect.any(String));
    // Awaiting a decision: the supervisor's list shows its decision deadline.
    const due = (await (
      await stack.request('GET', '/api/v1/means-tests/expiring', { token: supervisor })
    ).json()) as {
      decisionsDue: { id: string; state: string; decisionDeadline: string | null }[];
    };
    expect(due.decisionsDue.find((d) => d.id === id)).toMatchObject({
      state: 'awaiting-decision',
      decisionDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const members = drafted.current?.declaration?.members ?? [];
    expect(members.length).toBeGreaterThanOrEqual(1);
    expect(drafted.history?.[0]?.evidence?.members[0]?.vid).toEqual(expect.any(String));

    const doc = await stack.request(
      'GET',
      `/api/v1/cases/${caseId}/documents/${drafted.declarationDocumentId}/content`,
      {
        token: worker,
      },
    );
    expect(doc.status).toBe(200);
    expect(await doc.text()).toMatch(/IZTIKAS LĪDZEKĻU DEKLARĀCIJA/);

    const noReason = await stack.request('POST', `/api/v1/means-tests/${id}/decision`, {
      token: worker,
      json: { decision: 'refuse' },
    });
    expect(noReason.status).toBe(422);

    const corrected = await stack.request('POST', `/api/v1/means-tests/${id}/corrections`, {
      token: worker,
      json: {
        field: 'monthlyIncomeEur',
        memberId: members[0]?.personId,
        value: 100,
        reason: 'Izziņa no darba devēja',
      },
    });
    expect(corrected.status).toBe(200);
    const afterCorrection = (await corrected.json()) as CycleBody;
    expect(afterCorrection.history?.at(-1)?.corrections).toHaveLength(1);

    const decided = await stack.request('POST', `/api/v1/means-tests/${id}/decision`, {
      token: worker,
      json: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    const active = await waitForState(id, 'active');
    expect(active.validity?.validFrom).toBe('2026-11-01');
    expect(active.decisionDocumentId).toEqual(expect.any(String));
    const letter = await stack.request(
      'GET',
      `/api/v1/cases/${caseId}/documents/${active.decisionDocumentId}/content`,
      {
        token: worker,
      },
    );
    expect(await letter.text()).toMatch(/LĒMUMS/);
    // Entitlement rows exist exactly for a needy status with a benefit; otherwise there are none.
    const rows = await stack.orm.em.fork().find(MeansTestEntitlement, { cycleId: id });
    const benefit = active.result?.status === 'needy' && active.result.gmiBenefitEur > 0;
    expect({ benefit, rows: rows.length > 0 }).toEqual({ benefit, rows: benefit });
    expect(active.entitlements.length).toBe(rows.length);
  }, 120_000);

  it('refuses a reapply or change without a body, or with an impossible date, with 422 and the path', async () => {
    const before = (await (
      await stack.request('GET', `/api/v1/means-tests/${id}`, { token: worker })
    ).json()) as {
      evaluationNo: number;
    };
    for (const action of ['reapply', 'change']) {
      const empty = await stack.request('POST', `/api/v1/means-tests/${id}/${action}`, { token: worker });
      expect(empty.status).toBe(422);
      expect(await errorPaths(empty)).toEqual(['(body)']);
      const badDate = await stack.request('POST', `/api/v1/means-tests/${id}/${action}`, {
        token: worker,
        json: { date: '2026-02-30' },
      });
      expect(badDate.status).toBe(422);
      expect(await errorPaths(badDate)).toEqual(['date']);
    }
    const start = await stack.request('POST', '/api/v1/means-tests', {
      token: worker,
      json: { caseId, applicationDate: '2026-02-30' },
    });
    expect(start.status).toBe(422);
    expect(await errorPaths(start)).toEqual(['applicationDate']);
    const after = (await (
      await stack.request('GET', `/api/v1/means-tests/${id}`, { token: worker })
    ).json()) as {
      evaluationNo: number;
    };
    expect(after.evaluationNo).toBe(before.evaluationNo);
  });

  it('once decided, the cycle leaves the decisions-due list; the list is the supervisor’s only', async () => {
    const res = await stack.request('GET', '/api/v1/means-tests/expiring', { token: supervisor });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { decisionsDue: { id: string }[]; expiring: { id: string }[] };
    expect(body.decisionsDue.map((d) => d.id)).not.toContain(id);
    expect((await stack.request('GET', '/api/v1/means-tests/expiring', { token: worker })).status).toBe(403);
  });
});
