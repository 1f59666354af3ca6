/** analyticsExport's contract (issue 23): its type name, schedule id, input and summary. Services import only this. */
export const ANALYTICS_EXPORT_WORKFLOW = 'analyticsExport';
export const ANALYTICS_EXPORT_SCHEDULE_ID = 'analytics-export';

export interface AnalyticsExportInput {
  /** The run's date (YYYY-MM-DD); defaults to the workflow's start date. Names the generation (its month). */
  runDate?: string;
}

export interface AnalyticsTableResult {
  table: string;
  files: { table: string; partition: string; key: string; sha256: string; rows: number }[];
  written: number;
  unchanged: number;
}

export interface AnalyticsExportSummary {
  generation: string;
  tables: number;
  files: number;
  written: number;
  unchanged: number;
}
