/**
 * Complaints and proposals (issue 21, BRIEF §4.11): a citizen files one about a service, a provider or the social
 * service of a municipality (or a state-funded service: the Ministry of Welfare answers); it becomes a task for that
 * social service (or the ministry queue). The citizen may add information while it is open; the official answers
 * (text) or extends the deadline once with a reason. Every action is audited: the citizen's as the citizen.
 */
import { Complaint, Municipality, type IComplaint } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { rigaToday } from '../../infra/clock.js';
import {
  complaintDeadlineSettingsOn,
  complaintDueDate,
  deadlineSchedule,
  isLateAnswer,
  validateExtension,
} from '../../domain/complaints/deadline.js';
import type { ComplaintProcess } from './process.js';
import type { ValidationIssue } from '../../domain/validation.js';
import { DomainValidationError } from '../../domain/validation.js';
import { appendAudit } from '../audit-log.js';
import type { Actor } from '../case-file.js';
import { closeTaskByKey, createTask } from '../tasks.js';
import { DomainError, notFound, throwIfInvalid, UnknownMunicipalityError } from '../errors.js';
import type { Citizen } from '../citizen/sessions.js';
import {
  canHandle,
  checkText,
  COMPLAINT_KINDS,
  COMPLAINTS_PER_DAY,
  MAX_ADDITIONS,
  MAX_SUBJECT,
  MAX_TEXT,
  SUBJECT_TYPES,
  taskKeyOf,
  type ComplaintKind,
  type SubjectType,
} from './rules.js';

