/**
 * The case screen's household section (issue 14): the persons declared with the client by the population register
 * (PMLP) and those a worker added with a reason, and the form "Add household member" (personal code, names as for a
 * new client, reason). The form goes through the same services as `POST /persons` and
 * `POST /cases/{id}/household-members`: a known personal code is answered like an unknown one (no stored names).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { can } from '../../domain/access/roles.js';
import { rigaToday } from '../../infra/clock.js';
import { ConflictError, findOrCreatePerson, type ICase } from '../../services/case-file.js';
import {
  addHouseholdMember,
  HOUSEHOLD_ADD_ACTION,
  HouseholdValidationError,
  listHousehold,
  normaliseReason,
  REASON_MAX,
} from '../../services/household.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { langOf, tr, type ScreenKit } from './kit.js';
import { renderCaseScreen, visibleCaseOrNotFound } from './case-screen.js';
import { validateNewCase } from './new-case.js';
import {
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
  setFlash,
} from './session.js';

export const HOUSEHOLD_FIELDS = ['personalCode', 'firstName', 'lastName', 'birthDate', 'reason'] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];

export interface HouseholdFormState {
  values: Record<HouseholdField, string>;
  errors: Partial<Record<HouseholdField | 'general', string>>;
}

const EMPTY: Record<HouseholdField, string> = {
  personalCode: '',
  firstName: '',
  lastName: '',
  birthDate: '',
  reason: '',
};

/** The model of the household section; its read is audited with the case screen's. */
export async function householdSection(
  c: Context<AppEnv>,
  found: ICase,
  state?: HouseholdFormState,
): Promise<{
  canWrite: boolean;
  members: Awaited<ReturnType<typeof listHousehold>>;
  action: string;
  values: Record<HouseholdField, string>;
  errors: HouseholdFormState['errors'];
  open: boolean;
  reasonMax: number;
}> {
  const user = currentUser(c);
  const members = await listHousehold(c.get('em'), found.id);
  if (members.length > 0) {
    await audit(c, {
      action: 'household.read',
      resourceType: 'case',
      resourceId: found.id,
      caseId: found.id,
      details: { via: 'screens', personIds: members.map((m) => m.personId) },
    });
  }
  return {
    canWrite: user ? can(user.role, 'case:write') && can(user.role, 'person:write') : false,
    members,
    action: `/cases/${found.id}/household-members`,
    values: state?.values ?? EMPTY,
    errors: state?.errors ?? {},
    open: state !== undefined && Object.keys(state.errors).length > 0,
    reasonMax: REASON_MAX,
  };
}

/** Error-summary lines of the household form, each linking to its field. */
export function householdSummary(state?: HouseholdFormState): { field: string | null; message: string }[] {
  if (!state) return [];
  return [
    ...(state.errors.general ? [{ field: null, message: state.errors.general }] : []),
    ...HOUSEHOLD_FIELDS.flatMap((f) => {
      const message = state.errors[f];
      return message ? [{ field: `household-${f}`, message }] : [];
    }),
  ];
}

export function registerHouseholdScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  app.post(
    '/cases/:id/household-members',
    lang,
    loadSession(),
    requireSignIn(),
    requireCsrf(),
    requireScreenPermission('case:write'),
    requireScreenPermission('person:write'),
    async (c) => {
      const found = await visibleCaseOrNotFound(c, c.req.param('id'), HOUSEHOLD_ADD_ACTION);
      const user = currentUser(c);
      if (!user) throw new ScreenError(403, 'forbidden');
      const body = await c.req.parseBody();
      const values = Object.fromEntries(
        HOUSEHOLD_FIELDS.map((f) => {
          const v = body[f];
          return [f, typeof v === 'string' ? v.trim() : ''];
        }),
      ) as Record<HouseholdField, string>;
      const t = (key: string, params?: Record<string, string>) => tr(c, kit, key, params);
      const checked = validateNewCase(values, rigaToday(), t, langOf(c));
      const reason = normaliseReason(values.reason);
      const errors: HouseholdFormState['errors'] = checked.ok ? {} : { ...checked.errors };
      if (reason === null)
        errors.reason = t(
          values.reason ? 'household.error.reason.tooLong' : 'household.error.reason.required',
          {
            max: String(REASON_MAX),
          },
        );
      const rerender = (status: 409 | 422, e: HouseholdFormState['errors']) =>
        renderCaseScreen(c, kit, found, { household: { values, errors: e }, status });
      if (!checked.ok || reason === null) return rerender(422, errors);

      const em = c.get('em');
      const { person, created } = await findOrCreatePerson(em, checked.person);
      await audit(c, {
        action: created ? 'person.create' : 'person.register-known',
        resourceType: 'person',
        resourceId: person.id,
        subjectPersonId: person.id,
        details: { via: 'screens' },
      });
      try {
        await addHouseholdMember(em, { ...user, requestId: c.get('requestId') }, found, {
          personId: person.id,
          reason,
        });
      } catch (err) {
        if (err instanceof ConflictError) return rerender(409, { general: t('household.error.conflict') });
        if (err instanceof HouseholdValidationError)
          return rerender(422, { personalCode: t('household.error.client') });
        throw err;
      }
      setFlash(c, 'household-member-added', kit.secureCookies);
      return c.redirect(`/cases/${found.id}#household`, 303);
    },
  );
}
