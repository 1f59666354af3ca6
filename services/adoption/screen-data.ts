/**
 * What the adoption screens show: the register with its filters, the child and adopter cards, the match page. Each
 * read is audited as the API's is, marked `via: 'screens'`.
 */
import type { CandidateAssessment } from '../../domain/adoption/matching.js';
import { rigaToday } from '../../infra/clock.js';
import {
  AdoptionChild,
  AdoptionMatch,
  AdoptionProposal,
  Person,
  type IAdoptionAdopter,
  type IAdoptionChild,
  type IAdoptionMatch,
  type IAdoptionProposal,
  type IPerson,
} from '../../infra/db/entities/index.js';
import { MUNICIPALITIES } from '../../infra/db/municipalities.js';
import type { Em } from '../../infra/db/orm.js';
import { auditAdoption, type AdoptionActor } from './audit.js';
import { assessCandidates, matchView, type MatchView } from './matching.js';
import {
  findAdopter,
  findChild,
  findMatch,
  listAdopters,
  listChildren,
  RUNNING_MATCH_STATES,
} from './register.js';

export type { IAdoptionAdopter, IAdoptionChild, IAdoptionMatch, IAdoptionProposal, IPerson };
/** The municipalities (regions of the register), for filters and names. */
export const REGIONS: readonly { atvk: string; name: string }[] = MUNICIPALITIES;

export async function personsById(em: Em, ids: readonly string[]): Promise<Map<string, IPerson>> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await em.find(Person, { id: { $in: unique } }) : [];
  return new Map(rows.map((p) => [p.id, p]));
}

export { findChild, findMatch };

export interface RegisterFilter {
  state?: string;
  adopterState?: string;
  region?: string;
  siblingGroup?: string;
}

export async function registerOverview(em: Em, actor: AdoptionActor, q: RegisterFilter) {
  const children = await listChildren(em, {
    state: q.state,
    regionAtvk: q.region,
    siblingGroup: q.siblingGroup,
  });
  const adopters = await listAdopters(em, { state: q.adopterState, regionAtvk: q.region });
  const allGroups = await em.find(AdoptionChild, { siblingGroup: { $ne: null } });
  const siblingGroups = [...new Set(allGroups.map((g) => g.siblingGroup ?? ''))].filter(Boolean).sort();
  const persons = await personsById(em, [
    ...children.map((ch) => ch.personId),
    ...adopters.flatMap((a) => a.applicantPersonIds),
  ]);
  await auditAdoption(em, actor, {
    action: 'adoption.child.list',
    resourceType: 'adoption-child',
    details: { count: children.length, ids: children.map((r) => r.id), filter: q, via: 'screens' },
  });
  await auditAdoption(em, actor, {
    action: 'adoption.adopter.list',
    resourceType: 'adoption-adopter',
    details: { count: adopters.length, ids: adopters.map((r) => r.id), filter: q, via: 'screens' },
  });
  return { children, adopters, siblingGroups, persons };
}

export interface ChildCard {
  siblings: IAdoptionChild[];
  matches: IAdoptionMatch[];
  running: IAdoptionMatch | undefined;
  assessed: CandidateAssessment[];
  adopters: (IAdoptionAdopter | null)[];
  persons: Map<string, IPerson>;
  proposals: IAdoptionProposal[];
  today: string;
}

