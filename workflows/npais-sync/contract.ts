/** npaisSync's contract (issue 15): its type name, schedule id and summary. Services import only this module. */
export const NPAIS_SYNC_WORKFLOW = 'npaisSync';
export const NPAIS_SYNC_SCHEDULE_ID = 'npais-sync';

export interface NpaisSyncSummary {
  since: string;
  decisions: number;
  created: number;
  started: number;
  alreadyRunning: number;
}
