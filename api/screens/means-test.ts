/**
 * Means-test screens (issue 5): the case screen's "Materiālā situācija" section (household incomes by source and
 * month with their evidence, the calculation with its thresholds, corrections, the decision, the status with its
 * validity countdown, reapply and change of situation) and the supervisor's page `/means-tests/expiring`. The forms
 * post with the session's CSRF token and go through the same services and workflow updates as the API.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { can } from '../../domain/access/roles.js';
import { addDays, diffInDays, isValidIsoDate } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { Case, Person, type ICase } from '../../infra/db/entities/index.js';
import {
  ActiveCycleExistsError,
  expiringOverview,
  findVisibleCycle,
  latestCycleOfCase,
  startMeansTestCycle,
} from '../../services/means-test.js';
import {
  correctMeansDeclaration,
  decideMeansTest,
  reapplyMeansTest,
  reportSituationChange,
  type MeansTestEvaluation,
} from '../../workflows/means-test/contract.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { cycleView } from '../routes/means-tests.js';
import { page, tr, type ScreenKit } from './kit.js';
import { visibleCaseOrNotFound } from './case-screen.js';
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

  async function cycleOr404(c: Context<AppEnv>, action: string) {
    const id = c.req.param('id') ?? '';
    const row = z.uuid().safeParse(id).success ? await findVisibleCycle(c.get('em'), signedIn(c), id) : null;
    if (!row) {
      await audit(c, {
        action,
        resourceType: 'means-test',
        resourceId: id.slice(0, 100),
        outcome: 'not-found',
      });
      throw new ScreenError(404, 'not-found');
    }
    return row;
  }

  function action(
    path: string,
    name: string,
    run: (
      c: Context<AppEnv>,
      body: Record<string, unknown>,
      by: string,
      workflowId: string,
    ) => Promise<unknown> | null,
  ) {
    app.post(`/means-tests/:id/${path}`, ...write, async (c) => {
      const row = await cycleOr404(c, name);
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const user = signedIn(c);
      try {
        const pending = run(c, body, user.username, row.workflowId);
        if (pending === null) return back(c, row.caseId, 'invalid');
        await pending;
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
          await audit(c, {
            action: name,
            resourceType: 'means-test',
            resourceId: row.id,
            caseId: row.caseId,
            outcome: 'denied',
          });
          return back(c, row.caseId, 'rejected');
        }
        throw err;
      }
      await audit(c, {
        action: name,
        resourceType: 'means-test',
        resourceId: row.id,
        caseId: row.caseId,
        details: { via: 'screens' },
      });
      return back(c, row.caseId);
    });
  }
  const handle = (c: Context<AppEnv>, workflowId: string) =>
    c.get('deps').temporal.client.workflow.getHandle(workflowId);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

  action('corrections', 'means-test.correct', (c, body, by, wf) => {
    const parsed = CorrectionForm.safeParse(body);
    if (!parsed.success) return null;
    const f = parsed.data;
    const numeric = f.field === 'monthlyIncomeEur' || f.field === 'savingsEur';
    const value = numeric ? Number(f.value.replace(',', '.')) : f.value === 'true' || f.value === 'yes';
    if (numeric && !Number.isFinite(value)) return null;
    return handle(c, wf).executeUpdate(correctMeansDeclaration, {
      args: [{ field: f.field, memberId: f.memberId || null, value, reason: f.reason, by }],
    });
  });
  action('decision', 'means-test.decide', (c, body, by, wf) => {
    const decision = body.decision === 'refuse' ? 'refuse' : 'approve';
    return handle(c, wf).executeUpdate(decideMeansTest, {
      args: [{ decision, reason: text(body.reason) || null, by }],
    });
  });
  action('reapply', 'means-test.reapply', (c, _body, by, wf) =>
    handle(c, wf).executeUpdate(reapplyMeansTest, { args: [{ by }] }),
  );
  action('change', 'means-test.change', (c, body, by, wf) =>
    handle(c, wf).executeUpdate(reportSituationChange, { args: [{ reason: text(body.reason), by }] }),
  );

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
      const caseIds = [...new Set([...expiring, ...decisionsDue].map((r) => r.caseId))];
      const cases = caseIds.length ? await em.find(Case, { id: { $in: caseIds } }) : [];
      const persons = cases.length
        ? await em.find(Person, { id: { $in: cases.map((k) => k.personId) } })
        : [];
      const label = (caseId: string) => {
        const k = cases.find((x) => x.id === caseId);
        const p = persons.find((x) => x.id === k?.personId);
        return {
          caseNumber: k?.number ?? '',
          client: p ? `${p.firstName} ${p.lastName}` : '',
          href: `/cases/${caseId}#means-test`,
        };
      };
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
