import { describe, expect, it } from '@jest/globals';
import type { ServiceTypeDefinition } from '../../../../domain/social-services/catalogue.js';
import {
  formatIssuePath,
  parseServiceTypeDefinition,
  ServiceTypeDefinitionSchema,
} from '../../../../domain/social-services/catalogue.js';
import {
  SERVICE_CATALOGUE_SEED,
  SERVICE_CATALOGUE_VERSION,
} from '../../../../domain/social-services/catalogue-seed.js';
import { DOCUMENT_TYPES } from '../../../../domain/case-file/document-types.js';
import { DomainValidationError } from '../../../../domain/validation.js';

/** A minimal valid API body (defaults omitted). */
function body(): Record<string, unknown> {
  return {
    code: 'home-care',
    names: { lv: 'Aprūpe mājās', en: 'Home care' },
    funding: 'municipal',
    legalBasis: 'SPSP 9. pants',
    requiredDocuments: ['application'],
    registryChecks: ['pmlp'],
    assessmentForm: {
      fields: [
        {
          key: 'livesAlone',
          label: { lv: 'Dzīvo viens', en: 'Lives alone' },
          type: 'boolean',
          required: true,
        },
        {
          key: 'hours',
          label: { lv: 'Stundas', en: 'Hours' },
          type: 'integer',
          required: true,
          min: 1,
          max: 40,
        },
        {
          key: 'level',
          label: { lv: 'Līmenis', en: 'Level' },
          type: 'select',
          required: true,
          options: [
            { value: '1', label: { lv: '1', en: '1' } },
            { value: '2', label: { lv: '2', en: '2' } },
          ],
        },
      ],
    },
    unit: 'hour',
    tariffEur: 9.5,
    reviewPeriodMonths: 6,
  };
}

type Body = Record<string, unknown> & { assessmentForm: { fields: Record<string, unknown>[] } };
const withChange = (change: (b: Body) => void): Body => {
  const b = body() as Body;
  change(b);
  return b;
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseServiceTypeDefinition(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainValidationError);
    return [...(e as DomainValidationError).issues];
  }
  return [];
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path);
}

describe('parseServiceTypeDefinition: defaults', () => {
  it('fills description, decisionDeadlineMonths, coPayment, letters and field extras', () => {
    const def = parseServiceTypeDefinition(body());
    expect(def).toMatchObject({
      description: null,
      decisionDeadlineMonths: 1,
      coPayment: null,
      letters: {},
    });
    expect(def.assessmentForm.fields[0]).toEqual({
      key: 'livesAlone',
      label: { lv: 'Dzīvo viens', en: 'Lives alone' },
      type: 'boolean',
      required: true,
      help: null,
      min: null,
      max: null,
      maxLength: null,
      options: null,
    });
  });

  it('is the same as the exported schema', () => {
    const parsed: ServiceTypeDefinition = ServiceTypeDefinitionSchema.parse(body());
    expect(parsed).toEqual(parseServiceTypeDefinition(body()));
  });

  it('accepts letters for the known kinds', () => {
    const def = parseServiceTypeDefinition({
      ...body(),
      letters: { grant: '<p>{{client.name}}</p>', refuse: 'Atteikts.' },
    });
    expect(def.letters).toEqual({ grant: '<p>{{client.name}}</p>', refuse: 'Atteikts.' });
  });
});

describe('parseServiceTypeDefinition: scalar rules', () => {
  it.each([
    ['code', 'ab', false],
    ['code', 'abc', true],
    ['code', 'a'.repeat(40), true],
    ['code', 'a'.repeat(41), false],
    ['code', 'Home-care', false],
    ['code', '1home', false],
    ['code', 'home_care', false],
    ['tariffEur', 0, true],
    ['tariffEur', -0.01, false],
    ['tariffEur', 100000, true],
    ['tariffEur', 100000.01, false],
    ['tariffEur', 0.1 + 0.2, true],
    ['tariffEur', 12.345, false],
    ['tariffEur', Number.NaN, false],
    ['decisionDeadlineMonths', 0, false],
    ['decisionDeadlineMonths', 1, true],
    ['decisionDeadlineMonths', 4, true],
    ['decisionDeadlineMonths', 5, false],
    ['decisionDeadlineMonths', 1.5, false],
    ['reviewPeriodMonths', 0, false],
    ['reviewPeriodMonths', 1, true],
    ['reviewPeriodMonths', 36, true],
    ['reviewPeriodMonths', 37, false],
    ['reviewPeriodMonths', 2.5, false],
    ['unit', 'week', false],
    ['unit', 'visit', true],
    ['funding', 'private', false],
    ['funding', 'state', true],
    ['legalBasis', '   ', false],
    ['names', { lv: 'Aprūpe', en: '' }, false],
    ['description', { lv: 'Apraksts', en: 'Description' }, true],
    ['requiredDocuments', ['application', 'passport'], false],
    ['requiredDocuments', [], true],
    ['registryChecks', ['pmlp', 'kontu-registrs'], false],
    ['coPayment', 'something', false],
  ])('%s = %p → valid %p', (key, value, valid) => {
    const issues = paths({ ...body(), [key]: value });
    if (valid) expect(issues).toEqual([]);
    else expect(issues.some((p) => p.startsWith(key))).toBe(true);
  });

  it.each(['requiredDocuments', 'registryChecks'])('%s must be unique', (key) => {
    const value = key === 'requiredDocuments' ? ['application', 'application'] : ['pmlp', 'pmlp'];
    expect(issuesOf({ ...body(), [key]: value })).toEqual([
      { path: key, message: expect.stringContaining('duplicate') },
    ]);
  });

  it.each([
    ['a'.repeat(5000), true],
    ['a'.repeat(5001), false],
    ['<p>{{{client.name}}}</p>', false],
    ['<p>{{& client.name}}</p>', false],
    ['{{> header}}', false],
    ['<p>{{client.name}}</p>{{#if x}}y{{/if}}', true],
  ])('letter body %#: valid %p', (text, valid) => {
    const issues = paths({ ...body(), letters: { grant: text } });
    expect(issues).toEqual(valid ? [] : ['letters.grant']);
  });

  it('rejects unknown letter kinds', () => {
    expect(paths({ ...body(), letters: { welcome: 'x' } }).length).toBeGreaterThan(0);
  });

  it('rejects a non-object body', () => {
    expect(paths(null)).toEqual(['(body)']);
  });
});

