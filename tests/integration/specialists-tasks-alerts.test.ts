/**
 * The specialists register's notices reach the people who act on them (issue 19): an organisation's HR user sees the
 * open tasks of their own organisation's queue (never another organisation's), and a BAC inspector sees the overdue
 * alert of a national organisation (stored without a municipality).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rigaToday } from '../../infra/clock.js';
import { DEMO_SPECIALIST_ORGANISATIONS } from '../../infra/db/specialists-demo.js';
import { newId } from '../../infra/ids.js';
import { raiseAlert } from '../../services/alerts.js';
import { createTask } from '../../services/tasks.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
const RIGA_ORG = DEMO_SPECIALIST_ORGANISATIONS[0].id;
const CESIS_ORG = DEMO_SPECIALIST_ORGANISATIONS[1].id;
const today = rigaToday();

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack.close();
});

function organisationTask(organisationId: string, municipalityCode: string) {
  return createTask(stack.orm.em.fork(), {
    idempotencyKey: `test:${newId()}`,
    queue: 'organisation',
    municipalityCode,
    kind: 'specialist-training-due',
    title: `Atgādinājums ${organisationId}`,
    description: 'Jāapgūst sākotnējā programma.',
    dueDate: today,
    source: `specialist-organisation:${organisationId}`,
  });
}

describe('HR task list', () => {
  it("shows the open tasks of the HR user's organisation and never another organisation's", async () => {
    const own = await organisationTask(RIGA_ORG, '0001000');
    const other = await organisationTask(CESIS_ORG, '0026000');
    const hr = await stack.login('hr.riga');
    const res = await stack.request('GET', '/api/v1/tasks?state=open&limit=200', { token: hr });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { items: { id: string }[] }).items.map((t) => t.id);
    expect(ids).toContain(own.task.id);
    expect(ids).not.toContain(other.task.id);
    // Another organisation's task cannot be claimed either: not found.
    const claim = await stack.request('POST', `/api/v1/tasks/${other.task.id}/claim`, { token: hr });
    expect(claim.status).toBe(404);
    const mine = await stack.request('POST', `/api/v1/tasks/${own.task.id}/claim`, { token: hr });
    expect(mine.status).toBe(200);
  });

  it("a municipality's social worker does not see the organisation's tasks", async () => {
    const own = await organisationTask(RIGA_ORG, '0001000');
    const social = await stack.login('soc.riga');
    const res = await stack.request('GET', '/api/v1/tasks?limit=200', { token: social });
    const ids = ((await res.json()) as { items: { id: string }[] }).items.map((t) => t.id);
    expect(ids).not.toContain(own.task.id);
  });
});

describe('BAC alerts', () => {
  it('a BAC inspector sees the overdue alert of a national organisation (empty municipality)', async () => {
    const subjectId = newId();
    const { alert } = await raiseAlert(stack.orm.em.fork(), {
      kind: 'overdue',
      subjectType: 'specialist',
      subjectId,
      municipalityCode: '',
      dueDate: today,
      escalationNo: 0,
      summary: 'Nokavēts sākotnējās apmācības termiņš (Valsts policija)',
      audience: ['bac'],
      idempotencyKey: `test:${subjectId}:overdue`,
    });
    const bac = await stack.login('bac.uzraugs');
    const res = await stack.request('GET', '/api/v1/alerts?state=open&subjectType=specialist', {
      token: bac,
    });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { items: { id: string }[] }).items.map((a) => a.id);
    expect(ids).toContain(alert.id);
  });
});
