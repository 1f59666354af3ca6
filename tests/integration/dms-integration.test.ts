/**
 * The DMS integration end to end: signed webhooks in both dialects (valid, invalid, expired, replayed, rotated
 * secrets), duplicate delivery, intake → case-file document + task + DMS confirmation, unknown applicant → triage,
 * the task inbox, and an outbound decision letter delivered through a DMS outage with exactly one registration.
 * Real stack: API, worker, Temporal, MinIO and the DMS simulator process.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { namejsPayload, lietvarisPayload, SAMPLE_PDF } from '../../simulators/dms/app.js';
import { signedHeaders } from '../../domain/dms/signature.js';
import {
  Case,
  DmsIntake,
  DmsOutbound,
  Document,
  IntegrationSecret,
  Person,
  Task,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { findOrCreatePerson, openCase } from '../../services/case-file.js';
import { sendDecisionToDms } from '../../services/dms.js';
import { storeSystemDocument } from '../../services/documents.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const RIGA = '0001000';
const CESIS = '0026000';
const JANIS = { personalCode: '140384-19729', firstName: 'Jānis', lastName: 'Bērziņš' };
const RAIMONDS = { personalCode: '300675-18179', firstName: 'Raimonds', lastName: 'Ozols' };
const UNKNOWN = { personalCode: '010190-12349', firstName: 'Anna', lastName: 'Nezināmā' };
const SECRET = 'demo-dms-secret';
const sim = () => process.env.DIGISOC_DMS_SIM_URL ?? '';

let stack: TestStack;
let worker: string;
let janisCaseId: string;

beforeAll(async () => {
  stack = await startTestStack();
  worker = await stack.login('soc.riga');
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: JANIS.personalCode });
  janisCaseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
});
afterAll(async () => {
  await fetch(`${sim()}/_admin/faults`, { method: 'DELETE' }).catch(() => undefined);
  await stack.close();
});

const uniq = () => randomBytes(4).toString('hex');

function namejsBody(applicant = JANIS, documentType = 'SD-ILD', id = `NMJ-T-${uniq()}`) {
  return { id, raw: JSON.stringify(namejsPayload({ id, seq: 1, atvk: RIGA, documentType, applicant })) };
}

async function post(
  system: string,
  raw: string,
  headers: Record<string, string> = signedHeaders(SECRET, raw),
): Promise<Response> {
  return stack.request('POST', `/api/v1/integrations/dms/${system}/documents`, {
    body: raw,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Received {
  outbound: {
    idempotencyKey: string;
    deliveries: number;
    registrations: number;
    registrationNumber: string;
    fileBytes: number;
  }[];
  confirmations: {
    idempotencyKey: string;
    documentId: string;
    deliveries: number;
    body: Record<string, unknown>;
  }[];
}
async function received(): Promise<Received> {
  return (await (await fetch(`${sim()}/_admin/received`)).json()) as Received;
}

describe('inbound webhook authentication', () => {
  it('accepts a correctly signed Namejs document (202 {intakeId})', async () => {
    const { raw } = namejsBody();
    const res = await post('namejs', raw);
    expect(res.status).toBe(202);
    expect((await res.json()) as { intakeId: string }).toEqual({ intakeId: expect.any(String) });
  });

  it('refuses a wrong signature, a missing one and a tampered body with 401 problem+json', async () => {
    const { raw } = namejsBody();
    const wrong = await post('namejs', raw, signedHeaders('not-the-secret', raw));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await wrong.json()) as { detail: string }).detail).toMatch(/signature/);
    expect((await post('namejs', raw, {})).status).toBe(401);
    const tampered = raw.replace('Iesniegums', 'Izmainīts');
    expect((await post('namejs', tampered, signedHeaders(SECRET, raw))).status).toBe(401);
  });

  it('refuses an expired (replayed) timestamp and one too far in the future', async () => {
    const { raw } = namejsBody();
    const now = Math.floor(Date.now() / 1000);
    const old = await post('namejs', raw, signedHeaders(SECRET, raw, now - 330));
    expect(old.status).toBe(401);
    expect(((await old.json()) as { detail: string }).detail).toMatch(/5 minutes/);
    expect((await post('namejs', raw, signedHeaders(SECRET, raw, now + 330))).status).toBe(401);
    // Within the window it is fine.
    expect((await post('namejs', raw, signedHeaders(SECRET, raw, now - 200))).status).toBe(202);
  });

  it('accepts both secrets during a rotation, and refuses the retired one', async () => {
    const em = stack.orm.em.fork();
    const hour = 3600_000;
    const now = Date.now();
    const mk = (secret: string, from: number, to: number | null) =>
      em.create(IntegrationSecret, {
        id: newId(),
        municipalityCode: RIGA,
        system: 'namejs',
        secret,
        validFrom: new Date(from),
        validTo: to === null ? null : new Date(to),
        createdAt: new Date(),
      });
    mk('riga-namejs-2025', now - 400 * 24 * hour, now - hour); // retired
    mk('riga-namejs-2026-a', now - 30 * 24 * hour, now + 24 * hour); // old, still valid during the overlap
    mk('riga-namejs-2026-b', now - hour, null); // new
    await em.flush();
    try {
      for (const secret of ['riga-namejs-2026-a', 'riga-namejs-2026-b']) {
        // Malformed on purpose (422 after a valid signature): no intake, so no confirmation goes out signed
        // with a secret the simulator does not know.
        const raw = JSON.stringify({
          eventType: 'document.registered',
          document: { institution: { atvk: RIGA } },
        });
        expect((await post('namejs', raw, signedHeaders(secret, raw))).status).toBe(422);
      }
      const raw = JSON.stringify({
        eventType: 'document.registered',
        document: { institution: { atvk: RIGA } },
      });
      expect((await post('namejs', raw, signedHeaders('riga-namejs-2025', raw))).status).toBe(401);
      // A secret of another system is not valid for this one.
      const l = JSON.stringify(
        lietvarisPayload({
          id: Number(`9${Date.now() % 1e8}`),
          seq: 2,
          atvk: RIGA,
          documentType: 'ILD_IESNIEGUMS',
          applicant: JANIS,
        }),
      );
      expect((await post('lietvaris', l, signedHeaders('riga-namejs-2026-b', l))).status).toBe(401);
    } finally {
      await stack.orm.em.fork().nativeDelete(IntegrationSecret, { municipalityCode: RIGA });
    }
  });

  it('answers 422 with field paths for a signed but invalid document, and for a file that is not accepted', async () => {
    const raw = JSON.stringify({
      eventType: 'document.registered',
      document: { id: 'x', institution: { atvk: RIGA } },
    });
    const res = await post('namejs', raw);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['document.registrationNumber', 'document.author']),
    );
    const id = `NMJ-T-${uniq()}`;
    const payload = namejsPayload({ id, seq: 3, atvk: RIGA, documentType: 'SD-ILD', applicant: JANIS });
    payload.document.files = [
      {
        fileName: 'x.exe',
        mimeType: 'application/pdf',
        contentBase64: Buffer.from([0x4d, 0x5a, 0, 0, 1, 2]).toString('base64'),
      },
    ];
    const bad = await post('namejs', JSON.stringify(payload));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      'document.files.0.contentBase64',
    );
    expect((await post('sopa', raw)).status).toBe(404);
  });

  it('answers 422 on the dialect’s ATVK field for a municipality that is not in the register', async () => {
    const namejs = namejsPayload({
      id: `NMJ-T-${uniq()}`,
      seq: 4,
      atvk: '9999999',
      documentType: 'SD-ILD',
      applicant: JANIS,
    });
    const lietvaris = lietvarisPayload({
      id: Number(`8${Date.now() % 1e8}`),
      seq: 4,
      atvk: '9999999',
      documentType: 'ILD_IESNIEGUMS',
      applicant: JANIS,
    });
    for (const [system, payload, path] of [
      ['namejs', namejs, 'document.institution.atvk'],
      ['lietvaris', lietvaris, 'pasvaldiba_atvk'],
    ] as const) {
      const res = await post(system, JSON.stringify(payload));
      expect([system, res.status]).toEqual([system, 422]);
      const body = (await res.json()) as { detail: string; errors: { path: string; message: string }[] };
      expect([system, body.detail, body.errors]).toEqual([
        system,
        'unknown municipality',
        [{ path, message: 'not a known ATVK code' }],
      ]);
    }
  });
});

describe('intake', () => {
  it('files the application in the case, creates a task and confirms to the DMS; a redelivery changes nothing', async () => {
    const { id, raw } = namejsBody(JANIS, 'SD-PAK-APRUPE-MAJAS');
    const first = await post('namejs', raw);
    expect(first.status).toBe(202);
    const { intakeId } = (await first.json()) as { intakeId: string };
    // The DMS retries (new timestamp, same document) — concurrently, too.
    const again = await Promise.all([post('namejs', raw), post('namejs', raw)]);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(((await r.json()) as { intakeId: string }).intakeId).toBe(intakeId);
    }

    const intake = await eventually(async () => {
      const row = await stack.orm.em.fork().findOne(DmsIntake, { id: intakeId });
      return row?.state === 'confirmed' ? row : null;
    }, 'the intake to be confirmed');
    expect(intake.caseId).toBe(janisCaseId);
    expect(intake.classification).toBe('social-service');
    const em = stack.orm.em.fork();
    expect(await em.count(DmsIntake, { system: 'namejs', dmsDocumentId: id })).toBe(1);
    const tasks = await em.find(Task, { source: intakeId });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.caseId).toBe(janisCaseId);
    expect(tasks[0]?.kind).toBe('dms-application');
    const docs = await em.find(Document, {
      caseId: janisCaseId,
      source: 'dms',
      idempotencyKey: { $like: `dms-intake:${intakeId}:%` },
    });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.dmsRegistrationNumber).toBe(intake.registrationNumber);

    const content = await stack.request(
      'GET',
      `/api/v1/cases/${janisCaseId}/documents/${docs[0]?.id}/content`,
      { token: worker },
    );
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);

    const conf = (await received()).confirmations.filter((c) => c.documentId === id);
    expect(conf).toHaveLength(1);
    expect(String(conf[0]?.body.note)).toMatch(/Reģistrēts DigiSoc lietā 0001000-/);
  });

  it('Lietvaris dialect: an application for an unknown applicant becomes a triage task without a case', async () => {
    const dokId = Number(`7${Date.now() % 1e8}`);
    const raw = JSON.stringify(
      lietvarisPayload({
        id: dokId,
        seq: 5,
        atvk: CESIS,
        documentType: 'ILD_IESNIEGUMS',
        applicant: UNKNOWN,
      }),
    );
    const res = await post('lietvaris', raw);
    expect(res.status).toBe(202);
    const { intakeId } = (await res.json()) as { intakeId: string };
    const intake = await eventually(async () => {
      const row = await stack.orm.em.fork().findOne(DmsIntake, { id: intakeId });
      return row?.state === 'confirmed' ? row : null;
    }, 'triage intake to be confirmed');
    expect(intake.caseId).toBeNull();
    const task = await stack.orm.em.fork().findOneOrFail(Task, { source: intakeId });
    expect(task.kind).toBe('dms-triage');
    expect(task.municipalityCode).toBe(CESIS);
    expect(task.caseId).toBeNull();
    const conf = (await received()).confirmations.filter((c) => c.documentId === String(dokId));
    expect(conf).toHaveLength(1);
    expect(String(conf[0]?.body.teksts)).toMatch(/šķirošanā/);

    // The Cēsis worker sees it; the Rīga worker does not.
    const cesis = await stack.login('soc.cesis');
    const list = (await (
      await stack.request('GET', '/api/v1/tasks?state=open&assignee=unassigned', { token: cesis })
    ).json()) as {
      items: { id: string }[];
      counts: { open: number };
    };
    expect(list.items.map((t) => t.id)).toContain(task.id);
    expect(list.counts.open).toBeGreaterThanOrEqual(1);
    expect((await stack.request('POST', `/api/v1/tasks/${task.id}/claim`, { token: worker })).status).toBe(
      404,
    );

    // The worker opens the client's case and completes the triage task: the intake files the documents there.
    const em2 = stack.orm.em.fork();
    const { person } = await findOrCreatePerson(em2, { ...UNKNOWN, birthDate: '1990-01-01' });
    const opened = await openCase(
      em2,
      { username: 'soc.cesis', role: 'social_worker', municipalityCode: CESIS },
      person.id,
    );
    expect(task.workflowId).toBe(intake.workflowId);
    const done = await stack.request('POST', `/api/v1/tasks/${task.id}/complete`, {
      token: cesis,
      json: { outcome: 'Klientam atvērta lieta' },
    });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { workflowSignalled: boolean }).workflowSignalled).toBe(true);
    const filed = await eventually(async () => {
      const docs = await stack.orm.em.fork().find(Document, { caseId: opened.id, source: 'dms' });
      return docs.length > 0 ? docs : null;
    }, 'the triaged documents in the new case');
    expect(filed[0]?.dmsRegistrationNumber).toBe(intake.registrationNumber);
  });
});

describe('DMS simulator emission', () => {
  it('delivers N signed applications, each twice, at a rate: N intakes, N tasks, N confirmations, no duplicates', async () => {
    const before = await stack.orm.em
      .fork()
      .count(DmsIntake, { municipalityCode: CESIS, system: 'lietvaris' });
    const res = await fetch(`${sim()}/_admin/emit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        system: 'lietvaris',
        count: 20,
        ratePerSecond: 200,
        municipalityAtvk: CESIS,
        applicants: [RAIMONDS],
        documentType: 'PAKALPOJUMS_APRUPE_MAJAS',
        duplicate: true,
        target: stack.baseUrl,
      }),
    });
    expect(res.status).toBe(202);
    const { emissionId } = (await res.json()) as { emissionId: string };
    const report = await eventually(async () => {
      const r = (await (await fetch(`${sim()}/_admin/emissions/${emissionId}?deliveries=true`)).json()) as {
        done: boolean;
        accepted: number;
        duplicates: number;
        failed: number;
        deliveries: { dmsDocumentId: string; intakeId: string }[];
      };
      return r.done ? r : null;
    }, 'the emission');
    expect(report).toMatchObject({ accepted: 20, duplicates: 20, failed: 0 });
    const intakeIds = new Set(report.deliveries.map((d) => d.intakeId));
    expect(intakeIds.size).toBe(20);
    await eventually(async () => {
      const confirmed = await stack.orm.em
        .fork()
        .count(DmsIntake, { id: { $in: [...intakeIds] }, state: 'confirmed' });
      return confirmed === 20;
    }, 'all 20 intakes confirmed');
    const em = stack.orm.em.fork();
    expect(await em.count(DmsIntake, { municipalityCode: CESIS, system: 'lietvaris' })).toBe(before + 20);
    expect(await em.count(Task, { source: { $in: [...intakeIds] } })).toBe(20);
    const docIds = new Set(report.deliveries.map((d) => d.dmsDocumentId));
    const conf = (await received()).confirmations.filter((c) => docIds.has(c.documentId));
    expect(conf).toHaveLength(20);
  });
});

describe('task inbox', () => {
  it('lists with counts, claims once, completes with an outcome and audits it', async () => {
    const { raw } = namejsBody(JANIS, 'SD-SUDZ');
    const { intakeId } = (await (await post('namejs', raw)).json()) as { intakeId: string };
    const task = await eventually(() => stack.orm.em.fork().findOne(Task, { source: intakeId }), 'the task');

    const before = (await (
      await stack.request('GET', '/api/v1/tasks?state=open&assignee=unassigned', { token: worker })
    ).json()) as {
      items: { id: string }[];
      counts: { open: number; mine: number };
    };
    expect(before.items.map((t) => t.id)).toContain(task.id);

    const claim = await stack.request('POST', `/api/v1/tasks/${task.id}/claim`, { token: worker });
    expect(claim.status).toBe(200);
    expect(((await claim.json()) as { state: string; assignee: string }).assignee).toBe('soc.riga');
    const supervisor = await stack.login('vad.riga');
    expect(
      (await stack.request('POST', `/api/v1/tasks/${task.id}/claim`, { token: supervisor })).status,
    ).toBe(409);

    const mine = (await (
      await stack.request('GET', '/api/v1/tasks?assignee=me', { token: worker })
    ).json()) as {
      items: { id: string }[];
      counts: { mine: number };
    };
    expect(mine.items.map((t) => t.id)).toContain(task.id);
    expect(mine.counts.mine).toBeGreaterThanOrEqual(1);

    expect(
      (await stack.request('POST', `/api/v1/tasks/${task.id}/complete`, { token: worker, json: {} })).status,
    ).toBe(422);
    const done = await stack.request('POST', `/api/v1/tasks/${task.id}/complete`, {
      token: worker,
      json: { outcome: 'Sūdzība izskatīta, atbilde nosūtīta' },
    });
    expect(done.status).toBe(200);
    const view = (await done.json()) as { state: string; outcome: string; workflowSignalled: boolean };
    expect(view).toMatchObject({
      state: 'completed',
      outcome: 'Sūdzība izskatīta, atbilde nosūtīta',
      workflowSignalled: false,
    });
    expect(
      (
        await stack.request('POST', `/api/v1/tasks/${task.id}/complete`, {
          token: worker,
          json: { outcome: 'x' },
        })
      ).status,
    ).toBe(409);

    const auditor = await stack.login('auditors');
    expect((await stack.request('GET', '/api/v1/tasks', { token: auditor })).status).toBe(403);
    const audit = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ action: string }[]>(`select action from audit_log where resource_id = ?`, [task.id]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['task.create', 'task.claim', 'task.complete']),
    );
  });
});

describe('outbound decision letters', () => {
  it('registers a decision once through a DMS outage and a lost answer; stores the registration number', async () => {
    const em = stack.orm.em.fork();
    const letter = await storeSystemDocument(em, stack.store, {
      caseId: janisCaseId,
      title: 'Lēmums par trūcīgas mājsaimniecības statusu',
      type: 'decision',
      source: 'generated',
      fileName: 'lemums.pdf',
      contentType: 'application/pdf',
      actor: 'system',
      idempotencyKey: `test-decision-${uniq()}`,
      body: SAMPLE_PDF,
    });
    // The DMS registers the first delivery but the answer is lost; then it is down for the next attempt.
    await fetch(`${sim()}/_admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loseNext: 1 }),
    });
    const started = await sendDecisionToDms(
      { em, client: stack.deps.temporal.client, config: stack.config },
      janisCaseId,
      letter.documentId,
    );
    const again = await sendDecisionToDms(
      { em: stack.orm.em.fork(), client: stack.deps.temporal.client, config: stack.config },
      janisCaseId,
      letter.documentId,
    );
    expect(again.outboundId).toBe(started.outboundId);

    const out = await eventually(
      async () => {
        const row = await stack.orm.em.fork().findOne(DmsOutbound, { id: started.outboundId });
        return row?.state === 'registered' ? row : null;
      },
      'the outbound registration',
      100_000,
    );
    expect(out.attempts).toBeGreaterThanOrEqual(2);
    const doc = await stack.orm.em.fork().findOneOrFail(Document, { id: letter.documentId });
    expect(doc.dmsRegistrationNumber).toBe(out.registrationNumber);
    const regs = (await received()).outbound.filter((o) => o.idempotencyKey === started.outboundId);
    expect(regs).toHaveLength(1);
    expect(regs[0]?.registrations).toBe(1);
    expect(regs[0]?.deliveries).toBeGreaterThanOrEqual(2);
    expect(regs[0]?.registrationNumber).toBe(out.registrationNumber);
    expect(regs[0]?.fileBytes).toBe(SAMPLE_PDF.length);
  });
});
