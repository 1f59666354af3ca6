/**
 * Match screens of the adoption register: `POST /adoption/children/:id/match` starts the adoptionMatch workflow
 * exactly as the API does (same checks, same audit, same workflow start), `GET /adoption/matches/:id` shows the
 * match progress (state, current proposal with its deadline and the days left, history, progress notes,
 * decisions), and `POST /adoption/proposals/:id/answer` records the adopter's answer through the workflow's
 * `answerProposal` update, like `POST /api/v1/adoption/proposals/{id}/answer`. Only adoption specialists.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { can } from '../../domain/access/roles.js';
import { AdoptionMatch, AdoptionProposal, type IAdoptionMatch } from '../../infra/db/entities/index.js';
import {
  ChildNotActiveError,
  findAdopter,
  findChild,
  MatchAlreadyRunningError,
  matchView,
  startAdoptionMatch,
} from '../../services/adoption.js';
import { answerProposal } from '../../workflows/adoption-match/contract.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { adopterNames, adoptionGuards, childOr404, fullName, personsById, signedInUser } from './adoption.js';
import { isUuid } from './case-screen.js';
import { page, tr, type ScreenKit } from './kit.js';
import { currentCsrf, requireCsrf, ScreenError, setFlash } from './session.js';

const DAY_MS = 86_400_000;
const SETTLE_MS = 5_000;

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface MatchState {
  error?: string;
  reason?: string;
  status?: ContentfulStatusCode;
}

async function matchOr404(c: Context<AppEnv>, id: string | undefined): Promise<IAdoptionMatch> {
  if (!isUuid(id)) throw new ScreenError(404, 'not-found');
  const match = await c.get('em').findOne(AdoptionMatch, { id });
  if (!match) throw new ScreenError(404, 'not-found');
  return match;
}

async function renderMatch(
  c: Context<AppEnv>,
  kit: ScreenKit,
  match: IAdoptionMatch,
  state: MatchState = {},
): Promise<Response> {
  const em = c.get('em');
  const user = signedInUser(c);
  const view = await matchView(em, match);
  const child = await findChild(em, match.childId);
  const adopterIds = [
    ...new Set([...view.history.map((h) => h.adopterId), ...(view.adopterId ? [view.adopterId] : [])]),
  ];
  const adopters = (await Promise.all(adopterIds.map((id) => findAdopter(em, id)))).filter((a) => a !== null);
  const persons = await personsById(c, [
    ...(child ? [child.personId] : []),
    ...adopters.flatMap((a) => a.applicantPersonIds),
  ]);
  const names = new Map(adopters.map((a) => [a.id, adopterNames(c, kit, a, persons)]));
  const childName = child ? fullName(persons.get(child.personId)) : match.childId;
  await audit(c, {
    action: 'adoption.match.read',
    resourceType: 'adoption-match',
    resourceId: match.id,
    details: { via: 'screens' },
  });
  const current = view.currentProposal;
  const decision = (d: Record<string, unknown> | null) =>
    d
      ? {
          documentRef: typeof d.documentRef === 'string' ? d.documentRef : '',
          decidedOn: typeof d.decidedOn === 'string' ? d.decidedOn : '',
          approved: d.approved === true,
        }
      : null;
  return page(
    c,
    kit,
    'adoption-match',
    {
      title: tr(c, kit, 'adoption.match.title', { child: childName }),
      path: `/adoption/matches/${match.id}`,
      status: state.status,
    },
    {
      match: {
        id: view.id,
        state: view.state,
        childId: view.childId,
        childName,
        adopterId: view.adopterId,
        adopterName: view.adopterId ? (names.get(view.adopterId) ?? view.adopterId) : null,
        startedAt: view.startedAt,
        completedAt: view.completedAt,
        acquaintanceUntil: view.acquaintanceUntil,
        orphanCourtDecision: decision(view.orphanCourtDecision),
        courtDecision: decision(view.courtDecision),
      },
      current: current
        ? {
            id: current.id,
            rank: current.rank,
            adopterId: current.adopterId,
            adopterName: names.get(current.adopterId) ?? current.adopterId,
            proposedAt: current.proposedAt,
            deadline: current.deadline,
            daysLeft: Math.max(0, Math.ceil((Date.parse(current.deadline) - Date.now()) / DAY_MS)),
            answerAction: `/adoption/proposals/${current.id}/answer`,
          }
        : null,
      canAnswer: Boolean(current) && can(user.role, 'adoption:write'),
      history: view.history.map((h) => ({
        ...h,
        adopterName: names.get(h.adopterId) ?? h.adopterId,
      })),
      progressTasks: view.progressTasks,
      error: state.error ?? null,
      summary: state.error
        ? [{ field: state.reason === undefined ? null : 'answer-reason', message: state.error }]
        : [],
      reason: state.reason ?? '',
      reasonError: state.reason === undefined ? null : (state.error ?? null),
      csrfToken: currentCsrf(c) ?? '',
    },
  );
}

export function registerAdoptionMatchScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = adoptionGuards(lang, 'adoption:read');
  const write = [...adoptionGuards(lang, 'adoption:write'), requireCsrf()] as const;

  app.get('/adoption/matches/:id', ...read, async (c) =>
    renderMatch(c, kit, await matchOr404(c, c.req.param('id'))),
  );

  // Start matching: the same checks, audit and workflow start as POST /api/v1/adoption/children/{id}/match.
  app.post('/adoption/children/:id/match', ...write, async (c) => {
    const child = await childOr404(c, c.req.param('id'));
    const user = signedInUser(c);
    const { config, temporal } = c.get('deps');
    let matchId: string;
    try {
      ({ matchId } = await startAdoptionMatch(
        { em: c.get('em'), client: temporal.client, config },
        {
          username: user.username,
          role: user.role,
          municipalityCode: user.municipalityCode,
          requestId: c.get('requestId'),
        },
        child,
        { via: 'screens' },
      ));
    } catch (err) {
      if (err instanceof MatchAlreadyRunningError) return c.redirect(`/adoption/matches/${err.matchId}`, 303);
      if (err instanceof ChildNotActiveError) return c.redirect(`/adoption/children/${child.id}`, 303);
      throw err;
    }
    // The first proposal usually follows within a moment: show it right away when it does.
    await until(async () => {
      const fork = c.get('em').fork();
      const m = await fork.findOne(AdoptionMatch, { id: matchId });
      return (await fork.count(AdoptionProposal, { matchId })) > 0 || (m !== null && m.state !== 'proposing');
    }, SETTLE_MS);
    setFlash(c, 'adoption-match-started', kit.secureCookies);
    return c.redirect(`/adoption/matches/${matchId}`, 303);
  });

  // The adopter's answer: the same workflow update (answerProposal) as POST /api/v1/adoption/proposals/{id}/answer.
  app.post('/adoption/proposals/:id/answer', ...write, async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new ScreenError(404, 'not-found');
    const em = c.get('em');
    const proposal = await em.findOne(AdoptionProposal, { id });
    if (!proposal) throw new ScreenError(404, 'not-found');
    const match = await em.findOneOrFail(AdoptionMatch, { id: proposal.matchId });
    const body = await c.req.parseBody();
    const accept = body.answer === 'accept';
    const decline = body.answer === 'decline';
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    if (!accept && !decline) {
      return renderMatch(c, kit, match, { error: tr(c, kit, 'adoption.answer.error.choose'), status: 422 });
    }
    if (decline && reason.length < 3) {
      return renderMatch(c, kit, match, {
        error: tr(c, kit, 'adoption.answer.error.reason'),
        reason,
        status: 422,
      });
    }
    if (proposal.state !== 'pending') {
      return renderMatch(c, kit, match, {
        error: tr(c, kit, 'adoption.answer.error.notWaiting'),
        status: 409,
      });
    }
    const handle = c.get('deps').temporal.client.workflow.getHandle(match.workflowId);
    try {
      await handle.executeUpdate(answerProposal, {
        args: [{ proposalId: id, accept, reason: reason || null }],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        return renderMatch(c, kit, match, {
          error: tr(c, kit, 'adoption.answer.error.notWaiting'),
          status: 409,
        });
      }
      throw err;
    }
    await audit(c, {
      action: 'adoption.proposal.answer',
      resourceType: 'adoption-proposal',
      resourceId: id,
      details: { matchId: match.id, accept, via: 'screens' },
    });
    // The workflow records the answer a moment later: wait briefly so the page shows the new state.
    await until(async () => {
      const fork = c.get('em').fork();
      const p = await fork.findOne(AdoptionProposal, { id });
      const m = await fork.findOne(AdoptionMatch, { id: match.id });
      return p !== null && p.state !== 'pending' && (!accept || (m !== null && m.state !== 'proposing'));
    }, SETTLE_MS);
    setFlash(c, accept ? 'adoption-proposal-accepted' : 'adoption-proposal-declined', kit.secureCookies);
    return c.redirect(`/adoption/matches/${match.id}`, 303);
  });
}
