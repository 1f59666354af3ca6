/**
 * The means-test application of the portal (MK 809 annex 2): the household pre-filled from PMLP, what the
 * registries cannot know added by the citizen, documents attached (the case file's upload rules), saved as a draft,
 * then submitted once: to the social service of the declared address, which opens (or finds) the case, starts the
 * meansTestCycle (trigger "application") through the means-test service, and gets a task. A second submission finds
 * the application already submitted, and an already running cycle is linked instead of starting another.
 */
import { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config.js';
import { Case, CitizenApplication, type ICitizenApplication } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { ObjectStore, type StoredObject } from '../../infra/object-store.js';
import { newId } from '../../infra/ids.js';
import { rigaToday } from '../../infra/clock.js';
import type { Role } from '../../domain/access/roles.js';
import type { AllowedContentType } from '../../domain/case-file/document-types.js';
import { queryHousehold } from '../../activities/registries/pmlp.js';
import { appendAudit } from '../audit-log.js';
import { findOrCreatePerson, openCase, type Actor } from '../case-file.js';
import { commitOrRemove, objectKeyPrefix, recordNewDocument } from '../documents.js';
import { ActiveCycleExistsError, startMeansTestCycle } from '../means-test.js';
import { createTask } from '../tasks.js';
import { DomainError } from '../errors.js';
import type { Citizen } from './sessions.js';

export const KIND = 'means-test';
export const MAX_ATTACHMENTS = 10;
/** At most this many submissions per person in 24 hours (then 429). */
export const SUBMISSIONS_PER_DAY = 3;

export interface ApplicationData {
  /** Personal codes of the PMLP household members the citizen confirms live with them and share expenses. */
  confirmedMembers: string[];
  householdNote: string;
  cashSavingsEur: number;
  maintenanceEur: number;
  otherIncomeEur: number;
  otherIncomeNote: string;
  propertyAbroad: string;
}

export const EMPTY_DATA: ApplicationData = {
  confirmedMembers: [],
  householdNote: '',
  cashSavingsEur: 0,
  maintenanceEur: 0,
  otherIncomeEur: 0,
  otherIncomeNote: '',
  propertyAbroad: '',
};

export interface PmlpHouseholdView {
  address: string | null;
  atvk: string | null;
  members: { personalCode: string; firstName: string; lastName: string; self: boolean }[];
}

/** The household declared at the citizen's address, from PMLP (audited as the citizen, about the citizen). */
export async function pmlpHousehold(
  em: Em,
  config: Pick<Config, 'simulators'>,
  citizen: Citizen,
  requestId: string,
): Promise<PmlpHouseholdView | null> {
  let view: PmlpHouseholdView | null = null;
  try {
    const answer = await queryHousehold(
      { baseUrl: config.simulators.registryUrl, timeoutMs: 5000 },
      citizen.personalCode,
      requestId,
    );
    if (answer.kind === 'ok')
      view = {
        address: answer.data.declaredAddress?.text ?? null,
        atvk: answer.data.declaredAddress?.atvk ?? null,
        members: answer.data.members.map((m) => ({
          personalCode: m.personalCode,
          firstName: m.firstName,
          lastName: m.lastName,
          self: m.personalCode === citizen.personalCode,
        })),
      };
  } catch {
    view = null;
  }
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.household.read',
    resourceType: 'registry-request',
    resourceId: null,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: view ? 'success' : 'error',
    requestId,
    details: { registry: 'pmlp', purpose: 'Materiālās situācijas izvērtēšanas pieteikums (e-pakalpojumi)' },
  });
  return view;
}

export async function currentApplication(em: Em, citizen: Citizen): Promise<ICitizenApplication | null> {
  return em.findOne(
    CitizenApplication,
    { personalCode: citizen.personalCode, kind: KIND },
    { orderBy: { createdAt: 'desc' } },
  );
}

async function draftOf(em: Em, citizen: Citizen, now: Date): Promise<ICitizenApplication> {
  const existing = await em.findOne(CitizenApplication, {
    personalCode: citizen.personalCode,
    kind: KIND,
    state: 'draft',
  });
  if (existing) return existing;
  const row = em.create(CitizenApplication, {
    id: newId(),
    personalCode: citizen.personalCode,
    kind: KIND,
    state: 'draft',
    data: { ...EMPTY_DATA },
    attachments: [],
    municipalityCode: null,
    caseId: null,
    cycleId: null,
    taskId: null,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
  });
  await em.flush();
  return row;
}

