/** Input rules of complaints shared by the commands: kinds, subjects, text limits, who may handle one. */
import type { Role } from '../../domain/access/roles.js';
import { TEXT_REFUSAL_MESSAGES, textRefusal, type ValidationIssue } from '../../domain/validation.js';
import type { IComplaint } from '../../infra/db/entities/index.js';
import type { Actor } from '../case-file.js';

export const COMPLAINT_KINDS = ['complaint', 'proposal'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const SUBJECT_TYPES = ['service', 'provider', 'social-service'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const MAX_TEXT = 10_000;
export const MAX_SUBJECT = 300;
export const MAX_ADDITIONS = 20;
/** At most this many complaints per person in 24 hours. */
export const COMPLAINTS_PER_DAY = 5;

/** Roles of a municipality's social service that answer its complaints. */
const MUNICIPAL_HANDLERS: readonly Role[] = ['social_worker', 'supervisor'];

export function checkText(path: string, value: unknown, max: number, issues: ValidationIssue[]): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) issues.push({ path, message: 'required' });
  else if (text.length > max) issues.push({ path, message: `must be at most ${max} characters` });
  else {
    const refusal = textRefusal(text);
    if (refusal !== null) issues.push({ path, message: TEXT_REFUSAL_MESSAGES[refusal] });
  }
  return text;
}

/** Whether the official may see and answer the complaint: its municipality's social service, or LM for the Ministry. */
export function canHandle(
  actor: Actor,
  complaint: Pick<IComplaint, 'addressee' | 'municipalityCode'>,
): boolean {
  if (complaint.addressee === 'ministry') return actor.role === 'lm_specialist';
  return (
    MUNICIPAL_HANDLERS.includes(actor.role) &&
    actor.municipalityCode !== null &&
    actor.municipalityCode === complaint.municipalityCode
  );
}

export const taskKeyOf = (complaintId: string): string => `complaint:${complaintId}`;
