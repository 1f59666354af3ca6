/**
 * socialService (issue 6) on the time-skipping server (harness: social-service-harness.ts): the real registry
 * activities against the real simulator and the real registryCheck child; the social-service and alert activities
 * are in-memory fakes that record what the workflow asked for.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import {
  decideService,
  extendServiceDeadline,
  serviceDocumentsChanged,
  socialServiceState,
  submitServiceAssessment,
} from '../../workflows/social-services/contract.js';
import { addDays, addMonthsClamped } from '../../domain/calendar.js';
import { nextReviewDate } from '../../domain/social-services/lifecycle.js';
import {
  seedType,
  withHarness,
  idle,
  realToday,
  sleepUntil,
  start,
  waitFor,
  inState,
  waitUntil,
  rejection,
  HOME_CARE_ANSWERS,
  grant,
  letterKinds,
} from './social-service-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/social-service-workflows.ts');
}, TIMEOUT);

// ---- Tests ----------------------------------------------------------------------------------------------------------

describe('socialService workflow: from the request to the decision', () => {
  it(
    'grants a service: documents present → registry checks → validated assessment → grant letter → active',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-grant', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        expect(h.rec.documentChecks).toBe(1);
        expect(assessing.record.missingDocuments).toEqual([]);
        expect(assessing.record.registryCheck?.workflowId).toBe('ss-grant-registries');
        expect(Object.keys(assessing.record.registryCheck?.registries ?? {}).sort()).toEqual([
          'pmlp',
          'vdeavk',
        ]);
        expect(assessing.record.registryCheck?.registries['pmlp']).toBe('ok');
        expect(assessing.record.registryCheck?.deathDate).toBeNull();
        expect(assessing.record.decisionDeadline).toBe(addMonthsClamped(today, 1));
        expect(h.rec.states.map((s) => s.state)).toEqual(
          expect.arrayContaining(['intake', 'registry-checks']),
        );

        // a grant needs the assessment first
        expect(await rejection(grant(handle))).toMatch(/^state: /);

        // invalid answers: rejected with the paths of the fields
        const invalid = await rejection(
          handle.executeUpdate(submitServiceAssessment, {
            args: [{ answers: { selfCareLevel: '9', mobility: 'aid', livesAlone: true }, by: 'soc.cesis' }],
          }),
        );
        expect(invalid).toContain('answers.selfCareLevel');
        expect(invalid).toContain('answers.hoursPerWeekNeeded');
        expect(h.rec.assessments).toEqual([]);

        const assessed = await handle.executeUpdate(submitServiceAssessment, {
          args: [{ answers: HOME_CARE_ANSWERS, by: 'soc.cesis' }],
        });
        expect(assessed.record.assessment?.documentId).toBe('assessment-1');
        await waitFor(handle, inState('awaiting-decision'), 'awaiting-decision');

        // invalid grant: volume and provider
        const badGrant = await rejection(
          handle.executeUpdate(decideService, {
            args: [{ decision: 'grant', volume: 0, providerName: '', startDate: today, by: 'vad.cesis' }],
          }),
        );
        expect(badGrant).toContain('volume:');
        expect(badGrant).toContain('providerName:');

        const active = await grant(handle);
        expect(active.record.decision).toMatchObject({
          decision: 'grant',
          volume: 20,
          startDate: today,
          documentId: 'letter-1',
        });
        expect(active.record.nextReviewDate).toBe(nextReviewDate(today, 6));
        expect(active.step).toBe('delivery');
        expect(letterKinds(h.rec)).toEqual(['grant']);
        expect(h.rec.letters[0]?.template).toBe(seedType('home-care').letters.grant);
        expect(h.rec.letters[0]?.data['nextReviewDate']).toBe(nextReviewDate(today, 6));
        await waitUntil(() => h.rec.states.some((s) => s.state === 'active'), 'active mirrored');
        const mirrored = h.rec.states.filter((s) => s.state === 'active').at(-1);
        expect(mirrored).toMatchObject({
          decision: 'grant',
          decisionDocumentId: 'letter-1',
          startDate: today,
        });
        // a second decision is refused
        expect(await rejection(grant(handle))).toMatch(/^state: /);
      }),
    TIMEOUT,
  );

  it(
    'refuses with a reason (a refusal without one is rejected) and completes',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-refuse', seedType('home-care'));
        await waitFor(handle, inState('assessment'), 'assessment');
        expect(
          await rejection(
            handle.executeUpdate(decideService, { args: [{ decision: 'refuse', by: 'vad.cesis' }] }),
          ),
        ).toMatch(/^reason: /);
        await handle.executeUpdate(decideService, {
          args: [{ decision: 'refuse', reason: 'Klients spēj sevi aprūpēt', by: 'vad.cesis' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('refused');
        expect(result.record.decision).toMatchObject({
          decision: 'refuse',
          reason: 'Klients spēj sevi aprūpēt',
        });
        expect(letterKinds(h.rec)).toEqual(['refuse']);
        expect(h.rec.states.at(-1)?.state).toBe('refused');
      }),
    TIMEOUT,
  );

  it(
    'asks for missing documents (task + letter) and proceeds once they arrive',
    () =>
      withHarness(bundle, async (h) => {
        h.rec.missing = ['medical-opinion'];
        const handle = await start(h, 'ss-docs', seedType('home-care'));
        const waiting = await waitFor(handle, inState('awaiting-documents'), 'awaiting-documents');
        expect(waiting.record.missingDocuments).toEqual(['medical-opinion']);
        await waitUntil(() => h.rec.tasks.length === 1, 'documents task');
        expect(h.rec.tasks[0]).toMatchObject({
          kind: 'service-documents-missing',
          dueDate: addMonthsClamped(realToday(), 1),
          signalName: expect.any(String),
        });
        expect(letterKinds(h.rec)).toEqual(['missing-documents']);
        expect(h.rec.letters[0]?.data['missing']).toEqual(['medical-opinion']);
        const withRequest = await waitFor(
          handle,
          (v) => v.record.documentsRequest !== null,
          'documentsRequest',
        );
        expect(withRequest.record.documentsRequest).toEqual({
          taskId: 'task-1',
          letterDocumentId: 'letter-1',
        });

        // a document arrives, but not the one missing: still waiting, no second letter or task
        await handle.signal(serviceDocumentsChanged);
        await waitUntil(() => h.rec.documentChecks === 2, 'second check');
        await idle(handle);
        expect((await handle.query(socialServiceState)).state).toBe('awaiting-documents');

        h.rec.missing = [];
        await handle.signal(serviceDocumentsChanged);
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        expect(assessing.record.missingDocuments).toEqual([]);
        expect(assessing.record.tasks.find((t) => t.key === 'documents')?.closed).toBe(true);
        expect(h.rec.closedTasks.map((t) => t.idempotencyKey)).toEqual(['social-service:ss-docs:documents']);
        expect(letterKinds(h.rec)).toEqual(['missing-documents']);
        expect(h.rec.tasks).toHaveLength(1);
      }),
    TIMEOUT,
  );

  it(
    'extends the decision deadline once (at most 4 months from the request) and alerts on the new deadline',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-extend', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        const original = assessing.record.decisionDeadline;
        const tooLate = addDays(addMonthsClamped(today, 4), 1);
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: tooLate, reason: 'Jāsaņem papildu atzinums', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^newDeadline: /);
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: addMonthsClamped(today, 2), reason: '', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^reason: /);
        const newDeadline = addMonthsClamped(today, 2);
        const extended = await handle.executeUpdate(extendServiceDeadline, {
          args: [{ newDeadline, reason: 'Jāsaņem papildu atzinums', by: 'vad.cesis' }],
        });
        expect(extended.record.extension).toMatchObject({ newDeadline, documentId: 'letter-1' });
        expect(extended.deadlines).toEqual([{ kind: 'decision', date: newDeadline }]);
        expect(letterKinds(h.rec)).toEqual(['extension']);
        expect(h.rec.letters[0]?.data).toMatchObject({ previousDeadline: original, newDeadline });
        // only one extension
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: addMonthsClamped(today, 3), reason: 'Vēl viens', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^extension: /);

        // past the original deadline: no alert about it
        await sleepUntil(h, addDays(original, 3));
        await idle(handle);
        expect(h.rec.alerts).toEqual([]);

        await sleepUntil(h, addDays(newDeadline, -5));
        await waitUntil(() => h.rec.alerts.length >= 1, 'due-soon alert');
        await sleepUntil(h, addDays(newDeadline, 2));
        await waitUntil(() => h.rec.alerts.length >= 2, 'overdue alert');
        expect(h.rec.alerts.map((a) => [a.kind, a.dueDate])).toEqual([
          ['due-soon', newDeadline],
          ['overdue', newDeadline],
        ]);
      }),
    TIMEOUT,
  );

  it(
    'alerts 5 days before a missed decision deadline and once it has passed — exactly once each',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-deadline', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        const deadline = assessing.record.decisionDeadline;

        await sleepUntil(h, addDays(deadline, -6));
        await idle(handle);
        expect(h.rec.alerts).toEqual([]);

        await sleepUntil(h, addDays(deadline, -5));
        const soon = await waitFor(handle, (v) => v.record.alerts.length >= 1, 'due-soon');
        expect(soon.record.alerts[0]).toMatchObject({
          kind: 'due-soon',
          dueDate: deadline,
          subject: 'decision',
        });

        await sleepUntil(h, deadline);
        await idle(handle);
        expect(h.rec.alerts).toHaveLength(1);

        await sleepUntil(h, addDays(deadline, 1));
        await waitFor(handle, (v) => v.record.alerts.length >= 2, 'overdue');

        await sleepUntil(h, addDays(deadline, 40));
        await idle(handle);
        const later = await handle.query(socialServiceState);
        expect(later.state).toBe('assessment');
        expect(later.record.alerts.map((a) => [a.subject, a.kind, a.dueDate])).toEqual([
          ['decision', 'due-soon', deadline],
          ['decision', 'overdue', deadline],
        ]);
        expect(h.rec.alerts.map((a) => [a.kind, a.dueDate])).toEqual([
          ['due-soon', deadline],
          ['overdue', deadline],
        ]);
        expect(h.rec.mails).toEqual(['alert-1', 'alert-2']);
      }),
    TIMEOUT,
  );

  it(
    'closes the documents task when the request is refused while documents are missing',
    () =>
      withHarness(bundle, async (h) => {
        h.rec.missing = ['medical-opinion'];
        const handle = await start(h, 'ss-docs-refused', seedType('home-care'));
        await waitFor(handle, inState('awaiting-documents'), 'awaiting-documents');
        await waitFor(handle, (v) => v.record.documentsRequest !== null, 'documentsRequest');
        await handle.executeUpdate(decideService, {
          args: [{ decision: 'refuse', reason: 'Dokumenti netika iesniegti', by: 'vad.cesis' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('refused');
        expect(letterKinds(h.rec)).toEqual(['missing-documents', 'refuse']);
        // the inbox task "documents missing" must not stay open after the request is decided
        expect(result.record.tasks.find((t) => t.key === 'documents')?.closed).toBe(true);
        expect(h.rec.closedTasks.map((t) => t.idempotencyKey)).toEqual([
          'social-service:ss-docs-refused:documents',
        ]);
      }),
    TIMEOUT,
  );

  it(
    'ends the request with a closing letter when PMLP already reports the client deceased at intake',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-deceased', seedType('home-care'), {
          clientPersonId: 'h8-petrova-ludmila',
        });
        const result = await handle.result();
        expect(result.record.registryCheck?.deathDate).toBe('2026-09-12');
        expect(result.record.termination).toMatchObject({ cause: 'death', endDate: '2026-09-12' });
        expect(result.record.decision).toBeNull();
        expect(result.state).toBe('closed'); // ended before any decision: closed, not refused
        expect(letterKinds(h.rec)).toEqual(['closing']);
        expect(h.rec.letters[0]?.data['granted']).toBe(false);
      }),
    TIMEOUT,
  );
});
