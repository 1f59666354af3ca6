/** Activities of the analyticsExport workflow: thin wrappers over services/analytics/export.ts. */
import type { Config } from '../infra/config.js';
import type { Orm } from '../infra/db/orm.js';
import { analyticsStore, commitExport, exportTable, planExport } from '../services/analytics/export.js';
import type { AnalyticsTableResult } from '../workflows/analytics-export/contract.js';

export function createAnalyticsActivities(deps: { orm: Orm; config: Config }) {
  const store = analyticsStore(deps.config);
  return {
    async planAnalyticsExport(input: { runDate: string }): Promise<{ generation: string; tables: string[] }> {
      return planExport(input.runDate);
    },
    async exportAnalyticsTable(input: { generation: string; table: string }): Promise<AnalyticsTableResult> {
      return exportTable(
        { em: deps.orm.em.fork(), store, masterKey: deps.config.pseudonymKey },
        input.generation,
        input.table,
      );
    },
    async commitAnalyticsExport(input: {
      generation: string;
      tables: AnalyticsTableResult[];
    }): Promise<void> {
      await commitExport(store, input.generation, input.tables);
    },
  };
}

export type AnalyticsActivities = ReturnType<typeof createAnalyticsActivities>;
