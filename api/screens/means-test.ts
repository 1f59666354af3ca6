/**
 * Means-test screens (issue 5): the case screen's "Materiālā situācija" section (household incomes by source and
 * month with their evidence, the calculation with its thresholds, corrections, the decision, the status with its
 * validity countdown, reapply and change of situation) and the supervisor's page `/means-tests/expiring`. The forms
 * post with the session's CSRF token and go through the same services and workflow updates as the API.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { can } from '../../domain/access/roles.js';
import { addDays, diffInDays, isValidIsoDate } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import type { ICase } from '../../services/case-file.js';
import {
  ActiveCycleExistsError,
  expiringOverview,
  latestCycleOfCase,
  startMeansTestCycle,
} from '../../services/means-test.js';
import {
  caseLabels,
  cycleView,
  MEANS_TEST_UPDATE_ACTIONS,
  MeansTestUpdateRejected,
  updateMeansTest,
  visibleCycleOr404,
  type MeansTestEvaluation,
  type MeansTestUpdate,
} from '../../services/means-test-cycle.js';
import { DomainError } from '../../services/errors.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { page, tr, type ScreenKit } from './kit.js';
import { visibleCaseOrNotFound } from './case-access.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

const ERROR_CODES = ['active-exists', 'rejected', 'invalid'] as const;
type ErrorCode = (typeof ERROR_CODES)[number];

function evidenceHref(caseId: string, documentId: string | null | undefined): string | null {
  return documentId ? `/api/v1/cases/${caseId}/documents/${documentId}/content` : null;
}

/** The model of the case screen's "Materiālā situācija" section. */
export async function meansTestSection(c: Context<AppEnv>, kit: ScreenKit, found: ICase) {
  const user = currentUser(c);
  const canWrite = user ? can(user.role, 'case:write') : false;
  const row = await latestCycleOfCase(c.get('em'), found.id);
  const errorParam = c.req.query('meansTestError');
  const error = ERROR_CODES.includes(errorParam as ErrorCode) ? `meansTest.error.${errorParam}` : null;
  const base = {
    canWrite,
    error,
    startAction: `/cases/${found.id}/means-tests`,
    today: rigaToday(),
  };
  if (!row) return { ...base, cycle: null, canStart: canWrite };
  const view = await cycleView(c.get('deps').temporal.client, row);
  await audit(c, {
    action: 'means-test.read',
    resourceType: 'means-test',
    resourceId: row.id,
    caseId: found.id,
    details: { via: 'screens' },
  });
  const current = (view.current ?? null) as MeansTestEvaluation | null;
  const declaration = current?.declaration ?? null;
  const validity = view.validity as { validFrom: string; validTo: string; status: string } | null;
  const daysLeft = validity ? diffInDays(validity.validTo, rigaToday()) : null;
  const state = view.state;
  const ended = ['expired', 'refused', 'closed'].includes(state);
  const names = new Map(declaration?.members.map((m) => [m.personId, `${m.firstName} ${m.lastName}`]) ?? []);
  return {
    ...base,
    canStart: canWrite && ended,
    cycle: {
      id: row.id,
      state,
      evaluationNo: row.evaluationNo,
      applicationDate: current?.applicationDate ?? row.applicationDate,
      decisionDeadline: current?.decisionDeadline ?? row.decisionDeadline,
      declarationHref: evidenceHref(found.id, current?.declarationDocumentId ?? row.declarationDocumentId),
      decisionHref: evidenceHref(found.id, current?.decisionDocumentId ?? row.decisionDocumentId),
      months: declaration?.months ?? [],
      members: (declaration?.members ?? []).map((m) => ({
        ...m,
        name: `${m.firstName} ${m.lastName}`,
        vidHref: evidenceHref(found.id, m.evidence.vid),
        vsaaHref: evidenceHref(found.id, m.evidence.vsaa),
        bankHrefs: m.evidence.banks.map((b) => evidenceHref(found.id, b)),
      })),
      savings: declaration?.savings ?? null,
      property: declaration?.property ?? null,
      banksNotAnswered: declaration?.banksNotAnswered ?? [],
      result: current?.result ?? null,
      corrections: (current?.corrections ?? []).map((k) => ({
        ...k,
        label: tr(c, kit, `meansTest.field.${k.field}`),
        memberName: k.memberId ? (names.get(k.memberId) ?? '') : '',
      })),
      decision: current?.decision ?? null,
      validity,
      daysLeft,
      awaitingDecision: state === 'awaiting-decision',
      collecting: state === 'collecting',
      activeStatus: state === 'active' || state === 'expiring',
      notEligible: current?.result?.status === 'not-eligible',
      historyCount: Array.isArray(view.history) ? Math.max(0, view.history.length - 1) : 0,
      actions: {
        correction: `/means-tests/${row.id}/corrections`,
        decision: `/means-tests/${row.id}/decision`,
        reapply: `/means-tests/${row.id}/reapply`,
        change: `/means-tests/${row.id}/change`,
      },
    },
  };
}

