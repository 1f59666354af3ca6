/** Objects of one municipality created through the API (and task/alert rows), shared by the matrices. */
import { Alert, Task } from '../../../infra/db/entities/index.js';
import { newId } from '../../../infra/ids.js';
import type { TestStack } from '../../helpers/test-stack.js';
import { pdfBytes } from '../../helpers/files.js';
import { CHILD_BIRTH_DATE, type Objects } from './object-matrix.js';

export const code = () => {
  const n = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `32${n.slice(0, 4)}-${n.slice(4)}`;
};
export const upload = () => {
  const f = new FormData();
  f.append('title', 'Matrica');
  f.append('type', 'other');
  f.append('file', new Blob([new Uint8Array(pdfBytes('object-matrix'))]), 'm.pdf');
  return f;
};

export async function ok<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A municipality's case, person (a child), document, means test, service, placement, task and alert. */
export async function createObjects(
  stack: TestStack,
  into: Objects,
  token: string,
  municipality: string,
): Promise<void> {
  into.personalCode = code();
  into.person = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/persons', {
        token,
        json: {
          personalCode: into.personalCode,
          firstName: 'Matīss',
          lastName: 'Matrica',
          birthDate: CHILD_BIRTH_DATE,
        },
      }),
      201,
    )
  ).id;
  into.case = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/cases', { token, json: { personId: into.person } }),
      201,
    )
  ).id;
  into.document = (
    await ok<{ id: string }>(
      stack.request('POST', `/api/v1/cases/${into.case}/documents`, { token, body: upload() }),
      201,
    )
  ).id;
  into.meansTest = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/means-tests', { token, json: { caseId: into.case } }),
      202,
    )
  ).id;
  into.service = (
    await ok<{ id: string }>(
      stack.request('POST', `/api/v1/cases/${into.case}/services`, {
        token,
        json: { serviceType: 'home-care' },
      }),
      202,
    )
  ).id;
  into.placement = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/placements', {
        token,
        json: {
          childPersonId: into.person,
          institution: { code: 'BSAC-MATRICA', name: 'Matricas centrs' },
          orphanCourtAtvk: municipality,
          startDate: new Date().toISOString().slice(0, 10),
        },
      }),
      201,
    )
  ).id;
  // Tasks and alerts are made by workflows (a worker is not needed for this matrix): rows like theirs.
  const em = stack.orm.em.fork();
  into.task = newId();
  em.create(Task, {
    id: into.task,
    queue: 'municipality',
    municipalityCode: municipality,
    caseId: into.case,
    kind: 'matrix-check',
    title: 'Matricas uzdevums',
    description: 'Pārbaude',
    state: 'open',
    assignee: null,
    dueDate: null,
    source: 'object-access-matrix',
    idempotencyKey: `object-matrix-${into.task}`,
    workflowId: null,
    signalName: null,
    data: null,
    outcome: null,
    createdAt: new Date(),
    claimedAt: null,
    completedAt: null,
    completedBy: null,
  });
  into.alert = newId();
  em.create(Alert, {
    id: into.alert,
    kind: 'overdue',
    subjectType: 'placement',
    subjectId: into.placement,
    caseId: into.case,
    municipalityCode: municipality,
    orphanCourtAtvk: municipality,
    dueDate: '2026-01-01',
    escalationNo: 0,
    idempotencyKey: `object-matrix-${into.alert}`,
    audience: ['supervisor'],
    recipients: [],
    summary: 'Matricas brīdinājums',
    state: 'open',
    createdAt: new Date(),
    mailClaimedAt: null,
    mailedAt: null,
    ackBy: null,
    ackAt: null,
  });
  await em.flush();
}
