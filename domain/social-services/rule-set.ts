/**
 * The rule set of a social service, in force on its request date (issue 15, "rules pinned at the start"): the
 * decision deadline settings and the lifecycle settings (delivery record due day, review task and alert days). The
 * service resolves it when the request is registered and the workflow keeps it for the life of the service, so a
 * later correction of a table does not change a past decision or deadline on replay. The service type (catalogue
 * version) is pinned the same way, in the workflow input.
 */
import type { IsoDate } from '../calendar.js';
import {
  SERVICE_LIFECYCLE_SETTINGS,
  serviceLifecycleSettingsOn,
  type ServiceLifecycleSettings,
} from './lifecycle.js';
import {
  SERVICE_DECISION_SETTINGS,
  serviceDecisionSettingsOn,
  type ServiceDecisionSettings,
} from './settlement.js';

export interface ServiceRuleSet {
  /** The date the rules were resolved for (the request date). */
  readonly date: IsoDate;
  readonly decision: ServiceDecisionSettings;
  readonly lifecycle: ServiceLifecycleSettings;
}

export interface ServiceRuleTables {
  readonly decision: readonly ServiceDecisionSettings[];
  readonly lifecycle: readonly ServiceLifecycleSettings[];
}

export const SERVICE_RULE_TABLES: ServiceRuleTables = {
  decision: SERVICE_DECISION_SETTINGS,
  lifecycle: SERVICE_LIFECYCLE_SETTINGS,
};

/** The entries in force on `date` (a DomainValidationError before a table's first entry). */
export function serviceRuleSetOn(
  date: IsoDate,
  tables: ServiceRuleTables = SERVICE_RULE_TABLES,
): ServiceRuleSet {
  return {
    date,
    decision: serviceDecisionSettingsOn(date, tables.decision),
    lifecycle: serviceLifecycleSettingsOn(date, tables.lifecycle),
  };
}
