/** What the citizen and the official see of complaints; officials' reads are audited. */
import { Complaint, type IComplaint } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';
import type { Actor } from '../case-file.js';
import { notFound } from '../errors.js';
import type { Citizen } from '../citizen/sessions.js';
import { canHandle } from './rules.js';

export interface ComplaintView {
  id: string;
  kind: string;
  subjectType: string;
  subjectText: string;
  addressee: string;
  municipalityCode: string | null;
  text: string;
  additions: { at: string; text: string }[];
  state: string;
  receivedOn: string;
  dueOn: string;
  originalDueOn: string;
  extensionReason: string | null;
  answerText: string | null;
  answeredOn: string | null;
  late: boolean;
  taskId: string | null;
}

export function complaintView(row: IComplaint): ComplaintView {
  return {
    id: row.id,
    kind: row.kind,
    subjectType: row.subjectType,
    subjectText: row.subjectText,
    addressee: row.addressee,
    municipalityCode: row.municipalityCode ?? null,
    text: row.text,
    additions: row.additions,
    state: row.state,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    originalDueOn: row.originalDueOn,
    extensionReason: row.extensionReason ?? null,
    answerText: row.answerText ?? null,
    answeredOn: row.answeredOn ?? null,
    late: row.late,
    taskId: row.taskId ?? null,
  };
}

/** The citizen's own complaints, newest first (their own data: no read audit needed beyond the session). */
export async function myComplaints(em: Em, citizen: Citizen): Promise<ComplaintView[]> {
  const rows = await em.find(
    Complaint,
    { personalCode: citizen.personalCode },
    { orderBy: { createdAt: 'desc' } },
  );
  return rows.map(complaintView);
}

export async function myComplaint(em: Em, citizen: Citizen, id: string): Promise<ComplaintView> {
  const row = await em.findOne(Complaint, { id, personalCode: citizen.personalCode });
  if (!row) throw notFound('complaint');
  return complaintView(row);
}

/** An official's read of one complaint (their municipality's, or LM's): audited as a read of the citizen's data. */
export async function complaintForOfficial(
  em: Em,
  actor: Actor,
  id: string,
  ctx: { requestId: string },
): Promise<ComplaintView> {
  const row = await em.findOne(Complaint, { id });
  if (!row || !canHandle(actor, row)) throw notFound('complaint');
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: row.municipalityCode ?? null,
    action: 'complaint.read',
    resourceType: 'complaint',
    resourceId: row.id,
    caseId: null,
    subjectPersonId: row.personId ?? null,
    outcome: 'success',
    purpose: 'Iesnieguma izskatīšana',
    requestId: ctx.requestId,
    details: null,
  });
  return complaintView(row);
}
