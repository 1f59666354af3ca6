/**
 * Roles and what each may do. The API checks these on the server for every route; the municipality scope
 * (a worker sees only their municipality's cases) is applied on top by `canAccessMunicipality`.
 */
export const ROLES = [
  'social_worker',
  'supervisor',
  'bac_inspector',
  'adoption_specialist',
  'auditor',
  'admin',
  'integrator',
  'service_provider',
  /** An organisation's HR user: keeps that organisation's children's-rights specialists (issue 19). */
  'org_hr',
  /** An official of the Ministry of Welfare (LM): decides the provider register and the state-funded care queue (issue 22). */
  'lm_specialist',
  /** A provider's own user: applies to the register for its provider and reports its capacity (issue 22). */
  'provider_admin',
  /** The Ministry of Welfare's analyst: reads every municipality's statistical reports (issue 20). */
  'lm_analyst',
  /** The national coordinator of victims' rehabilitation: every municipality's session records, pseudonymised. */
  'rehab_coordinator',
] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'case:read'
  | 'case:write'
  | 'person:read'
  | 'person:write'
  | 'document:read'
  | 'document:write'
  | 'audit:read'
  | 'audit:verify'
  | 'municipality:settings'
  | 'registry:refresh'
  | 'oversight:read'
  | 'adoption:read'
  | 'adoption:write'
  | 'integration:dms'
  | 'task:read'
  | 'task:write'
  | 'placement:read'
  | 'placement:write'
  | 'alert:read'
  | 'alert:ack'
  | 'service:read'
  | 'service:write'
  | 'service:deliver'
  | 'service-type:write'
  | 'settlement:read'
  /** Decode Temporal payloads (the codec endpoint the Temporal Web UI uses). */
  | 'workflow-payload:decode'
  | 'specialist:read'
  | 'specialist:write'
  | 'specialist:oversee'
  /** Apply to the provider register (a provider's user for its provider; LM on a provider's behalf). */
  | 'provider:apply'
  | 'provider:read'
  | 'provider:decide'
  /** Submit a request to the state-funded care queue for a client of the municipality. */
  | 'care-queue:request'
  | 'care-queue:read'
  | 'care-queue:decide'
  /** Record the person's answer to an offered place (LM, or the social worker of the person's case). */
  | 'care-queue:answer'
  /** Publish a release of the open datasets (issue 23). */
  | 'open-data:publish'
  /** Read the state statistical reports (MK 324) of a municipality. */
  | 'report:read'
  /** Submit them (the municipality is the respondent). */
  | 'report:submit'
  /** See every municipality's victim-rehabilitation records, pseudonymised, for coordination. */
  | 'rehabilitation:coordinate';

const GRANTS: Record<Role, readonly Permission[]> = {
  social_worker: [
    'case:read',
    'case:write',
    'person:read',
    'person:write',
    'document:read',
    'document:write',
    'registry:refresh',
    'task:read',
    'task:write',
    'placement:read',
    'placement:write',
    'service:read',
    'service:write',
    'service:deliver',
    'provider:read',
    'care-queue:request',
    'care-queue:read',
    'care-queue:answer',
  ],
  supervisor: [
    'case:read',
    'case:write',
    'person:read',
    'person:write',
    'document:read',
    'document:write',
    'registry:refresh',
    'audit:read',
    'municipality:settings',
    'task:read',
    'task:write',
    'placement:read',
    'placement:write',
    'alert:read',
    'alert:ack',
    'service:read',
    'service:write',
    'service:deliver',
    'settlement:read',
    'provider:read',
    'care-queue:request',
    'care-queue:read',
    'care-queue:answer',
    'report:read',
    'report:submit',
  ],
  bac_inspector: [
    'oversight:read',
    'placement:read',
    'alert:read',
    'specialist:read',
    'specialist:write',
    'specialist:oversee',
  ],
  adoption_specialist: ['adoption:read', 'adoption:write', 'person:read', 'person:write'],
  auditor: ['audit:read', 'audit:verify'],
  admin: [
    'audit:verify',
    'municipality:settings',
    'task:read',
    'task:write',
    'service-type:write',
    'workflow-payload:decode',
    'open-data:publish',
  ],
  integrator: ['integration:dms'],
  /** A service provider's user: records deliveries of the services it provides, in its municipality. */
  service_provider: ['service:deliver'],
  /**
   * Sees and keeps only its own organisation's specialists (scope applied by the specialists service) and works the
   * organisation's task queue (training reminders and overdue notices).
   */
  org_hr: ['specialist:read', 'specialist:write', 'task:read', 'task:write'],
  lm_specialist: [
    'provider:apply',
    'provider:read',
    'provider:decide',
    'care-queue:read',
    'care-queue:decide',
    'care-queue:answer',
  ],
  /** Sees and applies for its own provider only (scope applied by the providers service). */
  provider_admin: ['provider:apply', 'provider:read', 'care-queue:read'],
  lm_analyst: ['report:read'],
  rehab_coordinator: ['rehabilitation:coordinate'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** National roles see every municipality; the others only their own. */
const NATIONAL_ROLES: readonly Role[] = [
  'bac_inspector',
  'adoption_specialist',
  'auditor',
  'admin',
  'lm_specialist',
  'lm_analyst',
  'rehab_coordinator',
];

export function isNationalRole(role: Role): boolean {
  return NATIONAL_ROLES.includes(role);
}

export function canAccessMunicipality(
  user: { role: Role; municipalityCode: string | null },
  municipalityCode: string,
): boolean {
  return isNationalRole(user.role) || user.municipalityCode === municipalityCode;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
