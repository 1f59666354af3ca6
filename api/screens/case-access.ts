/** The first step of every case screen: the case, if the signed-in user may see it (shared by the section screens). */
import type { Context } from 'hono';
import { z } from 'zod';
import { findVisibleCase, type ICase } from '../../services/case-file.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { currentUser, ScreenError } from './session.js';

export function isUuid(value: string | undefined): value is string {
  return z.uuid().safeParse(value).success;
}

/** The case if the signed-in user may see it; otherwise the denied read is audited and a 404 page follows. */
export async function visibleCaseOrNotFound(
  c: Context<AppEnv>,
  caseId: string | undefined,
  action: string,
): Promise<ICase> {
  const user = currentUser(c);
  if (!user) throw new ScreenError(403, 'forbidden');
  if (!isUuid(caseId)) throw new ScreenError(404, 'not-found');
  const found = await findVisibleCase(c.get('em'), user, caseId);
  if (!found) {
    await audit(c, { action, resourceType: 'case', resourceId: caseId, caseId, outcome: 'not-found' });
    throw new ScreenError(404, 'not-found');
  }
  return found;
}
