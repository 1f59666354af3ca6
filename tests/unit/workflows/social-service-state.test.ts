/**
 * The socialService state and its transitions without Temporal (workflows/social-services/state.ts): a fixed clock,
 * a service type from the catalogue seed, no worker.
 */
import { describe, expect, it } from '@jest/globals';
import { SERVICE_CATALOGUE_SEED } from '../../../domain/social-services/catalogue-seed.js';
import { serviceRuleSetOn } from '../../../domain/social-services/rule-set.js';
import { ApplicationFailure } from '@temporalio/common';
import {
  SERVICE_UPDATE_REJECTED,
  serviceUpdateRejectionOf,
  type ServiceDecision,
  type SocialServiceInput,
} from '../../../workflows/social-services/contract.js';
import {
  EVENTS_CARRIED_OVER,
  ServiceState,
  ServiceUpdateRejected,
} from '../../../workflows/social-services/state.js';

const HOME_CARE = SERVICE_CATALOGUE_SEED.find((t) => t.code === 'home-care')!;

/** A clock at noon Riga time on `date` (10:00 UTC in winter, 09:00 in summer: both the same Riga day). */
function clockAt(date: string) {
  let now = new Date(`${date}T10:00:00Z`);
  return {
    now: () => now,
    set: (d: string) => {
      now = new Date(`${d}T10:00:00Z`);
    },
  };
}

function input(extra: Partial<SocialServiceInput> = {}): SocialServiceInput {
  return {
    serviceId: 'svc-1',
    caseId: 'case-1',
    clientPersonId: 'p-1',
    municipalityCode: '0026000',
    serviceType: HOME_CARE,
    serviceTypeVersion: 1,
    requestedAt: '2026-01-15',
    requestedBy: 'soc.cesis',
    notes: null,
    rules: serviceRuleSetOn('2026-01-15'),
    ...extra,
  };
}

function granted(s: ServiceState, startDate: string, endDate: string | null = null): void {
  const decision: ServiceDecision = {
    decision: 'grant',
    reason: null,
    volume: 20,
    providerCode: null,
    providerName: 'Aprūpes birojs',
    startDate,
    endDate,
    reviewDate: null,
    by: 'soc.cesis',
    at: '2026-01-20T10:00:00.000Z',
    documentId: 'doc-decision',
  };
  s.r.decision = decision;
  s.r.endDate = endDate;
  s.r.state = 'active';
}

/** The typed details of the rejection `f` throws. */
function rejection(f: () => void) {
  try {
    f();
  } catch (err) {
    if (err instanceof ServiceUpdateRejected) return { message: err.message, ...err.rejection };
    throw err;
  }
  throw new Error('not rejected');
}

