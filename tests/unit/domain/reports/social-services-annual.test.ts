import {
  checkReport,
  countSocialServicesAnnual,
  figuresOf,
  parseReportPeriod,
  type DeliveryRecord,
  type PersonAttributes,
  type ServiceRecord,
  type SettlementRecord,
} from '../../../../domain/reports/index.js';

const year = (y: string) => parseReportPeriod(y, 'year');
let seq = 0;
const service = (over: Partial<ServiceRecord> & Pick<ServiceRecord, 'personId'>): ServiceRecord => ({
  serviceId: `s${++seq}`,
  serviceTypeCode: 'home-care',
  funding: 'municipal',
  startDate: '2026-02-01',
  endDate: null,
  ...over,
});
const person = (
  personId: string,
  birthDate: string | null,
  sex: 'female' | 'male' | null = 'female',
): PersonAttributes => ({
  personId,
  birthDate,
  sex,
});

function count(
  services: ServiceRecord[],
  y: string,
  extra: {
    deliveries?: DeliveryRecord[];
    settlements?: SettlementRecord[];
    persons?: PersonAttributes[];
    until?: string;
  } = {},
) {
  const counted = countSocialServicesAnnual(
    {
      services,
      deliveries: extra.deliveries ?? [],
      settlements: extra.settlements ?? [],
      persons: extra.persons ?? services.map((s) => person(s.personId, '1960-05-05')),
    },
    year(y),
    extra.until,
  );
  expect(checkReport(counted)).toEqual([]);
  return figuresOf(counted)[0]!;
}