describe('parseServiceTypeDefinition: the long-term-care co-payment needs VSAA', () => {
  it.each([
    [['pmlp'], 'municipal', ['registryChecks']],
    [['pmlp'], 'state', ['registryChecks']],
    [['pmlp', 'vsaa'], 'state', []],
    [['vsaa'], 'municipal', []],
  ])('checks %p, funding %s → %p', (checks, funding, expected) => {
    expect(
      paths({ ...body(), funding, registryChecks: checks, coPayment: 'long-term-institutional-care' }),
    ).toEqual(expected);
  });
});

describe('parseServiceTypeDefinition: assessment form rules', () => {
  it.each([
    ['no fields', withChange((b) => (b.assessmentForm.fields = [])), ['assessmentForm.fields']],
    [
      '51 fields',
      withChange((b) => {
        b.assessmentForm.fields = Array.from({ length: 51 }, (_, i) => ({
          key: `f${i}`,
          label: { lv: 'L', en: 'L' },
          type: 'boolean',
          required: false,
        }));
      }),
      ['assessmentForm.fields'],
    ],
    [
      'duplicate key',
      withChange((b) => (b.assessmentForm.fields[2]!.key = 'hours')),
      ['assessmentForm.fields[2].key'],
    ],
    [
      'bad key',
      withChange((b) => (b.assessmentForm.fields[0]!.key = 'Lives_alone')),
      ['assessmentForm.fields[0].key'],
    ],
    [
      'key of 41 chars',
      withChange((b) => (b.assessmentForm.fields[0]!.key = 'a'.repeat(41))),
      ['assessmentForm.fields[0].key'],
    ],
    [
      'unknown type',
      withChange((b) => (b.assessmentForm.fields[0]!.type = 'file')),
      ['assessmentForm.fields[0].type'],
    ],
    [
      'select without options',
      withChange((b) => delete b.assessmentForm.fields[2]!.options),
      ['assessmentForm.fields[2].options'],
    ],
    [
      'select with empty options',
      withChange((b) => (b.assessmentForm.fields[2]!.options = [])),
      ['assessmentForm.fields[2].options'],
    ],
    [
      'duplicate option values',
      withChange(
        (b) =>
          (b.assessmentForm.fields[2]!.options = [
            { value: 'a', label: { lv: 'A', en: 'A' } },
            { value: 'a', label: { lv: 'B', en: 'B' } },
          ]),
      ),
      ['assessmentForm.fields[2].options[1].value'],
    ],
    [
      'options on a boolean',
      withChange(
        (b) => (b.assessmentForm.fields[0]!.options = [{ value: 'a', label: { lv: 'A', en: 'A' } }]),
      ),
      ['assessmentForm.fields[0].options'],
    ],
    [
      'min on a boolean',
      withChange((b) => (b.assessmentForm.fields[0]!.min = 1)),
      ['assessmentForm.fields[0].min'],
    ],
    [
      'max on a select',
      withChange((b) => (b.assessmentForm.fields[2]!.max = 1)),
      ['assessmentForm.fields[2].max'],
    ],
    [
      'maxLength on an integer',
      withChange((b) => (b.assessmentForm.fields[1]!.maxLength = 10)),
      ['assessmentForm.fields[1].maxLength'],
    ],
    [
      'min > max',
      withChange((b) => (b.assessmentForm.fields[1]!.min = 41)),
      ['assessmentForm.fields[1].min'],
    ],
    ['min = max', withChange((b) => (b.assessmentForm.fields[1]!.min = 40)), []],
    [
      'fractional integer bound',
      withChange((b) => (b.assessmentForm.fields[1]!.max = 39.5)),
      ['assessmentForm.fields[1].max'],
    ],
    [
      'fractional number bound',
      withChange((b) => {
        b.assessmentForm.fields[1]!.type = 'number';
        b.assessmentForm.fields[1]!.max = 39.5;
      }),
      [],
    ],
    [
      'maxLength 0 on text',
      withChange((b) => {
        b.assessmentForm.fields[0] = {
          key: 't',
          label: { lv: 'T', en: 'T' },
          type: 'text',
          required: false,
          maxLength: 0,
        };
      }),
      ['assessmentForm.fields[0].maxLength'],
    ],
    [
      'maxLength 5000 on textarea',
      withChange((b) => {
        b.assessmentForm.fields[0] = {
          key: 't',
          label: { lv: 'T', en: 'T' },
          type: 'textarea',
          required: false,
          maxLength: 5000,
        };
      }),
      [],
    ],
    [
      'maxLength 5001 on textarea',
      withChange((b) => {
        b.assessmentForm.fields[0] = {
          key: 't',
          label: { lv: 'T', en: 'T' },
          type: 'textarea',
          required: false,
          maxLength: 5001,
        };
      }),
      ['assessmentForm.fields[0].maxLength'],
    ],
    [
      'label missing en',
      withChange((b) => (b.assessmentForm.fields[0]!.label = { lv: 'X' })),
      ['assessmentForm.fields[0].label.en'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it('reports several issues at once with their paths', () => {
    const input = withChange((b) => {
      b.assessmentForm.fields[2]!.key = 'hours';
      b.assessmentForm.fields[1]!.min = 50;
    });
    expect(paths(input).sort()).toEqual(['assessmentForm.fields[1].min', 'assessmentForm.fields[2].key']);
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], '(body)'],
    [['code'], 'code'],
    [['assessmentForm', 'fields', 2, 'options'], 'assessmentForm.fields[2].options'],
    [['requiredDocuments', 0], 'requiredDocuments[0]'],
  ])('%p → %s', (path, text) => {
    expect(formatIssuePath(path)).toBe(text);
  });
});

describe('the seed catalogue', () => {
  it('has a version', () => {
    expect(SERVICE_CATALOGUE_VERSION).toBe('2026-11');
  });

  it.each([
    'home-care',
    'day-care-centre',
    'specialised-workshop',
    'group-apartment',
    'short-term-social-care',
    'specialist-consultations',
    'support-group',
    'rehabilitation-violence-adult',
    'rehabilitation-violence-child',
    'long-term-institutional-care',
  ])('%s is present and parses unchanged', (code) => {
    const entry = SERVICE_CATALOGUE_SEED.find((d) => d.code === code);
    expect(entry).toBeDefined();
    expect(parseServiceTypeDefinition(entry)).toEqual(entry);
    expect(entry!.assessmentForm.fields.length).toBeGreaterThanOrEqual(3);
    expect(entry!.assessmentForm.fields.length).toBeLessThanOrEqual(8);
    for (const doc of entry!.requiredDocuments) expect(Object.keys(DOCUMENT_TYPES)).toContain(doc);
  });

  it('has unique codes', () => {
    const codes = SERVICE_CATALOGUE_SEED.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    [
      'home-care',
      { unit: 'hour', funding: 'municipal', reviewPeriodMonths: 6, registryChecks: ['pmlp', 'vdeavk'] },
    ],
    ['day-care-centre', { unit: 'day', funding: 'municipal' }],
    ['specialised-workshop', { unit: 'day' }],
    ['group-apartment', { unit: 'month' }],
    ['short-term-social-care', { unit: 'day' }],
    ['specialist-consultations', { unit: 'visit' }],
    ['support-group', { unit: 'visit' }],
    ['rehabilitation-violence-adult', { unit: 'visit', funding: 'state' }],
    ['rehabilitation-violence-child', { unit: 'visit', funding: 'state' }],
    [
      'long-term-institutional-care',
      { unit: 'day', funding: 'state', coPayment: 'long-term-institutional-care', reviewPeriodMonths: 12 },
    ],
  ])('%s has %p', (code, expected) => {
    expect(SERVICE_CATALOGUE_SEED.find((d) => d.code === code)).toMatchObject(expected);
  });

  it('home care requires an application and a medical opinion', () => {
    const homeCare = SERVICE_CATALOGUE_SEED.find((d) => d.code === 'home-care')!;
    expect(homeCare.requiredDocuments).toEqual(expect.arrayContaining(['application', 'medical-opinion']));
  });

  it('long-term care checks PMLP and VSAA', () => {
    const ltc = SERVICE_CATALOGUE_SEED.find((d) => d.code === 'long-term-institutional-care')!;
    expect(ltc.registryChecks).toEqual(expect.arrayContaining(['pmlp', 'vsaa']));
  });
});