async function auditCitizen(
  em: Em,
  citizen: Citizen,
  action: string,
  input: { resourceId: string; caseId?: string | null; requestId: string; details?: Record<string, unknown> },
) {
  await appendAudit(em, {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action,
    resourceType: 'citizen-application',
    resourceId: input.resourceId,
    caseId: input.caseId ?? null,
    subjectPersonId: citizen.personId,
    outcome: 'success',
    requestId: input.requestId,
    details: input.details ?? null,
  });
}

export async function saveDraft(
  em: Em,
  citizen: Citizen,
  data: ApplicationData,
  requestId: string,
): Promise<ICitizenApplication> {
  const row = await draftOf(em, citizen, new Date());
  row.data = { ...data };
  row.updatedAt = new Date();
  await em.flush();
  await auditCitizen(em.fork(), citizen, 'citizen.application.save', { resourceId: row.id, requestId });
  return row;
}

/** Adds an uploaded (sniffed, size-checked, stored) file to the draft; the caller removes the object on failure. */
export async function addAttachment(
  em: Em,
  citizen: Citizen,
  file: { stored: StoredObject; contentType: AllowedContentType; fileName: string; title: string },
  requestId: string,
): Promise<ICitizenApplication> {
  const row = await draftOf(em, citizen, new Date());
  if (row.attachments.length >= MAX_ATTACHMENTS)
    throw new DomainError('validation', `at most ${MAX_ATTACHMENTS} documents`, [
      { path: 'file', message: 'tooMany' },
    ]);
  row.attachments = [
    ...row.attachments,
    {
      key: file.stored.key,
      sha256: file.stored.sha256,
      size: file.stored.size,
      contentType: file.contentType,
      fileName: file.fileName,
      title: file.title,
    },
  ];
  row.updatedAt = new Date();
  await em.flush();
  await auditCitizen(em.fork(), citizen, 'citizen.application.attach', {
    resourceId: row.id,
    requestId,
    details: { size: file.stored.size, contentType: file.contentType },
  });
  return row;
}

export type SubmitResult =
  | { ok: true; application: ICitizenApplication }
  | { ok: false; reason: 'no-draft' | 'no-address' | 'throttled' };

function summaryText(
  citizen: Citizen,
  household: PmlpHouseholdView,
  data: ApplicationData,
  today: string,
): string {
  const confirmed = household.members.filter((m) => data.confirmedMembers.includes(m.personalCode));
  return [
    'IESNIEGUMS MATERIĀLĀS SITUĀCIJAS IZVĒRTĒŠANAI (MK 809, 2. pielikums) — e-pakalpojums',
    `Iesniegts: ${today}`,
    `Iesniedzējs: ${citizen.givenName} ${citizen.familyName}`,
    `Deklarētā adrese (PMLP): ${household.address ?? '—'}`,
    'Mājsaimniecība (apstiprināta): ' +
      (confirmed.map((m) => `${m.firstName} ${m.lastName}`).join(', ') || '—'),
    `Piezīmes par mājsaimniecību: ${data.householdNote || '—'}`,
    `Skaidras naudas uzkrājumi: ${data.cashSavingsEur.toFixed(2)} EUR`,
    `Saņemtie uzturlīdzekļi (mēnesī): ${data.maintenanceEur.toFixed(2)} EUR`,
    `Citi ienākumi (mēnesī): ${data.otherIncomeEur.toFixed(2)} EUR ${data.otherIncomeNote ? `(${data.otherIncomeNote})` : ''}`,
    `Īpašums ārpus Latvijas: ${data.propertyAbroad || 'nav'}`,
    'Iesniedzējs apliecina, ka sniegtās ziņas ir patiesas.',
  ].join('\n');
}

