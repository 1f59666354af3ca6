/**
 * Demo processes for `./digisoc start` (demo seed only): social-service requests for demo clients, started through
 * the same service function the API uses, once — a second start finds them and does nothing; a qualification workflow
 * per demo specialist and a registration workflow per registered provider (signal-with-start, so a second start only
 * re-sends the facts). Placements come from
 * the NPAIS simulator through the sync schedule, which this triggers right away instead of in 15 minutes. Last, a
 * release of the open datasets (issue 23) is published from the demo data.
 */
import { Connection } from '@temporalio/client';
import { addDays } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { Case, Person, SocialService, User } from '../infra/db/entities/index.js';
import { createOrm } from '../infra/db/orm.js';
import { toAuthenticated } from '../services/identity.js';
import { ensureNpaisSyncSchedule, npaisSyncScheduleId } from '../services/placements-schedule.js';
import { startSocialService } from '../services/social-services/commands.js';
import { publishOpenData } from '../services/open-data/commands.js';
import { openDataStore } from '../services/open-data/store.js';
import { syncQualificationProcesses } from '../services/specialists/sync.js';
import { temporalQualificationProcess } from '../services/specialists/temporal-process.js';
import { syncRegistrationProcesses } from '../services/providers/sync.js';
import { temporalRegistrationProcess } from '../services/providers/temporal-process.js';
import { taskQueue } from '../temporal/task-queues.js';
import { createClient } from '../temporal/client.js';

const DEMO_REQUESTS = [
  { personalCode: '140384-19729', serviceType: 'home-care', daysAgo: 10, notes: 'Demo: lūdz aprūpi mājās.' },
  { personalCode: '051290-19726', serviceType: 'support-group', daysAgo: 3, notes: 'Demo: atbalsta grupa.' },
] as const;

export async function startDemoProcesses(config: Config): Promise<number> {
  if (!config.demo.seed) return 0;
  const orm = await createOrm(config.db);
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = createClient(connection, config.temporal.namespace, config.temporal.payloadKey);
    const em = orm.em.fork();
    const worker = await em.findOne(User, { username: 'soc.riga' });
    if (!worker) return 0;
    const actor = toAuthenticated(worker);
    let started = 0;
    for (const r of DEMO_REQUESTS) {
      const person = await em.findOne(Person, { personalCode: r.personalCode });
      const caseRow = person ? await em.findOne(Case, { personId: person.id, status: 'open' }) : null;
      if (!caseRow) continue;
      if ((await em.count(SocialService, { caseId: caseRow.id })) > 0) continue;
      await startSocialService({ em: orm.em.fork(), client, config }, actor, caseRow, {
        serviceType: r.serviceType,
        requestedAt: addDays(rigaToday(), -r.daysAgo),
        notes: r.notes,
      });
      started++;
    }
    // The demo specialists' training deadlines run as workflows like any registered specialist's.
    await syncQualificationProcesses(
      orm.em.fork(),
      temporalQualificationProcess(client, taskQueue('caseProcesses', config.temporal.taskQueuePrefix)),
    );
    // The demo provider's certificate runs as a registration workflow like any registered provider's (issue 22).
    await syncRegistrationProcesses(
      orm.em.fork(),
      temporalRegistrationProcess(client, taskQueue('caseProcesses', config.temporal.taskQueuePrefix)),
    );
    await ensureNpaisSyncSchedule(client, config);
    await client.schedule.getHandle(npaisSyncScheduleId(config)).trigger();
    // Open data (issue 23): a release of every dataset from the demo data (nothing new when it has not changed).
    await publishOpenData(
      { em: orm.em.fork(), store: openDataStore(config), today: rigaToday() },
      { username: 'system:demo-start', role: 'admin' },
      { note: 'Demo release published by ./digisoc start' },
    );
    return started;
  } finally {
    await connection.close();
    await orm.close(true);
  }
}
