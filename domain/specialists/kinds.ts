/** Closed vocabularies of the specialists register (issue 19). */
export const ORGANISATION_KINDS = [
  'orphan-court',
  'social-service',
  'police',
  'court-administration',
  'education',
  'care-institution',
  'administrative-commission',
  'bac',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const POSITION_KINDS = [
  'orphan-court-member',
  'orphan-court-chair',
  'social-worker',
  'police-officer',
  'teacher',
  'care-institution-staff',
  'administrative-commission-member',
  'other',
] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export const TRAINING_KINDS = ['initial', 'refresher'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const SPECIALIST_STATUSES = [
  'compliant',
  'initial-due',
  'initial-overdue',
  'refresher-due',
  'refresher-overdue',
  'inactive',
] as const;
export type SpecialistStatus = (typeof SPECIALIST_STATUSES)[number];

/** Order in which an HR list shows people: overdue first, then due, then the rest. */
export const STATUS_URGENCY: Readonly<Record<SpecialistStatus, number>> = {
  'initial-overdue': 0,
  'refresher-overdue': 1,
  'initial-due': 2,
  'refresher-due': 3,
  compliant: 4,
  inactive: 5,
};
