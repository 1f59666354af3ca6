/**
 * Changes to the provider register (issue 22, BRIEF §4.12): applications (a registration, a change of addresses,
 * services or capacity, a renewal, a withdrawal) and LM's decisions on them. Each validates, writes in one
 * transaction with its audit entry, then tells the provider's registration process (certificate issued, withdrawn).
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { compareIsoDates } from '../../domain/calendar.js';
import {
  certificateOn,
  certificateValidTo,
  validateAddresses,
  type ApplicationKind,
  type ProviderAddress,
} from '../../domain/providers/index.js';
import {
  Provider,
  ProviderApplication,
  ProviderCertificate,
  ServiceType,
  type IProvider,
} from '../../infra/db/entities/index.js';
import { MUNICIPALITIES } from '../../infra/db/municipalities.js';
import { nextCounterValue, type Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { DomainError, invalid, notFound, throwIfInvalid } from '../errors.js';
import { renderLetterHtml } from '../letters.js';
import type { ProviderDeps } from './deps.js';
import { auditProvider, isLm, keepsProvider, type ProviderActor } from './scope.js';

export interface NewApplication {
  legalName: string;
  registrationNo: string;
  addresses: ProviderAddress[];
}

const MUNICIPALITY_CODES = new Set(MUNICIPALITIES.map((m) => m.atvk));

async function checkAddresses(em: Em, addresses: ProviderAddress[]): Promise<void> {
  const types = new Set((await em.find(ServiceType, { active: true })).map((t) => t.code));
  throwIfInvalid(validateAddresses(addresses, types, MUNICIPALITY_CODES));
}

async function openApplicationOf(em: Em, providerId: string) {
  return em.findOne(ProviderApplication, { providerId, state: 'submitted' });
}

/**
 * A registration application. A provider's own user applies for its provider only; LM applies on any provider's
 * behalf. A registration number already registered is a conflict (apply for a change or a renewal instead).
 */
export async function submitRegistration(
  deps: ProviderDeps,
  actor: ProviderActor,
  input: NewApplication,
): Promise<{ id: string; state: string; providerId: string }> {
  await checkAddresses(deps.em, input.addresses);
  let provider = await deps.em.findOne(Provider, { registrationNo: input.registrationNo });
  if (actor.role === 'provider_admin') {
    const own = actor.providerCode ? await deps.em.findOne(Provider, { code: actor.providerCode }) : null;
    if (!actor.providerCode || (provider && provider.code !== actor.providerCode))
      throw invalid([{ path: 'registrationNo', message: 'you apply for your own provider only' }]);
    if (own?.registrationNo && own.registrationNo !== input.registrationNo)
      throw invalid([{ path: 'registrationNo', message: 'not the registration number of your provider' }]);
    provider ??= own;
  }
  if (provider && provider.state === 'registered')
    throw new DomainError('conflict', 'the provider is registered: apply for a change or a renewal', [
      { path: 'registrationNo', message: 'already registered' },
    ]);
  if (provider && (await openApplicationOf(deps.em, provider.id)))
    throw new DomainError('conflict', 'an application of this provider is waiting for a decision');
  return conflictOnRace(
    deps.em.transactional(async (tx) => {
      const now = new Date();
      let p = provider ? await tx.findOneOrFail(Provider, { id: provider.id }) : null;
      if (!p) {
        p = tx.create(Provider, {
          id: newId(),
          code:
            actor.role === 'provider_admin' && actor.providerCode
              ? actor.providerCode
              : `SP-${input.registrationNo}`,
          legalName: input.legalName,
          registrationNo: input.registrationNo,
          state: 'applicant',
          addresses: [],
          freePlaces: null,
          withdrawnOn: null,
          createdAt: now,
          updatedAt: now,
        });
      } else {
        p.registrationNo = input.registrationNo;
        p.updatedAt = now;
      }
      const a = tx.create(ProviderApplication, {
        id: newId(),
        providerId: p.id,
        kind: 'registration',
        state: 'submitted',
        legalName: input.legalName,
        registrationNo: input.registrationNo,
        addresses: input.addresses,
        effectiveOn: null,
        submittedBy: actor.username,
        submittedAt: now,
        decidedOn: null,
        decidedBy: null,
        reason: null,
        letterHtml: null,
      });
      await tx.flush();
      await auditProvider(tx, actor, 'provider.apply', p.id, { applicationId: a.id, kind: 'registration' });
      return { id: a.id, state: a.state, providerId: p.id };
    }),
  );
}

