/**
 * Match screens of the adoption register: `POST /adoption/children/:id/match` starts the adoptionMatch workflow
 * exactly as the API does (same checks, same audit, same workflow start), `GET /adoption/matches/:id` shows the
 * match progress (state, current proposal with its deadline and the days left, history, progress notes,
 * decisions), and `POST /adoption/proposals/:id/answer` records the adopter's answer through the workflow's
 * `answerProposal` update, like `POST /api/v1/adoption/proposals/{id}/answer`. Only adoption specialists.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { can } from '../../domain/access/roles.js';
import { adoptionDeps } from '../../services/adoption/audit.js';
import { answerProposal, startMatch } from '../../services/adoption/commands.js';
import { ChildNotActiveError, MatchAlreadyRunningError } from '../../services/adoption/matching.js';
import {
  answerRecorded,
  findMatch,
  matchOfProposal,
  matchPage,
  matchUnderWay,
  type IAdoptionMatch,
} from '../../services/adoption/screen-data.js';
import { DomainError } from '../../services/errors.js';
import type { AppEnv } from '../context.js';
import { AnswerBody } from '../schemas/adoption.js';
import { adopterNames, adoptionGuards, childOr404, fullName, screenActor, signedInUser } from './adoption.js';
import { isUuid } from './case-access.js';
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
  const match = await findMatch(c.get('em'), id);
  if (!match) throw new ScreenError(404, 'not-found');
  return match;
}

async function renderMatch(
  c: Context<AppEnv>,
  kit: ScreenKit,
  match: IAdoptionMatch,
  state: MatchState = {},
): Promise<Response> {
  const user = signedInUser(c);
  const { view, child, adopters, persons } = await matchPage(c.get('em'), screenActor(c), match);
  const names = new Map(adopters.map((a) => [a.id, adopterNames(c, kit, a, persons)]));
  const childName = child ? fullName(persons.get(child.personId)) : match.childId;
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
    let matchId: string;
    try {
      ({ matchId } = await startMatch(adoptionDeps(c.get('em'), c.get('deps')), screenActor(c), child.id, {
        via: 'screens',
      }));
    } catch (err) {
      if (err instanceof MatchAlreadyRunningError) return c.redirect(`/adoption/matches/${err.matchId}`, 303);
      if (err instanceof ChildNotActiveError) return c.redirect(`/adoption/children/${child.id}`, 303);
      throw err;
    }
    // The first proposal usually follows within a moment: show it right away when it does.
    await until(() => matchUnderWay(c.get('em'), matchId), SETTLE_MS);
    setFlash(c, 'adoption-match-started', kit.secureCookies);
    return c.redirect(`/adoption/matches/${matchId}`, 303);
  });

  // The adopter's answer: the same workflow update (answerProposal) as POST /api/v1/adoption/proposals/{id}/answer.
  app.post('/adoption/proposals/:id/answer', ...write, async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new ScreenError(404, 'not-found');
    const match = await matchOfProposal(c.get('em'), id);
    if (!match) throw new ScreenError(404, 'not-found');
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
    // The same body the API takes (POST /api/v1/adoption/proposals/{id}/answer), built from the form.
    const input = AnswerBody.parse({ accept, reason: reason || null });
    try {
      await answerProposal(
        adoptionDeps(c.get('em'), c.get('deps')),
        screenActor(c),
        id,
        { accept: input.accept, reason: input.reason ?? null },
        'screens',
      );
    } catch (err) {
      // Already answered, or the workflow is no longer waiting for this answer.
      if (err instanceof DomainError && err.kind === 'conflict') {
        return renderMatch(c, kit, match, {
          error: tr(c, kit, 'adoption.answer.error.notWaiting'),
          status: 409,
        });
      }
      throw err;
    }
    // The workflow records the answer a moment later: wait briefly so the page shows the new state.
    await until(() => answerRecorded(c.get('em'), id, match.id, accept), SETTLE_MS);
    setFlash(c, accept ? 'adoption-proposal-accepted' : 'adoption-proposal-declined', kit.secureCookies);
    return c.redirect(`/adoption/matches/${match.id}`, 303);
  });
}
