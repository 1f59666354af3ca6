import { describe, expect, it } from '@jest/globals';
import { queueOn, validatePriority, type QueueEvent } from '../../../../domain/care-queue/index.js';

const T = 'long-term-institutional-care';
const q = (
  requestId: string,
  priorityGroup: 1 | 2 | 3,
  countingDate: string,
  on = '2026-01-10',
  region = 'riga',
): QueueEvent => ({ kind: 'queued', requestId, on, serviceType: T, region, priorityGroup, countingDate });

const ids = (events: QueueEvent[], date: string, region = 'riga') =>
  queueOn(events, T, region, date).map((i) => i.requestId);

describe('queue ordering (BRIEF §4.13), table-driven', () => {
  const cases: [string, QueueEvent[], string, string[]][] = [
    [
      'priority group first',
      [q('r1', 3, '2026-01-01'), q('r2', 1, '2026-01-05'), q('r3', 2, '2026-01-03')],
      '2026-02-01',
      ['r2', 'r3', 'r1'],
    ],
    [
      'then the counting date',
      [q('r1', 3, '2026-01-05'), q('r2', 3, '2026-01-01')],
      '2026-02-01',
      ['r2', 'r1'],
    ],
    [
      'equal dates: the request id',
      [q('r2', 3, '2026-01-01'), q('r1', 3, '2026-01-01')],
      '2026-02-01',
      ['r1', 'r2'],
    ],
    [
      'a refusal with an accepted reason keeps the position',
      [
        q('r1', 3, '2026-01-01'),
        q('r2', 3, '2026-01-02'),
        { kind: 'offer-refused', requestId: 'r1', on: '2026-01-20', reasonAccepted: true },
      ],
      '2026-02-01',
      ['r1', 'r2'],
    ],
    [
      'a refusal without one moves to the end of its group (behind the same date too)',
      [
        q('r1', 3, '2026-01-01'),
        q('r2', 3, '2026-01-20'),
        q('r3', 3, '2026-01-25'),
        q('r0', 2, '2026-01-30'),
        { kind: 'offer-refused', requestId: 'r1', on: '2026-01-20', reasonAccepted: false },
      ],
      '2026-02-01',
      ['r0', 'r2', 'r1', 'r3'],
    ],
    [
      'two refusals on the same date: the earlier one stays ahead',
      [
        q('r2', 3, '2026-01-01'),
        q('r1', 3, '2026-01-02'),
        { kind: 'offer-refused', requestId: 'r2', on: '2026-01-20', reasonAccepted: false },
        { kind: 'offer-refused', requestId: 'r1', on: '2026-01-20', reasonAccepted: false },
      ],
      '2026-02-01',
      ['r2', 'r1'],
    ],
    [
      'a death reported by PMLP removes the request',
      [
        q('r1', 1, '2026-01-01'),
        q('r2', 3, '2026-01-02'),
        { kind: 'ended', requestId: 'r1', on: '2026-01-15', reason: 'death' },
      ],
      '2026-02-01',
      ['r2'],
    ],
    [
      'before the death it was first',
      [
        q('r1', 1, '2026-01-01'),
        q('r2', 3, '2026-01-02'),
        { kind: 'ended', requestId: 'r1', on: '2026-01-15', reason: 'death' },
      ],
      '2026-01-14',
      ['r1', 'r2'],
    ],
    [
      'a person moving region leaves this region’s queue',
      [
        q('r1', 3, '2026-01-01'),
        q('r2', 3, '2026-01-02'),
        { kind: 'region-changed', requestId: 'r1', on: '2026-01-15', region: 'latgale' },
      ],
      '2026-02-01',
      ['r2'],
    ],
    [
      'a request queued later is not in the past queue',
      [q('r1', 3, '2026-01-01', '2026-01-10'), q('r2', 3, '2025-12-01', '2026-01-20')],
      '2026-01-15',
      ['r1'],
    ],
    [
      'and is ahead once queued (its counting date)',
      [q('r1', 3, '2026-01-01', '2026-01-10'), q('r2', 3, '2025-12-01', '2026-01-20')],
      '2026-01-20',
      ['r2', 'r1'],
    ],
    [
      'another service type is another queue',
      [
        q('r1', 3, '2026-01-01'),
        { ...(q('r2', 3, '2026-01-01') as Extract<QueueEvent, { kind: 'queued' }>), serviceType: 'rehab' },
      ],
      '2026-02-01',
      ['r1'],
    ],
  ];
  it.each(cases)('%s', (_name, events, date, expected) => {
    expect(ids(events, date)).toEqual(expected);
  });

  it('a move keeps group and counting date in the new region', () => {
    const events: QueueEvent[] = [
      q('r9', 3, '2025-06-01', '2026-01-05', 'latgale'),
      q('r1', 2, '2026-01-01'),
      { kind: 'region-changed', requestId: 'r1', on: '2026-01-15', region: 'latgale' },
    ];
    expect(queueOn(events, T, 'latgale', '2026-02-01')).toEqual([
      { requestId: 'r1', position: 1, priorityGroup: 2, countingDate: '2026-01-01' },
      { requestId: 'r9', position: 2, priorityGroup: 3, countingDate: '2025-06-01' },
    ]);
  });

  it('positions count from 1 and the moved-back counting date is the refusal date', () => {
    const events: QueueEvent[] = [
      q('r1', 3, '2026-01-01'),
      { kind: 'offer-refused', requestId: 'r1', on: '2026-01-20', reasonAccepted: false },
    ];
    expect(queueOn(events, T, 'riga', '2026-01-20')).toEqual([
      { requestId: 'r1', position: 1, priorityGroup: 3, countingDate: '2026-01-20' },
    ]);
  });

  it('priority group 1 needs a reason', () => {
    expect(validatePriority(1, null)).toEqual([
      { path: 'priorityReason', message: 'required for priority group 1' },
    ]);
    expect(validatePriority(1, 'aprūpētājs miris')).toEqual([]);
    expect(validatePriority(3, undefined)).toEqual([]);
  });
});
