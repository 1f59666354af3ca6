/**
 * The task inbox: the /tasks screen (filters, counts, claim and complete with CSRF), the admin queue, and a
 * completion that signals the workflow waiting on the task.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TASK_COMPLETED_SIGNAL, type TaskCompletion } from '../../domain/tasks.js';
import { Task } from '../../infra/db/entities/index.js';
import { createTask } from '../../services/tasks.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { createPayloadCodecs } from '../../temporal/payload-codec.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

/** Signs in through the login screen; returns the cookie header and the session's CSRF token. */
async function webLogin(username: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${stack.baseUrl}/login`);
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${stack.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ username, password: 'demo', _csrf: token }).toString(),
  });
  expect(res.status).toBe(303);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('digisoc_session=')) ?? '';
  const cookie = session.split(';')[0] ?? '';
  const page = await (await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

function form(cookie: string, body: Record<string, string>) {
  return {
    method: 'POST',
    redirect: 'manual' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(body).toString(),
  };
}

describe('the /tasks screen', () => {
  it('shows the municipality queue with counts; claims and completes with CSRF', async () => {
    const { task } = await createTask(stack.orm.em.fork(), {
      idempotencyKey: `screen-test-1`,
      municipalityCode: '0001000',
      kind: 'dms-application',
      title: 'Izskatīt pakalpojuma pieprasījumu: aprūpe mājās',
      description: 'Iesniegums SD/2026/1-2/77',
      dueDate: '2026-12-01',
      source: 'test',
    });
    const again = await createTask(stack.orm.em.fork(), {
      idempotencyKey: `screen-test-1`,
      municipalityCode: '0001000',
      kind: 'dms-application',
      title: 'x',
      description: 'x',
      source: 'test',
    });
    expect(again).toMatchObject({ created: false, task: { id: task.id } });

    const web = await webLogin('soc.riga');
    const html = await (await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: web.cookie } })).text();
    expect(html).toContain('Izskatīt pakalpojuma pieprasījumu: aprūpe mājās');
    expect(html).toContain(`/tasks/${task.id}/claim`);
    expect(html).toMatch(/Nepiešķirtie \(\d+\)/);

    // Another municipality does not see it.
    const cesis = await webLogin('soc.cesis');
    expect(
      await (await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: cesis.cookie } })).text(),
    ).not.toContain(task.id);

    // Without the CSRF token: refused.
    expect((await fetch(`${stack.baseUrl}/tasks/${task.id}/claim`, form(web.cookie, {}))).status).toBe(403);
    const claim = await fetch(
      `${stack.baseUrl}/tasks/${task.id}/claim`,
      form(web.cookie, { _csrf: web.csrf }),
    );
    expect(claim.status).toBe(303);
    const mine = await (
      await fetch(`${stack.baseUrl}/tasks?state=claimed&assignee=me`, { headers: { cookie: web.cookie } })
    ).text();
    expect(mine).toContain(`/tasks/${task.id}/complete`);

    const done = await fetch(
      `${stack.baseUrl}/tasks/${task.id}/complete`,
      form(web.cookie, { _csrf: web.csrf, outcome: 'Pakalpojums piešķirts' }),
    );
    expect(done.status).toBe(303);
    const row = await stack.orm.em.fork().findOneOrFail(Task, { id: task.id });
    expect(row).toMatchObject({
      state: 'completed',
      completedBy: 'soc.riga',
      outcome: 'Pakalpojums piešķirts',
    });
  });

  it('administrators see the admin queue only', async () => {
    const { task } = await createTask(stack.orm.em.fork(), {
      idempotencyKey: 'admin-alert-test',
      queue: 'admin',
      municipalityCode: '0001000',
      kind: 'dms-outbound-failing',
      title: 'Namejs nepieņem lēmumu reģistrēšanai (24 hours)',
      description: 'test',
      source: 'test',
    });
    const admin = await stack.login('admin');
    const list = (await (await stack.request('GET', '/api/v1/tasks', { token: admin })).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((t) => t.id)).toEqual([task.id]);
    const worker = await stack.login('soc.riga');
    const theirs = (await (await stack.request('GET', '/api/v1/tasks', { token: worker })).json()) as {
      items: { id: string }[];
    };
    expect(theirs.items.map((t) => t.id)).not.toContain(task.id);
  });
});

describe('a workflow waiting on a task', () => {
  it('is signalled with the outcome when the task is completed', async () => {
    const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
    const queue = `${stack.taskQueue}-task-waiter`;
    const worker = await Worker.create({
      connection,
      taskQueue: queue,
      workflowsPath: path.resolve('tests/integration/support/task-waiter-workflow.ts'),
      dataConverter: { payloadCodecs: createPayloadCodecs(stack.config.temporal.payloadKey) },
    });
    try {
      await worker.runUntil(async () => {
        const workflowId = `task-waiter-${Date.now()}`;
        const handle = await stack.deps.temporal.client.workflow.start('taskWaiter', {
          taskQueue: queue,
          workflowId,
        });
        const { task } = await createTask(stack.orm.em.fork(), {
          idempotencyKey: `waiter-${workflowId}`,
          municipalityCode: '0001000',
          kind: 'test-human-step',
          title: 'Apstiprināt',
          description: 'test',
          source: workflowId,
          workflowId,
          signalName: TASK_COMPLETED_SIGNAL,
        });
        const token = await stack.login('vad.riga');
        const res = await stack.request('POST', `/api/v1/tasks/${task.id}/complete`, {
          token,
          json: { outcome: 'Apstiprināts' },
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { workflowSignalled: boolean }).workflowSignalled).toBe(true);
        const result = (await handle.result()) as TaskCompletion;
        expect(result).toMatchObject({ taskId: task.id, outcome: 'Apstiprināts', completedBy: 'vad.riga' });
      });
    } finally {
      await connection.close();
    }
  });
});
