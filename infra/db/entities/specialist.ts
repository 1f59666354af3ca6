import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * An organisation that keeps children's-rights specialists (issue 19): BAC, the State Police, the Court
 * Administration, the municipalities' institutions. `municipalityAtvk` is null for national bodies.
 */
export const SpecialistOrganisation = defineEntity({
  name: 'SpecialistOrganisation',
  tableName: 'specialist_organisations',
  properties: {
    id: p.string().length(36).primary(),
    name: p.string().length(200),
    kind: p.string().length(40),
    municipalityAtvk: p.string().length(7).nullable().index(),
    registrationNo: p.string().length(20).unique(),
    createdAt: p.datetime(),
  },
});
export type ISpecialistOrganisation = InferEntity<typeof SpecialistOrganisation>;

/**
 * A person in the register, once per personal code. `organisationId` is the organisation of the latest employment
 * (whose record it is: only it and BAC see the person); the employment history is in SpecialistEmployment.
 */
export const Specialist = defineEntity({
  name: 'Specialist',
  tableName: 'specialists',
  properties: {
    id: p.string().length(36).primary(),
    personalCode: p.string().length(12).unique(),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    organisationId: p.string().length(36).index(),
    position: p.string().length(200),
    positionKind: p.string().length(40),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type ISpecialist = InferEntity<typeof Specialist>;

/** One employment period: `employedTo` is the last day employed (inclusive), null while employed. */
export const SpecialistEmployment = defineEntity({
  name: 'SpecialistEmployment',
  tableName: 'specialist_employments',
  properties: {
    id: p.string().length(36).primary(),
    specialistId: p.string().length(36).index(),
    organisationId: p.string().length(36).index(),
    position: p.string().length(200),
    positionKind: p.string().length(40),
    employedFrom: p.string().length(10),
    employedTo: p.string().length(10).nullable(),
    createdAt: p.datetime(),
  },
});
export type ISpecialistEmployment = InferEntity<typeof SpecialistEmployment>;

/** A completed training; the same certificate of the same person is the same record (idempotent imports). */
export const SpecialistTraining = defineEntity({
  name: 'SpecialistTraining',
  tableName: 'specialist_trainings',
  uniques: [{ properties: ['specialistId', 'certificateNo'] }],
  properties: {
    id: p.string().length(36).primary(),
    specialistId: p.string().length(36).index(),
    kind: p.string().length(20),
    completedOn: p.string().length(10),
    hours: p.integer(),
    programme: p.string().length(300),
    provider: p.string().length(200),
    certificateNo: p.string().length(50),
    /** 'api', 'screen' or 'import'. */
    source: p.string().length(20),
    recordedBy: p.string().length(100),
    createdAt: p.datetime(),
  },
});
export type ISpecialistTraining = InferEntity<typeof SpecialistTraining>;
