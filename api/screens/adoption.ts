/**
 * The adoption register screens (MK 794; issue 8): `/adoption` (children and adopters with filters and counts),
 * `/adoption/children/:id` (child card with the ranked candidates and their reasons, "start matching"),
 * `/adoption/adopters/:id` (adopter card). The match screens live in `adoption-match.ts`. Only
 * `adoption_specialist` reaches them: every other signed-in role gets the same 404 page as an unknown screen, and
 * the attempt is audited like the API's (`adoption.access`, outcome `denied`). Every read is audited.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { can, type Permission } from '../../domain/access/roles.js';
import { healthConditionName } from '../../domain/adoption/health-conditions.js';
import { ageInWholeYears } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import type { AdoptionActor } from '../../services/adoption/audit.js';
import {
  adopterCard as adopterCardData,
  childCard as childCardData,
  findChild,
  personsById as personsByIdIn,
  REGIONS,
  registerOverview,
  type IAdoptionAdopter,
  type IAdoptionChild,
  type IPerson,
} from '../../services/adoption/screen-data.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { isUuid } from './case-access.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { currentCsrf, currentUser, loadSession, requireSignIn, ScreenError } from './session.js';

export const CHILD_STATES = ['active', 'matched', 'archived', 'withdrawn'] as const;
export const ADOPTER_STATES = ['active', 'suspended', 'matched', 'archived'] as const;

/**
 * Role gate of the adoption screens: without the permission the answer is the ordinary 404 page (no existence
 * leak), and the attempt is audited as the API does.
 */
export function adoptionScreenOnly(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = currentUser(c);
    if (!user || !can(user.role, permission)) {
      await audit(c, {
        action: 'adoption.access',
        resourceType: 'adoption',
        outcome: 'denied',
        details: { method: c.req.method, path: c.req.path, via: 'screens' },
      });
      throw new ScreenError(404, 'not-found');
    }
    await next();
  };
}

type Mw = MiddlewareHandler<AppEnv>;

export function adoptionGuards(lang: Mw, permission: Permission): readonly [Mw, Mw, Mw, Mw] {
  return [lang, loadSession(), requireSignIn(), adoptionScreenOnly(permission)] as const;
}

export function signedInUser(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user) throw new ScreenError(404, 'not-found');
  return user;
}

/** The signed-in user as the adoption services take it. */
export function screenActor(c: Context<AppEnv>): AdoptionActor {
  const user = signedInUser(c);
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    requestId: c.get('requestId'),
  };
}

const REGION_NAMES = new Map(REGIONS.map((m) => [m.atvk, m.name]));

export function regionName(atvk: string): string {
  return REGION_NAMES.get(atvk) ?? atvk;
}

export function conditions(codes: readonly string[]): { code: string; name: string }[] {
  return codes.map((code) => ({ code, name: healthConditionName(code) ?? code }));
}

export function fullName(p: IPerson | undefined): string {
  return p ? `${p.firstName} ${p.lastName}` : '—';
}

export function personsById(c: Context<AppEnv>, ids: readonly string[]): Promise<Map<string, IPerson>> {
  return personsByIdIn(c.get('em'), ids);
}

/** "Edvīns Vītols un Līga Vītola": the applicants of an adopter record. */
export function adopterNames(
  c: Context<AppEnv>,
  kit: ScreenKit,
  a: IAdoptionAdopter,
  persons: Map<string, IPerson>,
): string {
  const names = a.applicantPersonIds.map((id) => fullName(persons.get(id)));
  if (names.length === 2)
    return tr(c, kit, 'adoption.adopter.couple', { first: names[0] ?? '', second: names[1] ?? '' });
  return names.join(', ');
}

export function residenceLabel(c: Context<AppEnv>, kit: ScreenKit, residence: string): string {
  return residence === 'LV'
    ? tr(c, kit, 'adoption.residence.lv')
    : tr(c, kit, 'adoption.residence.abroad', { country: residence });
}

export function childAge(birthDate: string | null | undefined): number | null {
  return birthDate ? ageInWholeYears(birthDate, rigaToday()) : null;
}

/**
 * The candidates service's reasons (English, from `domain/adoption/matching.ts`) in the screen's language: each
 * known shape becomes a catalogue message; anything else is shown as it is, marked as English.
 */
