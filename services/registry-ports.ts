/**
 * The registry activities' ports implemented against the database and MinIO: personal codes are looked up here
 * (never carried in workflow history), every answer becomes an immutable JSON evidence document in the case file,
 * and every request is written to the registry request log.
 */
import { Case, Person, RegistryRequest, User } from '../infra/db/entities/index.js';
import type { Orm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import type { ObjectStore } from '../infra/object-store.js';
import type { RegistryPorts } from '../activities/registries/ports.js';
import { REGISTRY_INFO } from '../activities/registries/registry-info.js';
import { findOrCreatePerson, recordCaseEvent } from './case-file.js';
import { storeSystemDocument } from './documents.js';
import { appendAudit } from './audit-log.js';
import { recordRegisteredHousehold } from './household.js';

const RIGA_TIME = new Intl.DateTimeFormat('lv-LV', {
  timeZone: 'Europe/Riga',
  dateStyle: 'short',
  timeStyle: 'short',
});

export function createRegistryPorts(deps: { orm: Orm; store: ObjectStore; logger: Logger }): RegistryPorts {
  return {
    persons: {
      async personalCodeOf(personId) {
        const person = await deps.orm.em.fork().findOne(Person, { id: personId });
        if (!person) throw new Error(`unknown person ${personId}`);
        return person.personalCode;
      },
      async personIdOf(input) {
        const { person } = await findOrCreatePerson(deps.orm.em.fork(), input);
        return person.id;
      },
    },

    evidence: {
      async storeSnapshot(input) {
        const info = REGISTRY_INFO[input.registry];
        const body = Buffer.from(
          JSON.stringify(
            {
              kind: 'registry-evidence',
              registry: input.registry,
              registryName: info.name,
              legalBasis: info.legalBasis,
              requestId: input.requestId,
              subjectPersonId: input.subjectPersonId,
              receivedAt: input.receivedAt,
              payload: input.payload,
            },
            null,
            2,
          ),
        );
        const shortName = info.name.match(/\(([^)]+)\)/)?.[1] ?? info.name;
        const received = RIGA_TIME.format(new Date(input.receivedAt));
        const { documentId } = await storeSystemDocument(deps.orm.em.fork(), deps.store, {
          caseId: input.caseId,
          title: `Dati no ${shortName} (${received})`,
          type: 'registry-evidence',
          source: 'registry',
          fileName: `${input.registry}-${input.requestId}.json`,
          contentType: 'application/json',
          actor: 'system:registry',
          idempotencyKey: `registry:${input.requestId}`,
          body,
          event: {
            type: 'registry.data-received',
            summary: `Dati saņemti no ${shortName} ${received}`,
            data: {
              registry: input.registry,
              requestId: input.requestId,
              subjectPersonId: input.subjectPersonId,
            },
          },
        });
        await deps.orm.em
          .fork()
          .nativeUpdate(RegistryRequest, { requestId: input.requestId }, { snapshotDocumentId: documentId });
        return { snapshotDocumentId: documentId };
      },
    },

    requestLog: {
      /**
       * The request log row and an audit entry about the subject person, in one transaction: every registry request
       * about a person is in that person's access history, whichever case (or adoption record) it was made from.
       */
      async record(entry) {
        const em = deps.orm.em.fork();
        const requester = await em.findOne(User, { username: entry.requestedBy });
        const isCase = (await em.count(Case, { id: entry.caseId })) > 0;
        const fields = {
          caseId: entry.caseId,
          registry: entry.registry,
          subjectPersonId: entry.subjectPersonId,
          purpose: entry.purpose.slice(0, 200),
          legalBasis: entry.legalBasis.slice(0, 300),
          requestedBy: entry.requestedBy,
          requestedAt: new Date(entry.requestedAt),
          outcome: entry.outcome,
          httpStatus: entry.httpStatus,
          durationMs: entry.durationMs,
          errorMessage: entry.errorMessage?.slice(0, 500) ?? null,
        };
        await em.transactional(async (tx) => {
          const existing = await tx.findOne(RegistryRequest, { requestId: entry.requestId });
          if (existing) tx.assign(existing, fields);
          else
            tx.create(RegistryRequest, { requestId: entry.requestId, snapshotDocumentId: null, ...fields });
          await tx.flush();
          await appendAudit(tx, {
            actor: entry.requestedBy,
            role: requester?.role ?? 'system',
            municipalityCode: requester?.municipalityCode ?? null,
            action: 'registry.request',
            resourceType: 'registry-request',
            resourceId: entry.requestId,
            caseId: isCase ? entry.caseId : null,
            subjectPersonId: entry.subjectPersonId,
            outcome:
              entry.outcome === 'ok' || entry.outcome === 'accepted' || entry.outcome === 'not-found'
                ? 'success'
                : 'error',
            details: {
              registry: entry.registry,
              registryOutcome: entry.outcome,
              legalBasis: fields.legalBasis,
              purpose: fields.purpose,
              ...(isCase ? {} : { recordId: entry.caseId }),
            },
          });
        });
      },
    },

    household: {
      async recordRegisteredHousehold(input) {
        await recordRegisteredHousehold(deps.orm.em.fork(), input);
      },
    },

    notifier: {
      async bankDidNotAnswer(input) {
        const em = deps.orm.em.fork();
        await em.transactional(async (tx) => {
          await recordCaseEvent(tx, {
            caseId: input.caseId,
            type: 'registry.bank-no-answer',
            actor: 'system:registry',
            summary: `Banka(-s) ${input.banks.join(', ')} nav atbildējusi(-šas) noteiktajā termiņā: pārbaudiet kontu datus citādi`,
            data: { workflowId: input.workflowId, banks: input.banks },
          });
          await tx.flush();
          await appendAudit(tx, {
            actor: 'system:registry',
            role: 'system',
            municipalityCode: null,
            action: 'registry.bank-timeout',
            resourceType: 'case',
            resourceId: input.caseId,
            caseId: input.caseId,
            outcome: 'error',
            details: { workflowId: input.workflowId, banks: input.banks },
          });
        });
        deps.logger.warn(
          { caseId: input.caseId, banks: input.banks },
          'banks did not answer by the deadline',
        );
      },
    },
  };
}
