/**
 * "Mani pieteikumi un lēmumi": the means-test cycles and social-service requests of the signed-in person and of
 * their minor children (PMLP), with state, deadline and the status in force; the decisions and letters of those
 * case files for download. Nothing of anyone else: every document is looked up within those people's cases only.
 */
import {
  Case,
  Document,
  MeansTestCycle,
  Municipality,
  Person,
  ServiceType,
  SocialService,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { municipalityGenitive } from '../../domain/citizen/access-history.js';
import { appendAudit } from '../audit-log.js';
import { findDocumentVersion, readVerifiedVersion } from '../documents.js';
import type { Citizen } from './sessions.js';

/** The document types a citizen downloads from their case file. */
export const CITIZEN_DOCUMENT_TYPES = ['decision', 'letter', 'application'] as const;

export interface PortalPerson {
  personalCode: string;
  firstName: string;
  lastName: string;
  self: boolean;
}

export interface MeansTestItem {
  id: string;
  state: string;
  active: boolean;
  applicationDate: string;
  decisionDeadline: string;
  status: string | null;
  validFrom: string | null;
  validTo: string | null;
  gmiBenefitEur: number | null;
  municipality: string;
}

export interface ServiceItem {
  id: string;
  serviceName: { lv: string; en: string };
  state: string;
  requestedAt: string;
  decisionDeadline: string;
  nextDeadline: string | null;
  decision: string | null;
  municipality: string;
}

export interface LetterItem {
  id: string;
  title: string;
  type: string;
  createdAt: Date;
}

export interface PersonApplications {
  person: PortalPerson;
  meansTests: MeansTestItem[];
  services: ServiceItem[];
  letters: LetterItem[];
}

async function casesOf(em: Em, personalCodes: string[]) {
  const persons = personalCodes.length ? await em.find(Person, { personalCode: { $in: personalCodes } }) : [];
  const cases = persons.length ? await em.find(Case, { personId: { $in: persons.map((p) => p.id) } }) : [];
  return { persons, cases };
}

export async function applicationsOf(em: Em, people: PortalPerson[]): Promise<PersonApplications[]> {
  const { persons, cases } = await casesOf(
    em,
    people.map((p) => p.personalCode),
  );
  const caseIds = cases.map((c) => c.id);
  const [cycles, services, documents, municipalities, types] = await Promise.all([
    caseIds.length
      ? em.find(MeansTestCycle, { caseId: { $in: caseIds } }, { orderBy: { createdAt: 'desc' } })
      : [],
    caseIds.length
      ? em.find(SocialService, { caseId: { $in: caseIds } }, { orderBy: { createdAt: 'desc' } })
      : [],
    caseIds.length
      ? em.find(
          Document,
          { caseId: { $in: caseIds }, type: { $in: [...CITIZEN_DOCUMENT_TYPES] }, restricted: false },
          { orderBy: { createdAt: 'desc' } },
        )
      : [],
    em.find(Municipality, {}),
    em.find(ServiceType, {}),
  ]);
  const municipality = new Map(municipalities.map((m) => [m.atvk, municipalityGenitive(m.name)]));
  const serviceName = new Map(types.map((t) => [t.code, { lv: t.nameLv, en: t.nameEn }]));
  return people.map((person) => {
    const id = persons.find((p) => p.personalCode === person.personalCode)?.id;
    const own = new Set(cases.filter((c) => c.personId === id).map((c) => c.id));
    return {
      person,
      meansTests: cycles
        .filter((c) => own.has(c.caseId))
        .map((c) => ({
          id: c.id,
          state: c.state,
          active: c.active,
          applicationDate: c.applicationDate,
          decisionDeadline: c.decisionDeadline,
          status: c.status ?? null,
          validFrom: c.validFrom ?? null,
          validTo: c.validTo ?? null,
          gmiBenefitEur:
            c.gmiBenefitEur === null || c.gmiBenefitEur === undefined ? null : Number(c.gmiBenefitEur),
          municipality: municipality.get(c.municipalityCode) ?? c.municipalityCode,
        })),
      services: services
        .filter((s) => own.has(s.caseId))
        .map((s) => ({
          id: s.id,
          serviceName: serviceName.get(s.serviceTypeCode) ?? { lv: s.serviceTypeCode, en: s.serviceTypeCode },
          state: s.state,
          requestedAt: s.requestedAt,
          decisionDeadline: s.decisionDeadline,
          nextDeadline: s.nextDeadline ?? null,
          decision: s.decision ?? null,
          municipality: municipality.get(s.municipalityCode) ?? s.municipalityCode,
        })),
      letters: documents
        .filter((d) => own.has(d.caseId))
        .map((d) => ({ id: d.id, title: d.title, type: d.type, createdAt: d.createdAt })),
    };
  });
}

/**
 * A decision or letter of the citizen's (or their minor child's) case file, verified against its checksum; null for
 * anything else (another person's document, registry evidence, a restricted document, no such id).
 */
export async function citizenDocument(
  em: Em,
  store: ObjectStore,
  citizen: Citizen,
  people: PortalPerson[],
  documentId: string,
  requestId: string,
): Promise<{ body: Buffer; fileName: string; contentType: string } | null> {
  const document = await em.findOne(Document, { id: documentId });
  if (
    !document ||
    document.restricted ||
    !(CITIZEN_DOCUMENT_TYPES as readonly string[]).includes(document.type)
  )
    return null;
  const { cases } = await casesOf(
    em,
    people.map((p) => p.personalCode),
  );
  const owner = cases.find((c) => c.id === document.caseId);
  if (!owner) return null;
  const found = await findDocumentVersion(em, owner.id, document.id);
  if (!found) return null;
  const body = await readVerifiedVersion(em, store, {
    caseId: owner.id,
    municipalityCode: owner.municipalityCode,
    version: found.version,
  });
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.document.download',
    resourceType: 'document',
    resourceId: document.id,
    caseId: owner.id,
    subjectPersonId: owner.personId,
    outcome: 'success',
    requestId,
  });
  return { body, fileName: found.version.fileName, contentType: found.version.contentType };
}

/** The citizen looked at their (and their children's) applications: audited as the citizen. */
export async function auditApplicationsRead(
  em: Em,
  citizen: Citizen,
  input: { children: number; requestId: string },
): Promise<void> {
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.applications.read',
    resourceType: 'applications',
    resourceId: null,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: 'success',
    requestId: input.requestId,
    details: { children: input.children },
  });
}