export async function submitApplication(
  deps: { em: Em; store: ObjectStore; client: Client; config: Config },
  citizen: Citizen,
  household: PmlpHouseholdView | null,
  input: { data: ApplicationData; requestId: string; now: Date },
): Promise<SubmitResult> {
  const { em, store } = deps;
  const since = new Date(input.now.getTime() - 24 * 3600_000);
  const recent = await em.count(CitizenApplication, {
    personalCode: citizen.personalCode,
    submittedAt: { $gt: since },
  });
  if (recent >= SUBMISSIONS_PER_DAY) return { ok: false, reason: 'throttled' };
  if (!household?.atvk) return { ok: false, reason: 'no-address' };
  const draft = await draftOf(em, citizen, input.now);
  // Only one request moves the draft on: a double click or a second tab finds nothing left to submit.
  const claimed = await em.nativeUpdate(
    CitizenApplication,
    { id: draft.id, state: 'draft' },
    { state: 'submitting', data: { ...input.data }, updatedAt: input.now },
  );
  if (claimed !== 1) return { ok: false, reason: 'no-draft' };
  try {
    const atvk = household.atvk;
    const self = household.members.find((m) => m.self);
    const { person } = await findOrCreatePerson(em.fork(), {
      personalCode: citizen.personalCode,
      firstName: self?.firstName ?? citizen.givenName,
      lastName: self?.lastName ?? citizen.familyName,
      birthDate: null,
    });
    // The citizen acts in their own name; the audit entries of the case and the cycle carry the citizen's role.
    const actor: Actor & { requestId: string } = {
      username: citizen.actor,
      role: 'citizen' as Role,
      municipalityCode: atvk,
      requestId: input.requestId,
    };
    const caseRow =
      (await em.findOne(Case, { openKey: `${person.id}:${atvk}` })) ??
      (await openCase(em.fork(), actor, person.id));
    const today = rigaToday(input.now);
    const summary = Buffer.from(summaryText(citizen, household, input.data, today), 'utf8');
    const stored = await store.put(ObjectStore.newKey(objectKeyPrefix), Readable.from([summary]), {
      contentType: 'text/plain',
    });
    await commitOrRemove(em.fork(), store, stored, (tx) =>
      recordNewDocument(tx, stored, {
        caseId: caseRow.id,
        title: `Iesniegums materiālās situācijas izvērtēšanai (e-pakalpojums, ${today})`,
        type: 'application',
        source: 'generated',
        fileName: `iesniegums-${today}.txt`,
        contentType: 'text/plain',
        actor: citizen.actor,
        idempotencyKey: `citizen-application:${draft.id}`,
        event: {
          type: 'citizen.application',
          summary: 'Saņemts e-pakalpojuma iesniegums materiālās situācijas izvērtēšanai',
        },
      }),
    );
    for (const [i, a] of draft.attachments.entries()) {
      const fork = em.fork();
      await fork.transactional((tx) =>
        recordNewDocument(
          tx,
          { key: a.key, sha256: a.sha256, size: a.size, versionId: null },
          {
            caseId: caseRow.id,
            title: a.title,
            type: 'other',
            source: 'upload',
            fileName: a.fileName,
            contentType: a.contentType as AllowedContentType,
            actor: citizen.actor,
            idempotencyKey: `citizen-application:${draft.id}:attachment:${i}`,
          },
        ),
      );
    }
    let cycleId: string;
    try {
      cycleId = (
        await startMeansTestCycle(
          { em: em.fork(), client: deps.client, config: deps.config },
          actor,
          caseRow,
          {
            applicationDate: today,
          },
        )
      ).id;
    } catch (err) {
      if (!(err instanceof ActiveCycleExistsError)) throw err;
      cycleId = err.cycleId;
    }
    const { task } = await createTask(em.fork(), {
      idempotencyKey: `citizen-application:${draft.id}`,
      municipalityCode: atvk,
      caseId: caseRow.id,
      kind: 'citizen-application',
      title: 'E-pakalpojuma iesniegums: materiālās situācijas izvērtēšana',
      description: `${citizen.givenName} ${citizen.familyName} iesniedza pieteikumu e-pakalpojumā; pārbaudiet iesniegumu un pielikumus lietā un izvērtēšanas ciklā.`,
      dueDate: null,
      source: 'citizen-portal',
      data: { applicationId: draft.id, cycleId },
      createdBy: citizen.actor,
    });
    await em.nativeUpdate(
      CitizenApplication,
      { id: draft.id },
      {
        state: 'submitted',
        municipalityCode: atvk,
        caseId: caseRow.id,
        cycleId,
        taskId: task.id,
        submittedAt: input.now,
        updatedAt: input.now,
      },
    );
    await auditCitizen(em.fork(), citizen, 'citizen.application.submit', {
      resourceId: draft.id,
      caseId: caseRow.id,
      requestId: input.requestId,
      details: { cycleId, taskId: task.id, attachments: draft.attachments.length },
    });
  } catch (err) {
    // Nothing was lost: the draft can be submitted again (every step above is idempotent or linked).
    await em.nativeUpdate(CitizenApplication, { id: draft.id, state: 'submitting' }, { state: 'draft' });
    throw err;
  }
  const application = await em.fork().findOneOrFail(CitizenApplication, { id: draft.id });
  return { ok: true, application };
}
