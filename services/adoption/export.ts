/** The pseudonymised export of the adoption register, for analytics. */
import { createHmac } from 'node:crypto';
import { ageInWholeYears } from '../../domain/calendar.js';
import { csvDocument, type CsvValue } from '../../infra/csv.js';
import { AdoptionAdopter, AdoptionChild, Person } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';

/** Stable pseudonym of a person: HMAC-SHA256 of the person id under the configured key (hex, 32 characters). */
export function pseudonym(key: string, personId: string): string {
  return createHmac('sha256', key).update(`person:${personId}`).digest('hex').slice(0, 32);
}

/**
 * One CSV row per register record: no names, no personal codes, no register or person ids — persons appear only
 * as keyed pseudonyms, children's birth dates only as an age in whole years on `date`.
 */
export async function pseudonymisedExport(em: Em, key: string, date: string): Promise<string> {
  const children = await em.find(AdoptionChild, {}, { orderBy: { id: 'asc' } });
  const adopters = await em.find(AdoptionAdopter, {}, { orderBy: { id: 'asc' } });
  const persons = await em.find(Person, { id: { $in: children.map((c) => c.personId) } });
  const header = [
    'record_type',
    'person_pseudonyms',
    'state',
    'age_years',
    'legally_free_since',
    'sibling_group',
    'health_conditions',
    'region_atvk',
    'residence',
    'approved_at',
    'registered_at',
    'wish_age_min',
    'wish_age_max',
    'wish_max_children',
    'wish_accepts_siblings',
    'wish_health_conditions',
    'wish_regions_atvk',
  ];
  const rows: CsvValue[][] = [header];
  for (const c of children) {
    const birth = persons.find((p) => p.id === c.personId)?.birthDate;
    rows.push([
      'child',
      pseudonym(key, c.personId),
      c.state,
      birth ? ageInWholeYears(birth, date) : null,
      c.legallyFreeSince,
      c.siblingGroup
        ? createHmac('sha256', key).update(`group:${c.siblingGroup}`).digest('hex').slice(0, 16)
        : null,
      c.healthConditions.join(' '),
      c.regionAtvk,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  }
  for (const a of adopters) {
    rows.push([
      'adopter',
      a.applicantPersonIds.map((id) => pseudonym(key, id)).join(' '),
      a.state,
      null,
      null,
      null,
      null,
      null,
      a.residence,
      a.approvedAt,
      a.registeredAt,
      a.wishes.ageMin,
      a.wishes.ageMax,
      a.wishes.maxChildren,
      a.wishes.acceptsSiblings,
      a.wishes.acceptedHealthConditions.join(' '),
      a.wishes.regionsAtvk.join(' '),
    ]);
  }
  return csvDocument(rows, { lineEnd: '\n' });
}