export interface FileComplaintInput {
  kind: unknown;
  subjectType: unknown;
  subjectText: unknown;
  /** true: a state-funded service — the Ministry answers. */
  stateFunded: boolean;
  /** ATVK of the municipality whose social service it concerns (required unless state-funded). */
  municipalityCode: unknown;
  text: unknown;
  /** Optional: where the answer is e-mailed too. */
  email?: unknown;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;

/** The request's id for the audit log, the time (tests move it), and the complaint's deadline process. */
type Audited = { requestId: string; now?: Date; process: ComplaintProcess };

async function auditAsCitizen(em: Em, citizen: Citizen, action: string, row: IComplaint, requestId: string) {
  await appendAudit(em, {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: row.municipalityCode ?? null,
    action,
    resourceType: 'complaint',
    resourceId: row.id,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: 'success',
    requestId,
    details: { kind: row.kind, addressee: row.addressee },
  });
}

export async function fileComplaint(
  em: Em,
  citizen: Citizen,
  input: FileComplaintInput,
  ctx: Audited,
): Promise<IComplaint> {
  const now = ctx.now ?? new Date();
  const issues: ValidationIssue[] = [];
  const kind = input.kind as ComplaintKind;
  if (!COMPLAINT_KINDS.includes(kind))
    issues.push({ path: 'kind', message: 'must be complaint or proposal' });
  const subjectType = input.subjectType as SubjectType;
  if (!SUBJECT_TYPES.includes(subjectType))
    issues.push({ path: 'subjectType', message: 'must be service, provider or social-service' });
  const subjectText = checkText('subjectText', input.subjectText, MAX_SUBJECT, issues);
  const text = checkText('text', input.text, MAX_TEXT, issues);
  let municipalityCode: string | null = null;
  if (!input.stateFunded) {
    if (typeof input.municipalityCode !== 'string' || input.municipalityCode === '')
      issues.push({ path: 'municipalityCode', message: 'required' });
    else municipalityCode = input.municipalityCode;
  }
  let email: string | null = null;
  if (typeof input.email === 'string' && input.email.trim() !== '') {
    email = input.email.trim();
    if (email.length > 254 || !EMAIL.test(email))
      issues.push({ path: 'email', message: 'not an e-mail address' });
  } else if (input.email !== undefined && input.email !== null && input.email !== '') {
    issues.push({ path: 'email', message: 'not an e-mail address' });
  }
  throwIfInvalid(issues);
  if (municipalityCode !== null && !(await em.findOne(Municipality, { atvk: municipalityCode })))
    throw new UnknownMunicipalityError(municipalityCode, 'municipalityCode');
  const since = new Date(now.getTime() - 24 * 3600_000);
  if (
    (await em.count(Complaint, {
      personalCode: citizen.personalCode,
      createdAt: { $gt: since, $lte: now },
    })) >= COMPLAINTS_PER_DAY
  )
    throw new DomainError('conflict', 'too many complaints in 24 hours; try again tomorrow');

  const receivedOn = rigaToday(now);
  const dueOn = complaintDueDate(receivedOn);
  const addressee = input.stateFunded ? 'ministry' : 'municipality';
  const filed = await em.transactional(async (tx) => {
    const row = tx.create(Complaint, {
      id: newId(),
      personalCode: citizen.personalCode,
      personId: citizen.personId,
      kind,
      subjectType,
      subjectText,
      addressee,
      municipalityCode,
      email,
      text,
      additions: [],
      state: 'open',
      receivedOn,
      originalDueOn: dueOn,
      dueOn,
      extensionReason: null,
      extendedAt: null,
      extendedBy: null,
      answerText: null,
      answeredOn: null,
      answeredBy: null,
      late: false,
      overdue: false,
      answerDeliveredAt: null,
      taskId: null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.flush();
    const { task } = await createTask(tx, {
      idempotencyKey: taskKeyOf(row.id),
      queue: addressee === 'ministry' ? 'ministry' : 'municipality',
      municipalityCode,
      kind: 'complaint',
      title:
        kind === 'complaint'
          ? `Sūdzība: ${subjectText}`.slice(0, 300)
          : `Priekšlikums: ${subjectText}`.slice(0, 300),
      description: `E-pakalpojumā saņemts iesniegums (${receivedOn}); atbilde jāsniedz līdz ${dueOn}.`,
      dueDate: dueOn,
      source: 'citizen-portal',
      data: { complaintId: row.id },
      createdBy: citizen.actor,
    });
    row.taskId = task.id;
    await tx.flush();
    await auditAsCitizen(tx, citizen, 'citizen.complaint.file', row, ctx.requestId);
    return row;
  });
  // After the commit: the workflow finds the complaint. Starting is idempotent by the workflow id.
  await ctx.process.started(filed.id, deadlineSchedule(dueOn, complaintDeadlineSettingsOn(receivedOn)));
  return filed;
}

async function ownOpen(em: Em, citizen: Citizen, id: string): Promise<IComplaint> {
  const row = await em.findOne(Complaint, { id, personalCode: citizen.personalCode });
  if (!row) throw notFound('complaint');
  if (row.state !== 'open') throw new DomainError('conflict', 'the complaint has been answered');
  return row;
}

export async function addInformation(
  em: Em,
  citizen: Citizen,
  id: string,
  input: { text: unknown },
  ctx: Audited,
): Promise<IComplaint> {
  const now = ctx.now ?? new Date();
  const issues: ValidationIssue[] = [];
  const text = checkText('text', input.text, MAX_TEXT, issues);
  throwIfInvalid(issues);
  return em.transactional(async (tx) => {
    const row = await ownOpen(tx, citizen, id);
    if (row.additions.length >= MAX_ADDITIONS)
      throw new DomainError('validation', `at most ${MAX_ADDITIONS} additions`, [
        { path: 'text', message: 'too many additions' },
      ]);
    row.additions = [...row.additions, { at: now.toISOString(), text }];
    row.updatedAt = now;
    await tx.flush();
    await auditAsCitizen(tx, citizen, 'citizen.complaint.add-information', row, ctx.requestId);
    return row;
  });
}

async function handledOpen(em: Em, actor: Actor, id: string): Promise<IComplaint> {
  const row = await em.findOne(Complaint, { id });
  if (!row || !canHandle(actor, row)) throw notFound('complaint');
  if (row.state !== 'open') throw new DomainError('conflict', 'the complaint has already been answered');
  return row;
}

async function auditAsOfficial(
  em: Em,
  actor: Actor,
  action: string,
  row: IComplaint,
  requestId: string,
  details: Record<string, unknown>,
) {
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: row.municipalityCode ?? null,
    action,
    resourceType: 'complaint',
    resourceId: row.id,
    caseId: null,
    subjectPersonId: row.personId ?? null,
    outcome: 'success',
    requestId,
    details,
  });
}

/** The official's answer; late when given after the due date in force. Completes the complaint's task. */
export async function answerComplaint(
  em: Em,
  actor: Actor,
  id: string,
  input: { text: unknown },
  ctx: Audited,
): Promise<IComplaint> {
  const now = ctx.now ?? new Date();
  const issues: ValidationIssue[] = [];
  const text = checkText('text', input.text, MAX_TEXT, issues);
  throwIfInvalid(issues);
  const answered = await em.transactional(async (tx) => {
    const row = await handledOpen(tx, actor, id);
    const answeredOn = rigaToday(now);
    row.state = 'answered';
    row.answerText = text;
    row.answeredOn = answeredOn;
    row.answeredBy = actor.username;
    row.late = isLateAnswer(answeredOn, row.dueOn);
    row.updatedAt = now;
    await tx.flush();
    await closeTaskByKey(tx, taskKeyOf(row.id), 'answered', actor.username);
    await auditAsOfficial(tx, actor, 'complaint.answer', row, ctx.requestId, {
      late: row.late,
      dueOn: row.dueOn,
    });
    return row;
  });
  await ctx.process.answered(answered.id, answered.answeredOn!);
  return answered;
}

/** Extends the deadline once (≤ receipt + 4 months) with the reason the citizen is told. */
export async function extendComplaint(
  em: Em,
  actor: Actor,
  id: string,
  input: { newDueOn: unknown; reason: unknown },
  ctx: Audited,
): Promise<IComplaint> {
  const now = ctx.now ?? new Date();
  const extended = await em.transactional(async (tx) => {
    const row = await handledOpen(tx, actor, id);
    let checked: { newDueOn: string; reason: string };
    try {
      checked = validateExtension({
        receivedOn: row.receivedOn,
        currentDueOn: row.dueOn,
        alreadyExtended: row.extendedAt !== null,
        newDueOn: input.newDueOn,
        reason: input.reason,
        today: rigaToday(now),
      });
    } catch (err) {
      if (err instanceof DomainValidationError)
        throw new DomainError('validation', 'the extension is not valid', err.issues);
      throw err;
    }
    const previousDueOn = row.dueOn;
    row.dueOn = checked.newDueOn;
    row.extensionReason = checked.reason;
    row.extendedAt = now;
    row.extendedBy = actor.username;
    row.updatedAt = now;
    await tx.flush();
    await auditAsOfficial(tx, actor, 'complaint.extend', row, ctx.requestId, {
      previousDueOn,
      dueOn: row.dueOn,
    });
    return row;
  });
  const schedule = deadlineSchedule(extended.dueOn, complaintDeadlineSettingsOn(extended.receivedOn));
  await ctx.process.extended(extended.id, schedule, extended.extensionReason ?? '');
  return extended;
}
