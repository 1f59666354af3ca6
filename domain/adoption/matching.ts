/**
 * Explainable, deterministic adoption matching (BRIEF §4.4; issue 8 project rules).
 *
 * An active adopter is eligible for a child (with the child's sibling group, matched together) when:
 * - approved (and active — inactive adopters are not listed at all);
 * - every child's age in whole years on `date` is within [ageMin, ageMax] (birthday rule of calendar.ts);
 * - for a group of n ≥ 2 children: acceptsSiblings and maxChildren ≥ n;
 * - every health condition of any child of the group is in acceptedHealthConditions;
 * - when regionsAtvk is not empty, the child's region is in it (the region of the child being matched).
 * Order of eligible adopters: residing in Latvia ('LV') first, then registeredAt (earliest first), then id
 * (code-unit order). Ranks are 1..n; ineligible adopters have rank null and follow, in the same order.
 */
import type { IsoDate } from '../calendar.js';
import { ageInWholeYears, compareIsoDates, isBefore, parseIsoDate } from '../calendar.js';

export const LATVIA_RESIDENCE = 'LV';

export interface AdoptionChild {
  readonly id: string;
  readonly birthDate: IsoDate;
  readonly siblingGroup: string | null;
  readonly healthConditions: readonly string[];
  readonly regionAtvk: string;
}

export interface AdopterWishes {
  readonly ageMin: number;
  readonly ageMax: number;
  readonly maxChildren: number;
  readonly acceptsSiblings: boolean;
  readonly acceptedHealthConditions: readonly string[];
  readonly regionsAtvk: readonly string[];
}

export interface Adopter {
  readonly id: string;
  readonly active: boolean;
  readonly approved: boolean;
  /** 'LV' or an ISO 3166-1 alpha-2 country code. */
  readonly residence: string;
  readonly registeredAt: IsoDate;
  readonly wishes: AdopterWishes;
}

export type MatchCriterion = 'approved' | 'age' | 'siblings' | 'max-children' | 'health' | 'region';

export interface CandidateAssessment {
  readonly adopterId: string;
  readonly eligible: boolean;
  readonly rank: number | null;
  readonly reasons: string[];
}

export interface AdopterCheck {
  readonly adopterId: string;
  readonly failed: readonly MatchCriterion[];
  readonly reasons: readonly string[];
}

/** The child together with the other members of its sibling group (deduplicated by id, the child first). */
export function matchingGroup(child: AdoptionChild, siblings: readonly AdoptionChild[]): AdoptionChild[] {
  const group: AdoptionChild[] = [child];
  if (child.siblingGroup === null) return group;
  for (const s of siblings) {
    if (s.siblingGroup === child.siblingGroup && !group.some((g) => g.id === s.id)) group.push(s);
  }
  return group;
}

function ageOn(child: AdoptionChild, date: IsoDate): number | null {
  return isBefore(date, child.birthDate) ? null : ageInWholeYears(child.birthDate, date);
}

/** Which criteria an adopter fails for the group, with a reason for each. */
export function checkAdopter(group: readonly AdoptionChild[], adopter: Adopter, date: IsoDate): AdopterCheck {
  const child = group[0];
  if (child === undefined) throw new RangeError('the group has no child');
  const failed: MatchCriterion[] = [];
  const reasons: string[] = [];
  const w = adopter.wishes;
  if (!adopter.approved) {
    failed.push('approved');
    reasons.push('adopter is not approved');
  }
  for (const c of group) {
    const age = ageOn(c, date);
    if (age === null || age < w.ageMin || age > w.ageMax) {
      if (!failed.includes('age')) failed.push('age');
      reasons.push(
        `child ${c.id} is ${age === null ? 'not yet born' : `${age} years old`} on ${date}, outside the wished age range ${w.ageMin}–${w.ageMax}`,
      );
    }
  }
  const n = group.length;
  if (n >= 2 && !w.acceptsSiblings) {
    failed.push('siblings');
    reasons.push(`the child is in a sibling group of ${n} and the adopter does not accept siblings`);
  }
  if (n >= 2 && w.maxChildren < n) {
    failed.push('max-children');
    reasons.push(`sibling group of ${n} children exceeds the adopter's maximum of ${w.maxChildren}`);
  }
  const notAccepted: string[] = [];
  for (const c of group) {
    for (const code of c.healthConditions) {
      if (!w.acceptedHealthConditions.includes(code) && !notAccepted.includes(code)) notAccepted.push(code);
    }
  }
  if (notAccepted.length > 0) {
    failed.push('health');
    reasons.push(`health condition(s) not accepted: ${notAccepted.join(', ')}`);
  }
  if (w.regionsAtvk.length > 0 && !w.regionsAtvk.includes(child.regionAtvk)) {
    failed.push('region');
    reasons.push(`the child's region ${child.regionAtvk} is not among the adopter's regions`);
  }
  return { adopterId: adopter.id, failed, reasons };
}

export function residesInLatvia(adopter: Adopter): boolean {
  return adopter.residence.toUpperCase() === LATVIA_RESIDENCE;
}

/** Queue order: Latvia first, then registeredAt, then id. */
export function compareAdopterQueue(a: Adopter, b: Adopter): number {
  const lv = Number(residesInLatvia(b)) - Number(residesInLatvia(a));
  if (lv !== 0) return lv;
  const reg = compareIsoDates(a.registeredAt, b.registeredAt);
  if (reg !== 0) return reg;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Every active adopter with eligibility, rank (1..n for eligible ones) and reasons, eligible ones first in queue
 * order. `siblings` may contain other register children; only those of the child's sibling group count.
 */
export function rankCandidates(
  child: AdoptionChild,
  siblings: readonly AdoptionChild[],
  adopters: readonly Adopter[],
  date: IsoDate,
): CandidateAssessment[] {
  parseIsoDate(date);
  const group = matchingGroup(child, siblings);
  const checked = adopters
    .filter((a) => a.active)
    .slice()
    .sort(compareAdopterQueue)
    .map((adopter) => ({ adopter, check: checkAdopter(group, adopter, date) }));
  const eligible = checked.filter((c) => c.check.failed.length === 0);
  const ineligible = checked.filter((c) => c.check.failed.length > 0);
  return [
    ...eligible.map(({ adopter }, i) => ({
      adopterId: adopter.id,
      eligible: true,
      rank: i + 1,
      reasons: [
        `meets all criteria for ${group.length === 1 ? 'the child' : `the sibling group of ${group.length}`}`,
        residesInLatvia(adopter)
          ? 'resides in Latvia (proposed before adopters abroad)'
          : `resides abroad (${adopter.residence.toUpperCase()}), after adopters residing in Latvia`,
        `registered ${adopter.registeredAt} (queue order), then by id ${adopter.id}`,
      ],
    })),
    ...ineligible.map(({ adopter, check }) => ({
      adopterId: adopter.id,
      eligible: false,
      rank: null,
      reasons: [...check.reasons],
    })),
  ];
}