export function localizeReason(
  c: Context<AppEnv>,
  kit: ScreenKit,
  reason: string,
  childNames: Map<string, string>,
): { text: string; lang: string | null } {
  const t = (key: string, params?: Record<string, string | number>) => ({
    text: tr(c, kit, key, params),
    lang: null,
  });
  let m: RegExpExecArray | null;
  if (reason === 'adopter is not approved') return t('adoption.reason.notApproved');
  if ((m = /^child (\S+) is not yet born on (\S+), outside the wished age range (\d+)–(\d+)$/.exec(reason)))
    return t('adoption.reason.notBorn', {
      child: childNames.get(m[1] ?? '') ?? m[1] ?? '',
      min: m[3] ?? '',
      max: m[4] ?? '',
    });
  if (
    (m = /^child (\S+) is (\d+) years old on (\S+), outside the wished age range (\d+)–(\d+)$/.exec(reason))
  )
    return t('adoption.reason.age', {
      child: childNames.get(m[1] ?? '') ?? m[1] ?? '',
      age: m[2] ?? '',
      min: m[4] ?? '',
      max: m[5] ?? '',
    });
  if (
    (m = /^the child is in a sibling group of (\d+) and the adopter does not accept siblings$/.exec(reason))
  )
    return t('adoption.reason.siblings', { n: m[1] ?? '' });
  if ((m = /^sibling group of (\d+) children exceeds the adopter's maximum of (\d+)$/.exec(reason)))
    return t('adoption.reason.maxChildren', { n: m[1] ?? '', max: m[2] ?? '' });
  if ((m = /^health condition\(s\) not accepted: (.+)$/.exec(reason)))
    return t('adoption.reason.health', {
      conditions: (m[1] ?? '')
        .split(', ')
        .map((code) => `${healthConditionName(code) ?? code} (${code})`)
        .join('; '),
    });
  if ((m = /^the child's region (\d+) is not among the adopter's regions$/.exec(reason)))
    return t('adoption.reason.region', { region: regionName(m[1] ?? '') });
  if (reason === 'meets all criteria for the child') return t('adoption.reason.meetsChild');
  if ((m = /^meets all criteria for the sibling group of (\d+)$/.exec(reason)))
    return t('adoption.reason.meetsGroup', { n: m[1] ?? '' });
  if (reason.startsWith('resides in Latvia')) return t('adoption.reason.residesLv');
  if ((m = /^resides abroad \((\w+)\)/.exec(reason)))
    return t('adoption.reason.residesAbroad', { country: m[1] ?? '' });
  if ((m = /^registered (\S+) \(queue order\)/.exec(reason)))
    return t('adoption.reason.queue', { date: m[1] ?? '' });
  return { text: reason, lang: langOf(c) === 'en' ? null : 'en' };
}

// ---------------------------------------------------------------------------------------------------------------
// The register

const RegisterQuery = z.object({
  state: z.enum(CHILD_STATES).optional().catch(undefined),
  adopterState: z.enum(ADOPTER_STATES).optional().catch(undefined),
  region: z
    .string()
    .regex(/^\d{7}$/)
    .optional()
    .catch(undefined),
  siblingGroup: z.string().trim().min(1).max(60).optional().catch(undefined),
});

async function registerPage(c: Context<AppEnv>, kit: ScreenKit): Promise<Response> {
  const q = RegisterQuery.parse({
    state: c.req.query('state') || undefined,
    adopterState: c.req.query('adopterState') || undefined,
    region: c.req.query('region') || undefined,
    siblingGroup: c.req.query('siblingGroup') || undefined,
  });
  const {
    children,
    adopters,
    siblingGroups: groups,
    persons,
  } = await registerOverview(c.get('em'), screenActor(c), q);
  return page(
    c,
    kit,
    'adoption',
    { title: tr(c, kit, 'adoption.register.title'), path: '/adoption' },
    {
      adoptionCurrent: true,
      filter: { ...q, region: q.region ?? '', siblingGroup: q.siblingGroup ?? '' },
      filtered: Boolean(q.state || q.adopterState || q.region || q.siblingGroup),
      childStates: CHILD_STATES.map((s) => ({ value: s, selected: q.state === s })),
      adopterStates: ADOPTER_STATES.map((s) => ({ value: s, selected: q.adopterState === s })),
      regions: REGIONS.map((m) => ({ atvk: m.atvk, name: m.name, selected: q.region === m.atvk })),
      siblingGroups: groups.map((g) => ({ value: g, selected: q.siblingGroup === g })),
      children: children.map((ch) => {
        const p = persons.get(ch.personId);
        return {
          id: ch.id,
          name: fullName(p),
          age: childAge(p?.birthDate),
          legallyFreeSince: ch.legallyFreeSince,
          siblingGroup: ch.siblingGroup,
          conditions: conditions(ch.healthConditions),
          region: regionName(ch.regionAtvk),
          state: ch.state,
        };
      }),
      adopters: adopters.map((a, i) => ({
        id: a.id,
        position: i + 1,
        names: adopterNames(c, kit, a, persons),
        residence: residenceLabel(c, kit, a.residence),
        registeredAt: a.registeredAt,
        approvedAt: a.approvedAt,
        state: a.state,
      })),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Child card

export async function childOr404(c: Context<AppEnv>, id: string | undefined): Promise<IAdoptionChild> {
  if (!isUuid(id)) throw new ScreenError(404, 'not-found');
  const child = await findChild(c.get('em'), id);
  if (!child) throw new ScreenError(404, 'not-found');
  return child;
}

async function childCard(c: Context<AppEnv>, kit: ScreenKit, child: IAdoptionChild): Promise<Response> {
  const user = signedInUser(c);
  const card = await childCardData(c.get('em'), screenActor(c), child);
  const { siblings, matches, running, assessed, persons, proposals, today } = card;
  const adopterRows = card.adopters;
  const childNames = new Map([child, ...siblings].map((s) => [s.id, fullName(persons.get(s.personId))]));
  const person = persons.get(child.personId);
  const name = fullName(person);
  return page(
    c,
    kit,
    'adoption-child',
    { title: tr(c, kit, 'adoption.child.title', { name }), path: `/adoption/children/${child.id}` },
    {
      child: {
        id: child.id,
        name,
        birthDate: person?.birthDate ?? null,
        age: childAge(person?.birthDate),
        legallyFreeSince: child.legallyFreeSince,
        siblingGroup: child.siblingGroup,
        siblings: siblings.map((s) => ({
          id: s.id,
          name: childNames.get(s.id) ?? '',
          state: s.state,
        })),
        conditions: conditions(child.healthConditions),
        region: regionName(child.regionAtvk),
        state: child.state,
        disabilityGroup: child.disabilityGroup,
        vdeavkOutcome: child.vdeavkOutcome,
        withdrawnReason: child.withdrawnReason,
      },
      today,
      candidates: assessed.map((a, i) => {
        const adopter = adopterRows[i];
        return {
          adopterId: a.adopterId,
          eligible: a.eligible,
          rank: a.rank,
          names: adopter ? adopterNames(c, kit, adopter, persons) : a.adopterId,
          residence: adopter ? residenceLabel(c, kit, adopter.residence) : '',
          registeredAt: adopter?.registeredAt ?? '',
          proposed: proposals.some((p) => p.adopterId === a.adopterId),
          reasons: a.reasons.map((r) => localizeReason(c, kit, r, childNames)),
        };
      }),
      eligibleCount: assessed.filter((a) => a.eligible).length,
      matches: matches.map((m) => ({ id: m.id, state: m.state, startedAt: m.startedAt.toISOString() })),
      runningMatchId: running?.id ?? null,
      canStart: child.state === 'active' && !running && can(user.role, 'adoption:write'),
      startAction: `/adoption/children/${child.id}/match`,
      csrfToken: currentCsrf(c) ?? '',
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Adopter card

async function adopterCard(c: Context<AppEnv>, kit: ScreenKit, id: string | undefined): Promise<Response> {
  if (!isUuid(id)) throw new ScreenError(404, 'not-found');
  const card = await adopterCardData(c.get('em'), screenActor(c), id);
  if (!card) throw new ScreenError(404, 'not-found');
  const { adopter, persons, proposals, children, childPersons } = card;
  const childName = (childId: string) => {
    const ch = children.find((x) => x.id === childId);
    return ch ? fullName(childPersons.get(ch.personId)) : childId;
  };
  const names = adopterNames(c, kit, adopter, persons);
  const w = adopter.wishes;
  return page(
    c,
    kit,
    'adoption-adopter',
    { title: tr(c, kit, 'adoption.adopter.title', { names }), path: `/adoption/adopters/${id}` },
    {
      adopter: {
        id: adopter.id,
        names,
        applicants: adopter.applicantPersonIds.map((pid) => {
          const p = persons.get(pid);
          return { name: fullName(p), birthDate: p?.birthDate ?? null };
        }),
        residence: residenceLabel(c, kit, adopter.residence),
        registeredAt: adopter.registeredAt,
        approvedAt: adopter.approvedAt,
        state: adopter.state,
      },
      wishes: {
        ageMin: w.ageMin,
        ageMax: w.ageMax,
        maxChildren: w.maxChildren,
        acceptsSiblings: w.acceptsSiblings,
        conditions: conditions(w.acceptedHealthConditions),
        regions: w.regionsAtvk.map(regionName),
      },
      proposals: proposals.map((p) => ({
        matchId: p.matchId,
        childId: p.childId,
        childName: childName(p.childId),
        state: p.state,
        proposedAt: p.proposedAt.toISOString(),
        deadline: p.deadline.toISOString(),
      })),
    },
  );
}

export function registerAdoptionScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = adoptionGuards(lang, 'adoption:read');
  app.get('/adoption', ...read, (c) => registerPage(c, kit));
  app.get('/adoption/children/:id', ...read, async (c) =>
    childCard(c, kit, await childOr404(c, c.req.param('id'))),
  );
  app.get('/adoption/adopters/:id', ...read, (c) => adopterCard(c, kit, c.req.param('id')));
}