const CorrectionForm = z.object({
  field: z.enum(['monthlyIncomeEur', 'savingsEur', 'extraProperty', 'nonConformity']),
  memberId: z.string().optional(),
  value: z.string().trim().min(1),
  reason: z.string().trim().min(3).max(500),
});

export function registerMeansTestScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const write = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('case:write'),
    requireCsrf(),
  ] as const;
  const signedIn = (c: Context<AppEnv>) => {
    const user = currentUser(c);
    if (!user) throw new ScreenError(403, 'forbidden');
    return user;
  };
  const back = (c: Context<AppEnv>, caseId: string, error?: ErrorCode) =>
    c.redirect(`/cases/${caseId}${error ? `?meansTestError=${error}` : ''}#means-test`, 303);

  app.post('/cases/:id/means-tests', ...write, async (c) => {
    const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'means-test.start');
    const body = await c.req.parseBody();
    const date =
      typeof body.applicationDate === 'string' && isValidIsoDate(body.applicationDate)
        ? body.applicationDate
        : rigaToday();
    const { config, temporal } = c.get('deps');
    try {
      await startMeansTestCycle(
        { em: c.get('em'), client: temporal.client, config },
        { ...signedIn(c), requestId: c.get('requestId') },
        found,
        { applicationDate: date },
      );
    } catch (err) {
      if (err instanceof ActiveCycleExistsError) return back(c, found.id, 'active-exists');
      throw err;
    }
    return back(c, found.id);
  });

  const actorOf = (c: Context<AppEnv>) => ({ ...signedIn(c), requestId: c.get('requestId') });
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

  /** A command from a form (null when the form is not valid), run as the API runs it. */
  function action<K extends MeansTestUpdate['kind']>(
    path: string,
    kind: K,
    command: (body: Record<string, unknown>) => (MeansTestUpdate & { kind: K }) | null,
  ) {
    app.post(`/means-tests/:id/${path}`, ...write, async (c) => {
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const update = command(body);
      const name = MEANS_TEST_UPDATE_ACTIONS[kind];
      let row;
      try {
        row = await visibleCycleOr404(c.get('em'), actorOf(c), c.req.param('id') ?? '', name);
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'not-found') throw new ScreenError(404, 'not-found');
        throw err;
      }
      if (update === null) return back(c, row.caseId, 'invalid');
      try {
        await updateMeansTest(
          { em: c.get('em'), client: c.get('deps').temporal.client },
          actorOf(c),
          row,
          update,
          'screens',
        );
      } catch (err) {
        if (err instanceof MeansTestUpdateRejected) return back(c, row.caseId, 'rejected');
        throw err;
      }
      return back(c, row.caseId);
    });
  }

  action('corrections', 'correction', (body) => {
    const parsed = CorrectionForm.safeParse(body);
    if (!parsed.success) return null;
    const f = parsed.data;
    const numeric = f.field === 'monthlyIncomeEur' || f.field === 'savingsEur';
    const value = numeric ? Number(f.value.replace(',', '.')) : f.value === 'true' || f.value === 'yes';
    if (numeric && !Number.isFinite(value)) return null;
    return { kind: 'correction', field: f.field, memberId: f.memberId || null, value, reason: f.reason };
  });
  action('decision', 'decision', (body) => ({
    kind: 'decision',
    decision: body.decision === 'refuse' ? 'refuse' : 'approve',
    reason: text(body.reason) || null,
  }));
  action('reapply', 'reapply', () => ({ kind: 'reapply' }));
  action('change', 'change', (body) => ({ kind: 'change', reason: text(body.reason) }));

  app.get(
    '/means-tests/expiring',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('municipality:settings'),
    async (c) => {
      const user = signedIn(c);
      if (!user.municipalityCode) throw new ScreenError(403, 'forbidden');
      const em = c.get('em');
      const today = rigaToday();
      const { expiring, decisionsDue } = await expiringOverview(
        em,
        user.municipalityCode,
        today,
        addDays(today, 30),
      );
      const labels = await caseLabels(
        em,
        [...expiring, ...decisionsDue].map((r) => r.caseId),
      );
      const label = (caseId: string) => ({
        caseNumber: labels.get(caseId)?.caseNumber ?? '',
        client: labels.get(caseId)?.client ?? '',
        href: `/cases/${caseId}#means-test`,
      });
      await audit(c, {
        action: 'means-test.expiring.read',
        resourceType: 'means-test',
        details: { via: 'screens', expiring: expiring.length, decisionsDue: decisionsDue.length },
      });
      return page(
        c,
        kit,
        'means-test-expiring',
        { title: tr(c, kit, 'meansTest.expiring.title'), path: '/means-tests/expiring' },
        {
          csrfToken: currentCsrf(c),
          expiring: expiring.map((r) => ({
            ...label(r.caseId),
            state: r.state,
            status: r.status,
            validTo: r.validTo,
            daysLeft: r.validTo ? diffInDays(r.validTo, today) : null,
          })),
          decisionsDue: decisionsDue.map((r) => ({
            ...label(r.caseId),
            state: r.state,
            decisionDeadline: r.decisionDeadline,
            daysLeft: diffInDays(r.decisionDeadline, today),
          })),
        },
      );
    },
  );
}