describe('social-services-annual counting rules (annex 2)', () => {
  // A service from November 2025 to February 2026: a client of both years, new only in 2025; its units and
  // amounts count in the year of their month.
  const spanning = service({
    personId: 'p1',
    serviceId: 'span',
    startDate: '2025-11-01',
    endDate: '2026-02-28',
  });
  const deliveries = ['2025-11', '2025-12', '2026-01', '2026-02'].map((month) => ({
    serviceId: 'span',
    month,
    units: 10.5,
  }));
  const settlements = deliveries.map((d) => ({ serviceId: 'span', month: d.month, amountCents: 4_205 }));

  it.each([
    ['2025', { persons: 1, new: 1, units: 21, amountEur: 84.1 }],
    ['2026', { persons: 1, new: 0, units: 21, amountEur: 84.1 }],
    ['2027', { persons: 0, new: 0, units: 0, amountEur: 0 }],
  ])('a service spanning two years, %s', (y, want) => {
    const t = count([spanning], y, { deliveries, settlements });
    const row = t.rows[0];
    if (want.persons === 0) {
      expect(t.rows).toEqual([]);
      expect(t.total.persons).toBe(0);
      return;
    }
    expect(row).toMatchObject({
      key: 'home-care',
      persons: want.persons,
      sums: { units: want.units, amountEur: want.amountEur },
    });
    expect(row!.breakdowns!['novelty']).toEqual({ new: want.new, continuing: 1 - want.new });
    expect(t.total.sums).toEqual({ amountEur: want.amountEur });
  });

  it.each([
    ['no earlier service', [], true],
    [
      'an earlier one ended 365 days before the start',
      [{ startDate: '2024-01-01', endDate: '2025-03-01' }],
      false,
    ],
    [
      'an earlier one ended 366 days before the start',
      [{ startDate: '2024-01-01', endDate: '2025-02-28' }],
      true,
    ],
    [
      'an earlier one of another type',
      [{ startDate: '2025-10-01', endDate: '2025-12-01', serviceTypeCode: 'day-care' }],
      true,
    ],
  ])('"new" with %s', (_name, earlier, isNew) => {
    const services = [
      ...earlier.map((e) => service({ personId: 'p2', ...e })),
      service({ personId: 'p2', startDate: '2026-03-01' }),
    ];
    const row = count(services, '2026').rows.find((r) => r.key === 'home-care')!;
    expect(row.breakdowns!['novelty']!['new']).toBe(isNew ? 1 : 0);
  });

  it.each([
    ['ends before the 18th birthday', '2026-06-09', '0-17', null],
    ['ends on the 18th birthday', '2026-06-10', '18-64', null],
    ['open, year in progress on the day before the birthday', null, '0-17', '2026-06-09'],
    ['open, whole year', null, '18-64', null],
  ])('age group on the last day served: %s', (_name, endDate, group, until) => {
    const services = [service({ personId: 'teen', startDate: '2026-01-05', endDate })];
    const t = count(services, '2026', {
      persons: [person('teen', '2008-06-10', 'male')],
      ...(until ? { until } : {}),
    });
    expect(t.rows[0]!.breakdowns!['ageGroup']![group]).toBe(1);
    expect(t.rows[0]!.breakdowns!['sex']).toEqual({ female: 0, male: 1, unknown: 0 });
  });

  it('a person with two service types sits in both rows and once in the total; funding per type', () => {
    const services = [
      service({ personId: 'p3', serviceTypeCode: 'home-care', endDate: '2026-04-30' }),
      service({
        personId: 'p3',
        serviceTypeCode: 'long-term-care',
        funding: 'state',
        startDate: '2026-05-01',
      }),
      service({ personId: 'p4', serviceTypeCode: 'home-care' }),
    ];
    const t = count(services, '2026', { persons: [person('p3', '1940-01-01'), person('p4', null, null)] });
    expect(t.rows.map((r) => [r.key, r.persons, r.breakdowns!['funding']])).toEqual([
      ['home-care', 2, { municipal: 2, state: 0 }],
      ['long-term-care', 1, { municipal: 0, state: 1 }],
    ]);
    expect(t.total.persons).toBe(2);
    expect(t.total.breakdowns!['funding']).toEqual({ municipal: 1, state: 1 });
    expect(t.total.breakdowns!['ageGroup']).toEqual({ '0-17': 0, '18-64': 0, '65+': 1, unknown: 1 });
    expect(t.total.breakdowns!['sex']).toEqual({ female: 1, male: 0, unknown: 1 });
  });

  it('a service not started, or starting after the day counted to, does not count', () => {
    const services = [
      service({ personId: 'p5', startDate: null }),
      service({ personId: 'p6', startDate: '2026-08-01' }),
    ];
    expect(count(services, '2026', { until: '2026-07-31' }).total.persons).toBe(0);
    expect(count(services, '2026').total.persons).toBe(1);
  });

  it('generated data (2,000 services): every consistency check passes and the total equals the distinct persons', () => {
    let state = 11;
    const rnd = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    const types = ['home-care', 'day-care', 'workshop', 'long-term-care'];
    const services: ServiceRecord[] = [];
    const persons: PersonAttributes[] = [];
    for (let i = 0; i < 800; i++) {
      persons.push(
        person(`q${i}`, `19${10 + rnd(90)}-0${1 + rnd(9)}-1${rnd(9)}`, rnd(2) ? 'female' : 'male'),
      );
    }
    for (let i = 0; i < 2000; i++) {
      const start = `202${4 + rnd(3)}-0${1 + rnd(9)}-0${1 + rnd(9)}`;
      services.push(
        service({
          personId: `q${rnd(800)}`,
          serviceTypeCode: types[rnd(4)]!,
          funding: rnd(3) === 0 ? 'state' : 'municipal',
          startDate: start,
          endDate: rnd(2) ? null : `${Number(start.slice(0, 4)) + rnd(2)}-1${rnd(3)}-2${rnd(9)}`,
        }),
      );
    }
    const valid = services.filter((s) => s.endDate === null || s.endDate >= s.startDate!);
    const t = count(valid, '2025', { persons });
    const expected = new Set(
      valid
        .filter((s) => s.startDate! <= '2025-12-31' && (s.endDate ?? '9999') >= '2025-01-01')
        .map((s) => s.personId),
    );
    expect(t.total.persons).toBe(expected.size);
  });
});
