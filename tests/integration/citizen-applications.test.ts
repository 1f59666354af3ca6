/**
 * "Mani pieteikumi un lēmumi": Jānis sees his means-test application with its plain-language state and deadline,
 * then the status in force with its validity and the decision to download once the worker approves; his minor
 * child's letter (PMLP family link) too; Olga sees none of it and cannot download it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { signInCitizen, type CitizenBrowser } from '../helpers/citizen.js';
import { Case, Person } from '../../infra/db/entities/index.js';
import { storeSystemDocument } from '../../services/documents.js';

const JANIS = '140384-19729';
const OLGA = '051290-19726';
const CHILD = '210515-27324';

interface Cycle {
  state: string;
  decisionDocumentId: string | null;
  current?: { declaration?: { members: { personId: string }[] } | null };
}

describe('my applications and decisions', () => {
  let stack: TestStack;
  let worker: string;
  let cycleId: string;
  let decisionId: string;
  let childLetterId: string;
  let janis: CitizenBrowser;

  async function cycle(): Promise<Cycle> {
    return (await (
      await stack.request('GET', `/api/v1/means-tests/${cycleId}`, { token: worker })
    ).json()) as Cycle;
  }
  async function waitFor(state: string): Promise<Cycle> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const body = await cycle();
      if (body.state === state) return body;
      if (Date.now() > deadline) throw new Error(`means test still ${body.state}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  beforeAll(async () => {
    stack = await startTestStack();
    worker = await stack.login('soc.riga');
    const em = stack.orm.em.fork();
    const person = await em.findOneOrFail(Person, { personalCode: JANIS });
    const caseId = (await em.findOneOrFail(Case, { personId: person.id })).id;
    const start = await stack.request('POST', '/api/v1/means-tests', {
      token: worker,
      json: { caseId, applicationDate: '2026-11-10' },
    });
    expect(start.status).toBe(202);
    cycleId = ((await start.json()) as { id: string }).id;

    // The child's own case file holds a letter to the legal representative.
    const child = await stack.request('POST', '/api/v1/persons', {
      token: worker,
      json: { personalCode: CHILD, firstName: 'Anna', lastName: 'Bērziņa' },
    });
    const childId = ((await child.json()) as { id: string }).id;
    const childCase = await stack.request('POST', '/api/v1/cases', {
      token: worker,
      json: { personId: childId },
    });
    expect(childCase.status).toBe(201);
    childLetterId = (
      await storeSystemDocument(stack.orm.em.fork(), stack.store, {
        caseId: ((await childCase.json()) as { id: string }).id,
        title: 'Uzaicinājums uz pārrunām',
        type: 'letter',
        source: 'generated',
        fileName: 'uzaicinajums.txt',
        contentType: 'text/plain',
        actor: 'soc.riga',
        idempotencyKey: `test-letter-${Date.now()}`,
        body: Buffer.from('Uzaicinājums'),
        event: { type: 'letter.sent', summary: 'Vēstule' },
      })
    ).documentId;
    janis = await signInCitizen(stack.baseUrl, JANIS);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the application in plain Latvian with its deadline, and the child’s section', async () => {
    const res = await janis.fetch('/e-pakalpojumi/pieteikumi');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Materiālās situācijas izvērtēšana');
    expect(html).toMatch(
      /Saņemts; sociālais dienests pārbauda ziņas valsts reģistros|Ziņas pārbaudītas; gaida lēmumu/,
    );
    expect(html).toMatch(/lēmum[us]\s[\s\S]*?līdz \d{2}\.\d{2}\.\d{4}/);
    expect(html).toContain('Rīgas sociālais dienests');
    expect(html).toContain('Bērns: Anna Bērziņa');
    expect(html).toContain('Uzaicinājums uz pārrunām');
    expect(html).not.toContain(CHILD);
  });

  it('shows the status in force with its validity and the decision to download after approval', async () => {
    const drafted = await waitFor('awaiting-decision');
    // The household's registered incomes are above the thresholds; the worker records lower ones (as after a job
    // loss and savings used up) so the status is granted.
    for (const member of drafted.current?.declaration?.members ?? []) {
      const corrected = await stack.request('POST', `/api/v1/means-tests/${cycleId}/corrections`, {
        token: worker,
        json: { field: 'monthlyIncomeEur', memberId: member.personId, value: 50, reason: 'Darba zaudējums' },
      });
      expect(corrected.status).toBe(200);
    }
    const savings = await stack.request('POST', `/api/v1/means-tests/${cycleId}/corrections`, {
      token: worker,
      json: { field: 'savingsEur', value: 0, reason: 'Konts slēgts, līdzekļi izlietoti' },
    });
    expect(savings.status).toBe(200);
    const decided = await stack.request('POST', `/api/v1/means-tests/${cycleId}/decision`, {
      token: worker,
      json: { decision: 'approve' },
    });
    expect({ status: decided.status, body: decided.status === 200 ? null : await decided.text() }).toEqual({
      status: 200,
      body: null,
    });
    decisionId = (await waitFor('active')).decisionDocumentId!;
    const html = await (await janis.fetch('/e-pakalpojumi/pieteikumi')).text();
    expect(html).toContain('Statuss piešķirts');
    expect(html).toMatch(
      /(Trūcīga|Maznodrošināta) mājsaimniecība<\/strong> — spēkā no 01\.11\.2026 līdz \d{2}\.\d{2}\.\d{4}/,
    );
    expect(html).toContain(`href="/e-pakalpojumi/dokumenti/${decisionId}"`);
    const file = await janis.fetch(`/e-pakalpojumi/dokumenti/${decisionId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(await file.text()).toMatch(/LĒMUMS/);
    const childFile = await janis.fetch(`/e-pakalpojumi/dokumenti/${childLetterId}`);
    expect(childFile.status).toBe(200);
  });

  it('shows Olga nothing of Jānis’s family and refuses her their documents (404)', async () => {
    const olga = await signInCitizen(stack.baseUrl, OLGA);
    const html = await (await olga.fetch('/e-pakalpojumi/pieteikumi')).text();
    expect(html).not.toContain('Bērziņ');
    expect(html).not.toContain(decisionId);
    expect(html).not.toContain(childLetterId);
    for (const id of [decisionId, childLetterId]) {
      const res = await olga.fetch(`/e-pakalpojumi/dokumenti/${id}`);
      expect(res.status).toBe(404);
    }
    // Registry evidence is never a citizen download, even of one's own case.
    const em = stack.orm.em.fork();
    const evidence = await em
      .getConnection()
      .execute<{ id: string }[]>(
        "select d.id from documents d join cases c on c.id = d.case_id join persons p on p.id = c.person_id where p.personal_code = ? and d.type = 'registry-evidence' limit 1",
        [JANIS],
      );
    expect(evidence.length).toBe(1);
    expect((await janis.fetch(`/e-pakalpojumi/dokumenti/${evidence[0]!.id}`)).status).toBe(404);
  });
});
