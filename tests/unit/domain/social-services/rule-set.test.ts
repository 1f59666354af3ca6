import { describe, expect, it } from '@jest/globals';
import { serviceRuleSetOn, SERVICE_RULE_TABLES } from '../../../../domain/social-services/rule-set.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('serviceRuleSetOn', () => {
  it('takes the decision and lifecycle settings in force on the request date', () => {
    expect(serviceRuleSetOn('2026-05-04')).toEqual({
      date: '2026-05-04',
      decision: {
        effectiveFrom: '2004-02-01',
        decisionMonths: 1,
        maxExtendedMonths: 4,
        maxExtensions: 1,
        supervisorAlertDaysBefore: 5,
      },
      lifecycle: {
        effectiveFrom: '2004-02-01',
        deliveryRecordDueDay: 5,
        reviewTaskDaysBefore: 14,
        reviewAlertDaysBefore: 5,
      },
    });
  });

  it('a later entry applies only from its date', () => {
    const tables = {
      ...SERVICE_RULE_TABLES,
      lifecycle: [
        ...SERVICE_RULE_TABLES.lifecycle,
        {
          effectiveFrom: '2027-01-01',
          deliveryRecordDueDay: 10,
          reviewTaskDaysBefore: 21,
          reviewAlertDaysBefore: 7,
        },
      ],
    };
    expect(serviceRuleSetOn('2026-12-31', tables).lifecycle.deliveryRecordDueDay).toBe(5);
    expect(serviceRuleSetOn('2027-01-01', tables).lifecycle.deliveryRecordDueDay).toBe(10);
  });

  it('fails before the tables begin', () => {
    expect(() => serviceRuleSetOn('2004-01-31')).toThrow(DomainValidationError);
  });
});