/** The child card: siblings, matches, every adopter assessed today (`adopters[i]` belongs to `assessed[i]`). */
export async function childCard(em: Em, actor: AdoptionActor, child: IAdoptionChild): Promise<ChildCard> {
  const today = rigaToday();
  const siblings = child.siblingGroup
    ? await em.find(
        AdoptionChild,
        { siblingGroup: child.siblingGroup, id: { $ne: child.id } },
        { orderBy: { id: 'asc' } },
      )
    : [];
  const matches = await em.find(AdoptionMatch, { childId: child.id }, { orderBy: { startedAt: 'desc' } });
  const running = matches.find((m) => RUNNING_MATCH_STATES.includes(m.state));
  const assessed = await assessCandidates(em, child, today);
  const adopters = await Promise.all(assessed.map((a) => findAdopter(em, a.adopterId)));
  const persons = await personsById(em, [
    child.personId,
    ...siblings.map((s) => s.personId),
    ...adopters.flatMap((a) => a?.applicantPersonIds ?? []),
  ]);
  const proposals = matches.length
    ? await em.find(AdoptionProposal, { childId: child.id }, { orderBy: { proposedAt: 'asc' } })
    : [];
  await auditAdoption(em, actor, {
    action: 'adoption.child.read',
    resourceType: 'adoption-child',
    resourceId: child.id,
    details: { via: 'screens' },
  });
  await auditAdoption(em, actor, {
    action: 'adoption.candidates.read',
    resourceType: 'adoption-child',
    resourceId: child.id,
    details: { date: today, count: assessed.length, via: 'screens' },
  });
  return { siblings, matches, running, assessed, adopters, persons, proposals, today };
}

/** The adopter card: applicants and every proposal made to them with the children's names; null if unknown. */
export async function adopterCard(em: Em, actor: AdoptionActor, id: string) {
  const adopter = await findAdopter(em, id);
  if (!adopter) return null;
  const persons = await personsById(em, adopter.applicantPersonIds);
  const proposals = await em.find(AdoptionProposal, { adopterId: id }, { orderBy: { proposedAt: 'desc' } });
  const children = proposals.length
    ? await em.find(AdoptionChild, { id: { $in: [...new Set(proposals.map((p) => p.childId))] } })
    : [];
  const childPersons = await personsById(
    em,
    children.map((ch) => ch.personId),
  );
  await auditAdoption(em, actor, {
    action: 'adoption.adopter.read',
    resourceType: 'adoption-adopter',
    resourceId: id,
    details: { via: 'screens' },
  });
  return { adopter, persons, proposals, children, childPersons };
}

/** The match page: the match view, the child and every adopter it names. */
export async function matchPage(em: Em, actor: AdoptionActor, match: IAdoptionMatch) {
  const view: MatchView = await matchView(em, match);
  const child = await findChild(em, match.childId);
  const adopterIds = [
    ...new Set([...view.history.map((h) => h.adopterId), ...(view.adopterId ? [view.adopterId] : [])]),
  ];
  const adopters = (await Promise.all(adopterIds.map((id) => findAdopter(em, id)))).filter((a) => a !== null);
  const persons = await personsById(em, [
    ...(child ? [child.personId] : []),
    ...adopters.flatMap((a) => a.applicantPersonIds),
  ]);
  await auditAdoption(em, actor, {
    action: 'adoption.match.read',
    resourceType: 'adoption-match',
    resourceId: match.id,
    details: { via: 'screens' },
  });
  return { view, child, adopters, persons };
}

/** The match a proposal belongs to, or null when there is no such proposal. */
export async function matchOfProposal(em: Em, proposalId: string): Promise<IAdoptionMatch | null> {
  const proposal = await em.findOne(AdoptionProposal, { id: proposalId });
  return proposal ? em.findOneOrFail(AdoptionMatch, { id: proposal.matchId }) : null;
}

/** True once a started match has made its first proposal or left `proposing` (read on a fresh context). */
export async function matchUnderWay(em: Em, matchId: string): Promise<boolean> {
  const fork = em.fork();
  const m = await fork.findOne(AdoptionMatch, { id: matchId });
  return (await fork.count(AdoptionProposal, { matchId })) > 0 || (m !== null && m.state !== 'proposing');
}

/** True once the workflow has recorded an answer (an acceptance also moves the match on). */
export async function answerRecorded(
  em: Em,
  proposalId: string,
  matchId: string,
  accepted: boolean,
): Promise<boolean> {
  const fork = em.fork();
  const p = await fork.findOne(AdoptionProposal, { id: proposalId });
  const m = await fork.findOne(AdoptionMatch, { id: matchId });
  return p !== null && p.state !== 'pending' && (!accepted || (m !== null && m.state !== 'proposing'));
}
