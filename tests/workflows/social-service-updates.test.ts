/**
 * socialService updates (issue 15): handlers run one at a time under a mutex (patch social-service-update-mutex),
 * an update accepted by its validator is checked again once it holds the lock, and a rejection carries typed
 * details (ApplicationFailure details: code + issues) that the API and the screens read.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import { isoMonthOf } from '../../domain/calendar.js';
import {
  decideService,
  recordServiceDelivery,
  SERVICE_UPDATE_REJECTED,
  serviceUpdateRejectionOf,
  terminateService,
} from '../../workflows/social-services/contract.js';
import { UPDATE_MUTEX_PATCH } from '../../workflows/social-services/handlers.js';
import {
  assess,
  grant,
  HOME_CARE_ANSWERS,
  realToday,
  seedType,
  start,
  waitFor,
  withHarness,
} from './social-service-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/social-service-workflows.ts');
}, TIMEOUT);

/** The failure an update was rejected with. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) return e.cause;
    throw e;
  }
  throw new Error('the update was not rejected');
}

describe('socialService updates', () => {
  it(
    'two deliveries sent at once are stored one after the other (the mutex), and the marker is in the history',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-concurrent-deliveries', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);
        const month = isoMonthOf(realToday());
        // Each store takes a while: without the mutex the second would start before the first ends.
        h.rec.deliveryMs = 300;
        const [first, second] = await Promise.all([
          handle.executeUpdate(recordServiceDelivery, { args: [{ month, units: 8, by: 'soc.cesis' }] }),
          handle.executeUpdate(recordServiceDelivery, { args: [{ month, units: 9, by: 'soc.cesis' }] }),
        ]);
        expect(h.rec.deliveryCalls).toEqual([
          `start ${month}`,
          `end ${month}`,
          `start ${month}`,
          `end ${month}`,
        ]);
        // Each update answers the view as it left it: revision 1, then revision 2.
        expect([first, second].map((v) => v.record.deliveries[0]?.revision).sort()).toEqual([1, 2]);
        const history = await handle.fetchHistory();
        const patches = (history.events ?? [])
          .map((e) => e.markerRecordedEventAttributes)
          .filter((m) => m?.markerName === 'core_patch')
          .map((m) => {
            const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
            return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id?: unknown }).id : null;
          });
        expect(patches).toEqual([UPDATE_MUTEX_PATCH]);
      }),
    TIMEOUT,
  );

  it(
    'of two terminations sent at once one is taken; the other is rejected as a state rejection',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-concurrent-terminations', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);
        const end = { endDate: realToday(), reason: 'Klients atteicās', by: 'soc.cesis' };
        const results = await Promise.allSettled([
          handle.executeUpdate(terminateService, { args: [end] }),
          handle.executeUpdate(terminateService, { args: [{ ...end, reason: 'Pārcēlās' }] }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WorkflowUpdateFailedError);
        const cause = (rejected.reason as WorkflowUpdateFailedError).cause;
        expect(serviceUpdateRejectionOf(cause)).toEqual({
          code: 'state',
          issues: [{ path: 'state', message: expect.stringContaining('already ended') }],
        });
        const view = await waitFor(handle, (v) => v.record.termination !== null, 'terminated');
        expect(view.record.termination?.cause).toBe('worker');
      }),
    TIMEOUT,
  );

  it(
    'a grant with wrong fields is rejected with one typed issue per field',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-invalid-grant-rejected', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        const cause = await failure(
          handle.executeUpdate(decideService, {
            args: [
              { decision: 'grant', volume: 0, providerName: '', startDate: realToday(), by: 'vad.cesis' },
            ],
          }),
        );
        expect((cause as { type?: string }).type).toBe(SERVICE_UPDATE_REJECTED);
        const rejection = serviceUpdateRejectionOf(cause);
        expect(rejection?.code).toBe('invalid');
        expect(rejection?.issues.map((i) => i.path)).toEqual(['volume', 'providerName']);
      }),
    TIMEOUT,
  );
});
