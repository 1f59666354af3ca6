/** The complaint's deadline process as the commands see it (Temporal in production, a recording double in tests). */
import type { ComplaintSchedule } from '../../workflows/complaint-deadline/contract.js';

export interface ComplaintProcess {
  started(complaintId: string, schedule: ComplaintSchedule): Promise<void>;
  extended(complaintId: string, schedule: ComplaintSchedule, reason: string): Promise<void>;
  answered(complaintId: string, answeredOn: string): Promise<void>;
}