/** A concurrent request that wrote the same unique row first (the same provider, the same decision): a conflict. */
async function conflictOnRace<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException)
      throw new DomainError('conflict', 'a concurrent request changed the same record; reload and try again');
    throw err;
  }
}

/** The provider, if it exists and the actor keeps it (a provider's user: its own only); else 404. */
export async function keptProviderOr404(
  em: Em,
  actor: ProviderActor,
  providerId: string,
): Promise<IProvider> {
  const p = await em.findOne(Provider, { id: providerId });
  if (!p || !keepsProvider(actor, p)) throw notFound('provider');
  return p;
}

export type ChangeApplication =
  | { kind: 'change' | 'renewal'; addresses: ProviderAddress[] }
  | { kind: 'withdrawal'; effectiveOn: string; reason?: string | null | undefined };

/** A change (addresses, services, capacity), a renewal (re-registration) or a withdrawal of a registered provider. */
export async function submitChange(
  deps: ProviderDeps,
  actor: ProviderActor,
  providerId: string,
  input: ChangeApplication,
): Promise<{ id: string; state: string; providerId: string }> {
  const p = await keptProviderOr404(deps.em, actor, providerId);
  if (p.state !== 'registered')
    throw new DomainError(
      'conflict',
      'only a registered provider applies for a change, a renewal or a withdrawal',
      [{ path: 'kind', message: `the provider is ${p.state}` }],
    );
  if (input.kind !== 'withdrawal') await checkAddresses(deps.em, input.addresses);
  if (await openApplicationOf(deps.em, p.id))
    throw new DomainError('conflict', 'an application of this provider is waiting for a decision');
  return deps.em.transactional(async (tx) => {
    const a = tx.create(ProviderApplication, {
      id: newId(),
      providerId: p.id,
      kind: input.kind,
      state: 'submitted',
      legalName: p.legalName,
      registrationNo: p.registrationNo ?? '',
      addresses: input.kind === 'withdrawal' ? null : input.addresses,
      effectiveOn: input.kind === 'withdrawal' ? input.effectiveOn : null,
      submittedBy: actor.username,
      submittedAt: new Date(),
      decidedOn: null,
      decidedBy: null,
      reason: input.kind === 'withdrawal' ? (input.reason ?? null) : null,
      letterHtml: null,
    });
    await tx.flush();
    await auditProvider(tx, actor, 'provider.apply', p.id, { applicationId: a.id, kind: input.kind });
    return { id: a.id, state: a.state, providerId: p.id };
  });
}

export interface Decision {
  decision: 'register' | 'refuse';
  reason?: string | null | undefined;
  decidedOn: string;
}

export interface DecisionResult {
  applicationId: string;
  state: 'decided' | 'refused';
  providerId: string;
  certificateNo: string | null;
  validFrom: string | null;
  validTo: string | null;
  letterHtml: string | null;
}

const KIND_LV: Record<ApplicationKind, string> = {
  registration: 'reģistrācija',
  change: 'izmaiņas',
  renewal: 'pārreģistrācija',
  withdrawal: 'izslēgšana',
};

