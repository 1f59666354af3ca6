/**
 * "Kas skatījās manus datus" (who read my data): how an audit entry is shown to the person it is about — the
 * institution (from the official's role and municipality), a purpose category (from the action, when the entry
 * carries no purpose of its own) — never the official's name or user name.
 */

export type InstitutionKind =
  | 'social-service'
  | 'bac'
  | 'ministry'
  | 'ministry-audit'
  | 'provider'
  | 'organisation'
  | 'system-admin'
  | 'integration'
  | 'automatic';

/** The institution an official of `role` acts for. */
export function institutionKind(role: string, municipalityCode: string | null): InstitutionKind {
  switch (role) {
    case 'social_worker':
    case 'supervisor':
      return municipalityCode ? 'social-service' : 'ministry';
    case 'bac_inspector':
      return 'bac';
    case 'adoption_specialist':
    case 'lm_specialist':
      return 'ministry';
    case 'auditor':
      return 'ministry-audit';
    case 'service_provider':
      return 'provider';
    case 'org_hr':
      return 'organisation';
    case 'admin':
      return 'system-admin';
    case 'integrator':
      return 'integration';
    default:
      return 'automatic';
  }
}

/**
 * The municipality's name in the genitive, as in "Rīgas sociālais dienests", "Cēsu novada sociālais dienests":
 * state cities ending in -a/-e take -s (Rīga → Rīgas, Rēzekne → Rēzeknes), those ending in -s stay (Daugavpils);
 * "X novads" becomes "X novada".
 */
export function municipalityGenitive(name: string): string {
  if (name.endsWith(' novads')) return `${name.slice(0, -' novads'.length)} novada`;
  if (/[ae]$/.test(name)) return `${name}s`;
  return name;
}

export const PURPOSE_CATEGORIES = [
  'case',
  'documents',
  'registry',
  'household',
  'means-test',
  'social-service',
  'placement',
  'adoption',
  'oversight',
  'audit',
  'other',
] as const;
export type PurposeCategory = (typeof PURPOSE_CATEGORIES)[number];

const BY_PREFIX: [string, PurposeCategory][] = [
  ['case.', 'case'],
  ['document', 'documents'],
  ['registry', 'registry'],
  ['household', 'household'],
  ['means-test', 'means-test'],
  ['social-service', 'social-service'],
  ['settlement', 'social-service'],
  ['placement', 'placement'],
  ['adoption', 'adoption'],
  ['oversight', 'oversight'],
  ['person', 'case'],
  ['audit', 'audit'],
];

export function purposeCategory(action: string): PurposeCategory {
  return BY_PREFIX.find(([prefix]) => action.startsWith(prefix))?.[1] ?? 'other';
}
