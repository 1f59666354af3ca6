/**
 * Brings every specialist's `specialistQualification` workflow in step with the register, through the same process
 * port the commands use (signal-with-start: a running workflow gets the facts again, a missing one is started).
 * Used by the demo start, whose seeded specialists were written without the commands.
 */
import { Specialist } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { QualificationProcess } from './process.js';
import { factsOf, loadRecords } from './records.js';

export async function syncQualificationProcesses(em: Em, process: QualificationProcess): Promise<number> {
  const specialists = await em.find(Specialist, {}, { orderBy: { id: 'asc' } });
  const records = await loadRecords(em, specialists);
  for (const r of records) {
    await process.factsChanged(r.specialist.id, r.specialist.organisationId, factsOf(r));
  }
  return records.length;
}