/** LM's decision on an application: registered (a certificate, or the change applied) or refused with a letter. */
export async function decideApplication(
  deps: ProviderDeps,
  actor: ProviderActor,
  applicationId: string,
  input: Decision,
): Promise<DecisionResult> {
  if (!isLm(actor)) throw new DomainError('forbidden', 'only LM decides applications to the register');
  const a = await deps.em.findOne(ProviderApplication, { id: applicationId });
  if (!a) throw notFound('application');
  if (a.state !== 'submitted') throw new DomainError('conflict', `the application is already ${a.state}`);
  if (compareIsoDates(input.decidedOn, deps.today) > 0)
    throw invalid([{ path: 'decidedOn', message: 'may not be after today' }]);
  const reason = input.reason?.trim() || null;
  if (input.decision === 'refuse' && !reason)
    throw invalid([{ path: 'reason', message: 'required for a refusal' }]);
  const kind = a.kind as ApplicationKind;
  const result = await conflictOnRace(
    deps.em.transactional(async (tx): Promise<DecisionResult> => {
      const app = await tx.findOneOrFail(ProviderApplication, { id: a.id });
      const p = await tx.findOneOrFail(Provider, { id: app.providerId });
      Object.assign(app, { decidedOn: input.decidedOn, decidedBy: actor.username, reason });
      const now = new Date();
      const base = { applicationId: app.id, providerId: p.id };
      if (input.decision === 'refuse') {
        const letterHtml = renderLetterHtml(
          'provider-refusal',
          {
            decidedOn: input.decidedOn,
            applicationId: app.id,
            legalName: app.legalName,
            registrationNo: app.registrationNo,
            submittedOn: app.submittedAt.toISOString().slice(0, 10),
            kindLv: KIND_LV[kind],
            reason,
          },
          'Lēmums par atteikumu reģistrēt sociālo pakalpojumu sniedzēju',
        );
        Object.assign(app, { state: 'refused', letterHtml });
        if (p.state === 'applicant') p.state = 'refused';
        p.updatedAt = now;
        await tx.flush();
        await auditProvider(tx, actor, 'provider.refuse', p.id, { applicationId: app.id, kind });
        return { ...base, state: 'refused', certificateNo: null, validFrom: null, validTo: null, letterHtml };
      }
      app.state = 'decided';
      p.updatedAt = now;
      if (kind === 'withdrawal') {
        p.withdrawnOn = app.effectiveOn ?? input.decidedOn;
        await tx.flush();
        await auditProvider(tx, actor, 'provider.withdraw', p.id, {
          applicationId: app.id,
          on: p.withdrawnOn,
        });
        const certificates = await tx.find(ProviderCertificate, { providerId: p.id });
        const last = certificates.sort((x, y) => compareIsoDates(y.validTo, x.validTo))[0];
        return {
          ...base,
          state: 'decided',
          certificateNo: last?.certificateNo ?? null,
          validFrom: last?.validFrom ?? null,
          validTo: last?.validTo ?? null,
          letterHtml: null,
        };
      }
      if (app.addresses) p.addresses = app.addresses;
      if (kind === 'change') {
        const certificates = await tx.find(ProviderCertificate, { providerId: p.id });
        const current =
          certificateOn({ certificates, withdrawnOn: null }, input.decidedOn) ?? certificates[0];
        await tx.flush();
        await auditProvider(tx, actor, 'provider.change', p.id, { applicationId: app.id });
        return {
          ...base,
          state: 'decided',
          certificateNo: current?.certificateNo ?? null,
          validFrom: current?.validFrom ?? null,
          validTo: current?.validTo ?? null,
          letterHtml: null,
        };
      }
      const year = input.decidedOn.slice(0, 4);
      const certificateNo = `SPR-${year}-${String(await nextCounterValue(tx, `provider-certificate:${year}`)).padStart(5, '0')}`;
      const validTo = certificateValidTo(input.decidedOn);
      tx.create(ProviderCertificate, {
        id: newId(),
        providerId: p.id,
        applicationId: app.id,
        certificateNo,
        validFrom: input.decidedOn,
        validTo,
        decidedBy: actor.username,
        createdAt: now,
      });
      p.state = 'registered';
      p.legalName = app.legalName;
      p.withdrawnOn = null;
      await tx.flush();
      await auditProvider(tx, actor, kind === 'renewal' ? 'provider.renew' : 'provider.register', p.id, {
        applicationId: app.id,
        certificateNo,
        validTo,
      });
      return {
        ...base,
        state: 'decided',
        certificateNo,
        validFrom: input.decidedOn,
        validTo,
        letterHtml: null,
      };
    }),
  );
  if (result.state === 'decided' && deps.process) {
    if (kind === 'withdrawal') {
      const p = await deps.em.fork().findOneOrFail(Provider, { id: result.providerId });
      await deps.process.withdrawn(p.id, p.withdrawnOn ?? input.decidedOn);
    } else if (kind !== 'change' && result.validTo) {
      await deps.process.certificateIssued(result.providerId, result.validTo);
    }
  }
  return result;
}

/** A provider's own report of its free places per service type (for the care queue's offers). */
export async function reportFreePlaces(
  deps: ProviderDeps,
  actor: ProviderActor,
  providerId: string,
  input: { serviceType: string; freePlaces: number },
): Promise<Record<string, number>> {
  const p = await keptProviderOr404(deps.em, actor, providerId);
  const capacity = p.addresses
    .flatMap((a) => a.services)
    .filter((s) => s.serviceType === input.serviceType)
    .reduce((sum, s) => sum + s.capacity, 0);
  if (capacity === 0)
    throw invalid([{ path: 'serviceType', message: 'the provider does not offer this service type' }]);
  if (input.freePlaces > capacity)
    throw invalid([{ path: 'freePlaces', message: `more than the registered capacity (${capacity})` }]);
  return deps.em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(Provider, { id: p.id });
    row.freePlaces = { ...(row.freePlaces ?? {}), [input.serviceType]: input.freePlaces };
    row.updatedAt = new Date();
    await tx.flush();
    await auditProvider(tx, actor, 'provider.free-places', p.id, { ...input });
    return row.freePlaces;
  });
}