describe('ServiceState', () => {
  it('starts in intake with the decision deadline of the type (months from the request)', () => {
    const s = new ServiceState(input(), clockAt('2026-01-15'));
    expect(s.r.state).toBe('intake');
    expect(s.r.decisionDeadline).toBe('2026-02-15');
    expect(s.step()).toBe('documents');
    expect(s.deadlines()).toEqual([{ kind: 'decision', date: '2026-02-15' }]);
    expect(s.stopping()).toBe(false);
  });

  it('uses the rules it was given, not the tables of the code', () => {
    const rules = serviceRuleSetOn('2026-01-15');
    const s = new ServiceState(
      input({ rules: { ...rules, lifecycle: { ...rules.lifecycle, deliveryRecordDueDay: 12 } } }),
      clockAt('2026-03-11'),
    );
    granted(s, '2026-01-20');
    // January's record is due on 12 February under the given rules (the 5th under the table).
    expect(s.missingDeliveryMonths()).toEqual(['2026-01']);
    expect(s.deadlines()).toContainEqual({ kind: 'delivery-record', date: '2026-02-12' });
  });

  it('lists the months whose delivery record is overdue, not the recorded ones', () => {
    const clock = clockAt('2026-03-05');
    const s = new ServiceState(input(), clock);
    granted(s, '2026-01-20');
    expect(s.missingDeliveryMonths()).toEqual(['2026-01', '2026-02']);
    s.r.deliveries.push({ month: '2026-01', units: 10, note: null, revision: 1, by: 'x', at: 'x' });
    expect(s.missingDeliveryMonths()).toEqual(['2026-02']);
    clock.set('2026-03-04');
    expect(s.missingDeliveryMonths()).toEqual([]);
  });

  it('a death report ends the service on the date of death, unless it ends earlier anyway', () => {
    const s = new ServiceState(input(), clockAt('2026-03-01'));
    granted(s, '2026-01-20');
    s.terminateByWorker({ endDate: '2026-02-10', reason: 'Pārcēlies', by: 'soc.cesis' });
    s.dirty = false;
    s.reportDeath({ deathDate: '2026-02-20', source: 'PMLP' });
    expect(s.r.termination).toMatchObject({ cause: 'worker', endDate: '2026-02-10' });
    expect(s.dirty).toBe(false);

    const t = new ServiceState(input(), clockAt('2026-02-01'));
    granted(t, '2026-01-20');
    t.terminateByWorker({ endDate: '2026-03-31', reason: 'Pārcēlies', by: 'soc.cesis' });
    t.reportDeath({ deathDate: '2026-02-20', source: 'PMLP' });
    expect(t.r.termination).toMatchObject({
      cause: 'death',
      endDate: '2026-02-20',
      by: 'system:pmlp',
      reason: '',
      reasonText: { key: 'service.termination.death-reported', params: { source: 'PMLP' } },
    });
    expect(t.terminationReason()).toEqual(t.r.termination?.reasonText);
    expect(t.dirty).toBe(true);
    expect(t.terminationInEffect()).toBe(false);
  });

  it('rejects a decision made twice as a state rejection, with the old message form', () => {
    const s = new ServiceState(input(), clockAt('2026-01-20'));
    s.r.state = 'awaiting-decision';
    granted(s, '2026-01-20');
    expect(rejection(() => s.checkDecision({ decision: 'refuse', reason: 'Nav', by: 'x' }))).toEqual({
      message: 'state: the decision has already been made',
      code: 'state',
      issues: [{ path: 'state', message: 'the decision has already been made' }],
    });
  });

  it('rejects a grant with wrong fields as invalid, one issue per field', () => {
    const s = new ServiceState(input(), clockAt('2026-01-20'));
    s.r.state = 'awaiting-decision';
    const r = rejection(() =>
      s.checkDecision({ decision: 'grant', startDate: '2026-01-20', volume: 0, providerName: '', by: 'x' }),
    );
    expect(r.code).toBe('invalid');
    expect(r.issues.map((i) => i.path)).toEqual(['volume', 'providerName']);
    expect(r.message).toBe(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  });

  it('accepts a valid grant only after the assessment', () => {
    const s = new ServiceState(input(), clockAt('2026-01-20'));
    const grant = {
      decision: 'grant' as const,
      startDate: '2026-01-20',
      volume: 20,
      providerName: 'Aprūpes birojs',
      by: 'x',
    };
    s.r.state = 'assessment';
    expect(rejection(() => s.checkDecision(grant)).code).toBe('state');
    s.r.state = 'awaiting-decision';
    expect(() => s.checkDecision(grant)).not.toThrow();
  });

  it('a termination may not precede the request or the start', () => {
    const s = new ServiceState(input(), clockAt('2026-02-01'));
    granted(s, '2026-01-20');
    expect(
      rejection(() => s.checkTermination({ endDate: '2026-01-10', reason: 'Beigas', by: 'x' })),
    ).toMatchObject({
      code: 'invalid',
      issues: [{ path: 'endDate', message: 'before the start of the service 2026-01-20' }],
    });
    expect(
      rejection(() => s.checkTermination({ endDate: '2026-03-01', reason: '', by: 'x' })).issues,
    ).toEqual([{ path: 'reason', message: 'a termination needs a reason' }]);
    s.terminateByWorker({ endDate: '2026-03-01', reason: 'Beigas', by: 'x' });
    expect(
      rejection(() => s.checkTermination({ endDate: '2026-03-01', reason: 'Beigas', by: 'x' })).code,
    ).toBe('state');
  });

  it('the view is a copy of the record', () => {
    const s = new ServiceState(input(), clockAt('2026-01-15'));
    const v = s.view();
    v.record.events.push({ at: 'x', type: 'x', summary: 'x', by: null });
    expect(s.r.events).toEqual([]);
    expect(v).toMatchObject({
      serviceId: 'svc-1',
      state: 'intake',
      step: 'documents',
      requestedAt: '2026-01-15',
    });
  });
});

describe('serviceUpdateRejectionOf (what the API and the screens read)', () => {
  it('reads the typed details of a rejected update, and nothing else', () => {
    const rejected = ApplicationFailure.create({
      type: SERVICE_UPDATE_REJECTED,
      message: 'volume: must be greater than 0',
      nonRetryable: true,
      details: [{ code: 'invalid', issues: [{ path: 'volume', message: 'must be greater than 0' }] }],
    });
    expect(serviceUpdateRejectionOf(rejected)).toEqual({
      code: 'invalid',
      issues: [{ path: 'volume', message: 'must be greater than 0' }],
    });
    // The message is never parsed: a failure of another type, or without details, is no rejection.
    expect(
      serviceUpdateRejectionOf(ApplicationFailure.create({ message: 'volume: must be more' })),
    ).toBeNull();
    expect(
      serviceUpdateRejectionOf(ApplicationFailure.create({ type: SERVICE_UPDATE_REJECTED, message: 'x' })),
    ).toBeNull();
    expect(serviceUpdateRejectionOf(new Error('state: gone'))).toBeNull();
  });
});

describe('continue-as-new', () => {
  it('carries the state needed to go on, not the whole event list', () => {
    const s = new ServiceState(input(), clockAt('2026-03-01'));
    granted(s, '2026-01-20');
    for (let i = 0; i < EVENTS_CARRIED_OVER + 30; i += 1)
      s.event('service.x', { key: 'service.event.x', params: { i } });
    s.r.deliveries.push({ month: '2026-01', units: 10, note: null, revision: 1, by: 'x', at: 'x' });
    s.r.tasks.push({
      key: 'delivery:2026-02',
      taskId: 't-1',
      kind: 'k',
      dueDate: '2026-03-05',
      closed: false,
    });
    const carried = s.carriedOver();
    expect(carried.events).toHaveLength(EVENTS_CARRIED_OVER);
    expect(carried.events.at(-1)?.text?.params).toEqual({ i: EVENTS_CARRIED_OVER + 29 });
    expect(carried.deliveries).toEqual(s.r.deliveries);
    expect(carried.tasks).toEqual(s.r.tasks);
    expect(carried.decision).toEqual(s.r.decision);
    // The next run goes on from the carried record.
    const next = new ServiceState(input({ record: carried, generation: 1 }), clockAt('2026-03-01'));
    expect(next.r.state).toBe('active');
    expect(next.missingDeliveryMonths()).toEqual(s.missingDeliveryMonths());
  });
});
