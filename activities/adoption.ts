/**
 * Activities of the adoptionMatch workflow: ranking, proposals (letter from a Handlebars template into the
 * restricted document area), register state changes, progress-note tasks, decisions and archiving. Every change
 * is audited as `system:adoption-match`. Inputs and outputs carry register ids only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { healthConditionName } from '../domain/adoption/health-conditions.js';
import type { MatchState, ProposalState } from '../domain/adoption/rules.js';
import { ageInWholeYears } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProgressTask,
  AdoptionProposal,
  Person,
  type IAdoptionChild,
} from '../infra/db/entities/index.js';
import type { Em, Orm } from '../infra/db/orm.js';
import type { ObjectStore } from '../infra/object-store.js';
import { appendAudit } from '../services/audit-log.js';
import { assessCandidates } from '../services/adoption/matching.js';
import { storeSystemDocument } from '../services/documents.js';

const ACTOR = 'system:adoption-match';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let proposalTemplate: Handlebars.TemplateDelegate | undefined;

function letterTemplate(): Handlebars.TemplateDelegate {
  proposalTemplate ??= Handlebars.compile(
    fs.readFileSync(path.join(ROOT, 'templates/letters/adoption-proposal.hbs'), 'utf8'),
    { noEscape: true },
  );
  return proposalTemplate;
}

async function auditSystem(
  em: Em,
  action: string,
  resourceType: string,
  resourceId: string,
  details: Record<string, unknown>,
) {
  await appendAudit(em, {
    actor: ACTOR,
    role: 'system',
    municipalityCode: null,
    action,
    resourceType,
    resourceId,
    caseId: null,
    outcome: 'success',
    details,
  });
}

export interface AdoptionActivityDeps {
  config: Config;
  orm: Orm;
  store: ObjectStore;
}

export function createAdoptionActivities(deps: AdoptionActivityDeps) {
  const em = () => deps.orm.em.fork();

  return {
    /** Eligible candidates in ranking order (Latvia first, then the queue), without the ones already tried. */
    async adoptionCandidates(input: {
      childId: string;
      exclude: string[];
      date?: string;
    }): Promise<{ candidates: { adopterId: string; rank: number; residence: string }[] }> {
      const e = em();
      const child = await e.findOneOrFail(AdoptionChild, { id: input.childId });
      if (child.state !== 'active') return { candidates: [] };
      const ranked = await assessCandidates(e, child, input.date ?? rigaToday());
      const adopters = await e.find(AdoptionAdopter, { id: { $in: ranked.map((r) => r.adopterId) } });
      return {
        candidates: ranked
          .filter((r) => r.eligible && !input.exclude.includes(r.adopterId))
          .map((r) => ({
            adopterId: r.adopterId,
            rank: r.rank ?? 0,
            residence: adopters.find((a) => a.id === r.adopterId)?.residence ?? '',
          })),
      };
    },

    /** Records the proposal and stores the proposal letter in the adopter's restricted document area. */
    async adoptionPropose(input: {
      matchId: string;
      childId: string;
      adopterId: string;
      proposalId: string;
      rank: number;
      deadline: string;
    }): Promise<{ letterDocumentId: string }> {
      const e = em();
      const child = await e.findOneOrFail(AdoptionChild, { id: input.childId });
      const adopter = await e.findOneOrFail(AdoptionAdopter, { id: input.adopterId });
      const childPerson = await e.findOneOrFail(Person, { id: child.personId });
      const applicants = await e.find(Person, { id: { $in: adopter.applicantPersonIds } });
      const deadlineDate = rigaToday(new Date(input.deadline));
      const body = letterTemplate()({
        today: rigaToday(),
        applicants: applicants.map((a) => `${a.firstName} ${a.lastName}`).join(', '),
        childFirstName: childPerson.firstName,
        childAge: childPerson.birthDate ? ageInWholeYears(childPerson.birthDate, rigaToday()) : '—',
        region: child.regionAtvk,
        siblingGroup: child.siblingGroup !== null && child.siblingGroup !== undefined,
        healthConditions: child.healthConditions.map((c) => healthConditionName(c) ?? c),
        deadline: deadlineDate,
        proposalId: input.proposalId,
      });
      const { documentId } = await storeSystemDocument(e, deps.store, {
        caseId: adopter.id,
        title: `Adopcijas priekšlikums (atbilde līdz ${deadlineDate})`,
        type: 'letter',
        source: 'generated',
        restricted: true,
        fileName: `adopcijas-prieksltikums-${input.proposalId}.txt`,
        contentType: 'text/plain',
        actor: ACTOR,
        idempotencyKey: `adoption-proposal:${input.proposalId}`,
        body: Buffer.from(body, 'utf8'),
        event: { type: 'adoption.letter', summary: 'Adopcijas reģistra dokuments' },
      });
      const tx = em();
      await tx.transactional(async (t) => {
        const existing = await t.findOne(AdoptionProposal, { id: input.proposalId });
        if (!existing) {
          t.create(AdoptionProposal, {
            id: input.proposalId,
            matchId: input.matchId,
            childId: input.childId,
            adopterId: input.adopterId,
            rank: input.rank,
            state: 'pending',
            proposedAt: new Date(),
            deadline: new Date(input.deadline),
            letterDocumentId: documentId,
            answeredAt: null,
            reason: null,
          });
        }
        await t.flush();
        await auditSystem(t, 'adoption.proposal.create', 'adoption-proposal', input.proposalId, {
          matchId: input.matchId,
          adopterId: input.adopterId,
          letterDocumentId: documentId,
        });
      });
      return { letterDocumentId: documentId };
    },

    async adoptionCloseProposal(input: {
      proposalId: string;
      state: Exclude<ProposalState, 'pending'>;
      reason: string | null;
    }): Promise<void> {
      await em().transactional(async (t) => {
        const p = await t.findOneOrFail(AdoptionProposal, { id: input.proposalId });
        if (p.state !== 'pending') return;
        p.state = input.state;
        p.answeredAt = new Date();
        p.reason = input.reason?.slice(0, 500) ?? null;
        await t.flush();
        await auditSystem(t, `adoption.proposal.${input.state}`, 'adoption-proposal', p.id, {
          matchId: p.matchId,
          adopterId: p.adopterId,
        });
      });
    },

    async adoptionSetMatchState(input: {
      matchId: string;
      state: MatchState;
      adopterId: string | null;
      acquaintanceUntil: string | null;
    }): Promise<void> {
      const e = em();
      const m = await e.findOneOrFail(AdoptionMatch, { id: input.matchId });
      m.state = input.state;
      m.adopterId = input.adopterId;
      m.acquaintanceUntil = input.acquaintanceUntil;
      m.updatedAt = new Date();
      if (['completed', 'withdrawn', 'no-candidate', 'rejected'].includes(input.state))
        m.completedAt = new Date();
      await e.flush();
    },

    /** Acceptance: the child and the adopter leave the active register for the acquaintance period. */
    /** A sibling group is matched together: the other siblings follow the child the match is about. */
    async adoptionAccepted(input: {
      matchId: string;
      childId: string;
      adopterId: string;
      acquaintanceUntil: string;
    }): Promise<void> {
      await em().transactional(async (t) => {
        const group = await siblingGroupOf(t, input.childId);
        const adopter = await t.findOneOrFail(AdoptionAdopter, { id: input.adopterId });
        const now = new Date();
        for (const member of group) {
          if (member.state === 'active') member.state = 'matched';
          member.updatedAt = now;
        }
        if (adopter.state === 'active') adopter.state = 'matched';
        adopter.updatedAt = now;
        await t.flush();
        await auditSystem(t, 'adoption.match.accepted', 'adoption-match', input.matchId, {
          childId: input.childId,
          adopterId: input.adopterId,
          acquaintanceUntil: input.acquaintanceUntil,
        });
      });
    },

    async adoptionCreateProgressTask(input: {
      matchId: string;
      month: number;
      dueDate: string;
    }): Promise<void> {
      const e = em();
      const id = `${input.matchId}:${input.month}`;
      if (await e.findOne(AdoptionProgressTask, { id })) return;
      e.create(AdoptionProgressTask, {
        id,
        matchId: input.matchId,
        month: input.month,
        dueDate: input.dueDate,
        title: `Iepazīšanās perioda progresa piezīme: ${input.month}. mēnesis`,
        state: 'open',
        createdAt: new Date(),
      });
      await e.flush();
    },

    async adoptionRecordDecision(input: {
      matchId: string;
      kind: 'orphan-court' | 'court';
      decision: { documentRef: string; decidedOn: string; approved: boolean };
    }): Promise<void> {
      await em().transactional(async (t) => {
        const m = await t.findOneOrFail(AdoptionMatch, { id: input.matchId });
        if (input.kind === 'orphan-court') m.orphanCourtDecision = { ...input.decision };
        else m.courtDecision = { ...input.decision };
        m.updatedAt = new Date();
        await t.flush();
        await auditSystem(t, `adoption.match.${input.kind}-decision`, 'adoption-match', m.id, {
          ...input.decision,
        });
      });
    },

    /**
     * Ends an interrupted or unsuccessful match: the child returns to the active register (or is withdrawn), the
     * adopter returns to the active register unless their status was changed meanwhile (e.g. suspended).
     */
    async adoptionRelease(input: {
      matchId: string;
      childId: string;
      adopterId: string | null;
      childState: 'active' | 'withdrawn';
      reason: string | null;
    }): Promise<void> {
      await em().transactional(async (t) => {
        const child = await t.findOneOrFail(AdoptionChild, { id: input.childId });
        // A withdrawal made through the API meanwhile is never undone by a release.
        if (child.state !== 'archived' && child.state !== 'withdrawn') {
          child.state = input.childState;
          if (input.childState === 'withdrawn') child.withdrawnReason = input.reason?.slice(0, 500) ?? null;
          child.updatedAt = new Date();
        }
        for (const sibling of await siblingGroupOf(t, input.childId)) {
          if (sibling.id !== child.id && sibling.state === 'matched') {
            sibling.state = 'active';
            sibling.updatedAt = new Date();
          }
        }
        if (input.adopterId) {
          const adopter = await t.findOne(AdoptionAdopter, { id: input.adopterId });
          if (adopter?.state === 'matched') {
            adopter.state = 'active';
            adopter.updatedAt = new Date();
          }
        }
        await t.flush();
        await auditSystem(t, 'adoption.match.released', 'adoption-match', input.matchId, {
          childId: input.childId,
          adopterId: input.adopterId,
          childState: input.childState,
        });
      });
    },

    /** The court's decision took effect: both records leave the active register and become read-only. */
    async adoptionComplete(input: { matchId: string; childId: string; adopterId: string }): Promise<void> {
      await em().transactional(async (t) => {
        const now = new Date();
        const adopter = await t.findOneOrFail(AdoptionAdopter, { id: input.adopterId });
        for (const member of await siblingGroupOf(t, input.childId)) {
          if (member.id !== input.childId && member.state !== 'matched') continue;
          member.state = 'archived';
          member.archivedAt = now;
          member.updatedAt = now;
        }
        adopter.state = 'archived';
        adopter.archivedAt = now;
        adopter.updatedAt = now;
        await t.flush();
        await auditSystem(t, 'adoption.match.completed', 'adoption-match', input.matchId, {
          childId: input.childId,
          adopterId: input.adopterId,
        });
      });
    },
  };
}

export type AdoptionActivities = ReturnType<typeof createAdoptionActivities>;

/** The child and, when it belongs to a sibling group, its siblings in the register. */
async function siblingGroupOf(t: Em, childId: string): Promise<IAdoptionChild[]> {
  const child = await t.findOneOrFail(AdoptionChild, { id: childId });
  if (!child.siblingGroup) return [child];
  return t.find(AdoptionChild, { siblingGroup: child.siblingGroup });
}
