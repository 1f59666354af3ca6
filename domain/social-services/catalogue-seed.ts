/**
 * The initial social-service catalogue (BRIEF §4.2; issue 6): ten service types with realistic Latvian data —
 * names, legal basis (Social Services and Social Assistance Law, SPSP; Cabinet Regulation No. 138 (2019)),
 * required documents, registry checks, needs-assessment forms, units, tariffs and review periods. A municipality
 * starts from this seed and edits its own copy; every entry passes parseServiceTypeDefinition.
 */
import type { FormField, LocalizedText, ServiceTypeDefinition } from './catalogue.js';

/** Bumped with every change of the seed: 2026-11 corrects the child rehabilitation type's legal basis (MK 1613). */
export const SERVICE_CATALOGUE_VERSION = '2026-11';

const MK_138 =
  'MK 2019. gada 2. aprīļa noteikumi Nr. 138 "Noteikumi par sociālo pakalpojumu un sociālās palīdzības saņemšanu"';
const MK_790 =
  'MK 2015. gada 22. decembra noteikumi Nr. 790 "Noteikumi par sociālās rehabilitācijas pakalpojumiem no ' +
  'vardarbības cietušām un vardarbību veikušām personām"';
const MK_1613 =
  'MK 2009. gada 22. decembra noteikumi Nr. 1613 "Kārtība, kādā bērnam, kurš cietis no prettiesiskām darbībām, ' +
  'nodrošināma nepieciešamā palīdzība"';

const t = (lv: string, en: string): LocalizedText => ({ lv, en });

function field(
  key: string,
  label: LocalizedText,
  type: FormField['type'],
  required: boolean,
  extra: Partial<Omit<FormField, 'key' | 'label' | 'type' | 'required'>> = {},
): FormField {
  return {
    key,
    label,
    type,
    required,
    help: extra.help ?? null,
    min: extra.min ?? null,
    max: extra.max ?? null,
    maxLength: extra.maxLength ?? null,
    options: extra.options ?? null,
  };
}

const option = (value: string, lv: string, en: string) => ({ value, label: t(lv, en) });

// Fields shared by several forms.
const selfCareLevel = field(
  'selfCareLevel',
  t('Pašaprūpes spēju līmenis', 'Self-care level'),
  'select',
  true,
  {
    help: t(
      'Novērtē pēc MK noteikumu Nr. 138 funkcionālo spēju izvērtēšanas kritērijiem.',
      'Assess by the functional ability criteria of Cabinet Regulation No. 138.',
    ),
    options: [
      option('1', '1. līmenis — neliela palīdzība', 'Level 1 — little help'),
      option('2', '2. līmenis — mērena palīdzība', 'Level 2 — moderate help'),
      option('3', '3. līmenis — ievērojama palīdzība', 'Level 3 — substantial help'),
      option('4', '4. līmenis — pilnīga aprūpe', 'Level 4 — full care'),
    ],
  },
);
const mobility = field('mobility', t('Pārvietošanās spējas', 'Mobility'), 'select', true, {
  options: [
    option('independent', 'Patstāvīgi', 'Independent'),
    option('aid', 'Ar palīglīdzekli', 'With a walking aid'),
    option('wheelchair', 'Ratiņkrēslā', 'Wheelchair'),
    option('bedridden', 'Guļošs', 'Bedridden'),
  ],
});
const disabilityGroup = field(
  'disabilityGroup',
  t('Invaliditātes grupa', 'Disability group'),
  'select',
  false,
  {
    options: [
      option('none', 'Nav noteikta', 'None'),
      option('1', 'I grupa', 'Group I'),
      option('2', 'II grupa', 'Group II'),
      option('3', 'III grupa', 'Group III'),
    ],
  },
);
const notes = field('notes', t('Sociālā darbinieka piezīmes', "Social worker's notes"), 'textarea', false, {
  maxLength: 4000,
});
const goals = field(
  'goals',
  t('Sociālās rehabilitācijas mērķi', 'Social rehabilitation goals'),
  'textarea',
  true,
  {
    maxLength: 2000,
  },
);
const safetyRisk = field('safetyRisk', t('Drošības riska līmenis', 'Safety risk level'), 'select', true, {
  options: [
    option('low', 'Zems', 'Low'),
    option('medium', 'Vidējs', 'Medium'),
    option('high', 'Augsts', 'High'),
  ],
});

/**
 * Home care's own grant letter: a whole text-shaped letter like `templates/letters/social-service-grant.hbs` (first
 * line the heading; blank lines separate paragraphs; "- " lines a list). Data: client, today, requestedAt, service
 * (name, unitLv, tariffEur, fundingLv, legalBasis, nextReviewDate), decision (volume, providerName, startDate,
 * endDate, reason).
 */
const GRANT_LETTER = `LĒMUMS PAR APRŪPES MĀJĀS PIEŠĶIRŠANU

Datums: {{today}}   Lieta: {{client.caseNumber}}
Adresāts: {{client.name}}

Izvērtējot {{requestedAt}} iesniegto pieprasījumu un Jūsu pašaprūpes spējas, sociālais dienests nolēma piešķirt pakalpojumu "{{service.name}}".

- Aprūpes biroja darbinieks: {{decision.providerName}}
- Apjoms: {{decision.volume}} {{service.unitLv}} mēnesī
- No {{decision.startDate}}{{#if decision.endDate}} līdz {{decision.endDate}}{{/if}}
- Pārskatīšana: {{service.nextReviewDate}}

Aprūpētājs palīdzēs pamatvajadzību nodrošināšanā un mājsaimniecības darbos saskaņā ar aprūpes plānu.

Tiesiskais pamats: {{service.legalBasis}}.

Lēmumu var apstrīdēt viena mēneša laikā no tā spēkā stāšanās dienas.`;

export const SERVICE_CATALOGUE_SEED: readonly ServiceTypeDefinition[] = [
  {
    code: 'home-care',
    names: t('Aprūpe mājās', 'Home care'),
    description: t(
      'Pamatvajadzību nodrošināšana un palīdzība mājsaimniecības darbos personām, kuras vecuma vai veselības ' +
        'stāvokļa dēļ nespēj sevi aprūpēt.',
      'Basic needs and help with household chores for persons who cannot look after themselves due to age or ' +
        'health.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants, 17. pants; ${MK_138}, 3. nodaļa`,
    requiredDocuments: ['application', 'medical-opinion'],
    registryChecks: ['pmlp', 'vdeavk'],
    assessmentForm: {
      fields: [
        selfCareLevel,
        mobility,
        field('livesAlone', t('Dzīvo viens', 'Lives alone'), 'boolean', true),
        field(
          'hoursPerWeekNeeded',
          t('Nepieciešamās stundas nedēļā', 'Hours needed per week'),
          'integer',
          true,
          { min: 1, max: 40 },
        ),
        field(
          'informalCarer',
          t('Neformālais aprūpētājs (radinieks)', 'Informal carer (relative)'),
          'text',
          false,
          {
            maxLength: 200,
          },
        ),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'hour',
    tariffEur: 9.5,
    reviewPeriodMonths: 6,
    coPayment: null,
    letters: { grant: GRANT_LETTER },
  },
  {
    code: 'day-care-centre',
    names: t('Dienas aprūpes centrs', 'Day-care centre'),
    description: t(
      'Sociālā aprūpe, rehabilitācija un brīvā laika pavadīšana dienas laikā pilngadīgām personām ar ' +
        'funkcionāliem traucējumiem vai pensijas vecuma personām.',
      'Daytime social care, rehabilitation and leisure for adults with functional impairments or pensioners.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application', 'medical-opinion'],
    registryChecks: ['pmlp', 'vdeavk'],
    assessmentForm: {
      fields: [
        selfCareLevel,
        disabilityGroup,
        field('daysPerWeek', t('Apmeklējuma dienas nedēļā', 'Attendance days per week'), 'integer', true, {
          min: 1,
          max: 5,
        }),
        field('needsTransport', t('Nepieciešams transports', 'Needs transport'), 'boolean', true),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'day',
    tariffEur: 24.8,
    reviewPeriodMonths: 12,
    coPayment: null,
    letters: {},
  },
  {
    code: 'specialised-workshop',
    names: t('Specializētā darbnīca', 'Specialised workshop'),
    description: t(
      'Darba iemaņu apgūšana un uzturēšana personām ar garīga rakstura traucējumiem vai invaliditāti.',
      'Learning and maintaining work skills for persons with mental disorders or disabilities.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application', 'medical-opinion'],
    registryChecks: ['pmlp', 'vdeavk', 'nva'],
    assessmentForm: {
      fields: [
        disabilityGroup,
        field('workshopProfile', t('Darbnīcas profils', 'Workshop profile'), 'select', true, {
          options: [
            option('textile', 'Tekstils un šūšana', 'Textiles and sewing'),
            option('wood', 'Kokapstrāde', 'Woodwork'),
            option('ceramics', 'Keramika', 'Ceramics'),
            option('garden', 'Dārzkopība', 'Gardening'),
          ],
        }),
        field('daysPerWeek', t('Apmeklējuma dienas nedēļā', 'Attendance days per week'), 'integer', true, {
          min: 1,
          max: 5,
        }),
        field(
          'registeredUnemployed',
          t('Reģistrēts bezdarbnieks NVA', 'Registered unemployed (NVA)'),
          'boolean',
          true,
        ),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'day',
    tariffEur: 19.6,
    reviewPeriodMonths: 12,
    coPayment: null,
    letters: {},
  },
  {
    code: 'group-apartment',
    names: t('Grupu dzīvoklis', 'Group apartment'),
    description: t(
      'Mājoklis un sociālā darbinieka atbalsts personām ar garīga rakstura traucējumiem un jauniešiem ' +
        'pēc ārpusģimenes aprūpes beigām.',
      'Housing with social worker support for persons with mental disorders and young people leaving ' +
        'out-of-family care.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application', 'medical-opinion', 'income-statement'],
    registryChecks: ['pmlp', 'vdeavk', 'vsaa', 'vzd'],
    assessmentForm: {
      fields: [
        selfCareLevel,
        field(
          'independentLivingSkills',
          t('Patstāvīgas dzīves prasmes', 'Independent living skills'),
          'select',
          true,
          {
            options: [
              option('basic', 'Pamata', 'Basic'),
              option('partial', 'Daļējas', 'Partial'),
              option('good', 'Labas', 'Good'),
            ],
          },
        ),
        field('ownsDwelling', t('Personai pieder mājoklis', 'Owns a dwelling'), 'boolean', true),
        field('monthlyIncomeEur', t('Ienākumi mēnesī, EUR', 'Monthly income, EUR'), 'number', true, {
          min: 0,
          max: 100000,
        }),
        field('moveInDate', t('Vēlamais ievākšanās datums', 'Preferred move-in date'), 'date', false),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'month',
    tariffEur: 185,
    reviewPeriodMonths: 12,
    coPayment: null,
    letters: {},
  },
  {
    code: 'short-term-social-care',
    names: t('Īslaicīga sociālā aprūpe', 'Short-term social care'),
    description: t(
      'Diennakts aprūpe institūcijā uz laiku līdz trim mēnešiem, piemēram, pēc ārstēšanās slimnīcā vai ' +
        'aprūpētāja prombūtnes laikā.',
      'Round-the-clock institutional care for up to three months, e.g. after a hospital stay or while the ' +
        'carer is away.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application', 'medical-opinion'],
    registryChecks: ['pmlp', 'vdeavk', 'vsaa'],
    assessmentForm: {
      fields: [
        selfCareLevel,
        mobility,
        field('reason', t('Īslaicīgās aprūpes iemesls', 'Reason for short-term care'), 'select', true, {
          options: [
            option('after-hospital', 'Pēc ārstēšanās slimnīcā', 'After a hospital stay'),
            option('carer-absent', 'Aprūpētāja prombūtne', 'Carer away'),
            option('crisis', 'Krīzes situācija', 'Crisis'),
          ],
        }),
        field('plannedDays', t('Plānotais dienu skaits', 'Planned days'), 'integer', true, {
          min: 1,
          max: 92,
        }),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'day',
    tariffEur: 36.4,
    reviewPeriodMonths: 3,
    coPayment: null,
    letters: {},
  },
  {
    code: 'specialist-consultations',
    names: t('Speciālistu konsultācijas', 'Specialist consultations'),
    description: t(
      'Psihologa, jurista vai citu speciālistu konsultācijas personām un ģimenēm sociālo problēmu risināšanai.',
      'Consultations by a psychologist, lawyer or other specialist for persons and families with social problems.',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application'],
    registryChecks: ['pmlp'],
    assessmentForm: {
      fields: [
        field('specialist', t('Speciālists', 'Specialist'), 'select', true, {
          options: [
            option('psychologist', 'Psihologs', 'Psychologist'),
            option('lawyer', 'Jurists', 'Lawyer'),
            option('family-therapist', 'Ģimenes terapeits', 'Family therapist'),
            option('addiction', 'Atkarību speciālists', 'Addiction specialist'),
          ],
        }),
        field('sessionsNeeded', t('Nepieciešamo konsultāciju skaits', 'Sessions needed'), 'integer', true, {
          min: 1,
          max: 20,
        }),
        field('problem', t('Problēmas apraksts', 'Description of the problem'), 'textarea', true, {
          maxLength: 2000,
        }),
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'visit',
    tariffEur: 30,
    reviewPeriodMonths: 6,
    coPayment: null,
    letters: {},
  },
  {
    code: 'support-group',
    names: t('Atbalsta grupa', 'Support group'),
    description: t(
      'Speciālista vadītas grupu nodarbības personām ar līdzīgām problēmām (piemēram, audžuģimenēm, ' +
        'aprūpētājiem, atkarīgo tuviniekiem).',
      'Group sessions led by a specialist for people with similar problems (e.g. foster families, carers, ' +
        'relatives of addicts).',
    ),
    funding: 'municipal',
    legalBasis: `SPSP 9. pants; ${MK_138}`,
    requiredDocuments: ['application'],
    registryChecks: ['pmlp'],
    assessmentForm: {
      fields: [
        field('groupTopic', t('Grupas tēma', 'Group topic'), 'select', true, {
          options: [
            option('carers', 'Aprūpētāji', 'Carers'),
            option('parents', 'Vecāki', 'Parents'),
            option('foster-families', 'Audžuģimenes', 'Foster families'),
            option('addiction-relatives', 'Atkarīgo tuvinieki', 'Relatives of addicts'),
          ],
        }),
        field('sessions', t('Nodarbību skaits', 'Number of sessions'), 'integer', true, { min: 1, max: 24 }),
        field('firstSession', t('Pirmā nodarbība', 'First session'), 'date', false),
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'visit',
    tariffEur: 12,
    reviewPeriodMonths: 6,
    coPayment: null,
    letters: {},
  },
  {
    code: 'rehabilitation-violence-adult',
    names: t(
      'Sociālā rehabilitācija no vardarbības cietušām pilngadīgām personām',
      'Social rehabilitation for adult victims of violence',
    ),
    description: t(
      'Valsts finansēts psihologa, sociālā darbinieka un jurista atbalsts (konsultācijas vai uzturēšanās ' +
        'institūcijā) pilngadīgām personām, kuras cietušas no vardarbības.',
      'State-funded support by a psychologist, social worker and lawyer (consultations or a stay in an ' +
        'institution) for adults who have suffered violence.',
    ),
    funding: 'state',
    legalBasis: `SPSP 13. pants; ${MK_790}`,
    requiredDocuments: ['application'],
    registryChecks: ['pmlp'],
    assessmentForm: {
      fields: [
        field('violenceType', t('Vardarbības veids', 'Type of violence'), 'select', true, {
          options: [
            option('physical', 'Fiziska', 'Physical'),
            option('emotional', 'Emocionāla', 'Emotional'),
            option('sexual', 'Seksuāla', 'Sexual'),
            option('economic', 'Ekonomiska', 'Economic'),
          ],
        }),
        safetyRisk,
        field('policeReport', t('Ziņots policijai', 'Reported to the police'), 'boolean', true),
        field('withChildren', t('Kopā ar bērniem', 'Accompanied by children'), 'boolean', true),
        field('consultations', t('Plānotās konsultācijas', 'Planned consultations'), 'integer', true, {
          min: 1,
          max: 10,
        }),
        goals,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'visit',
    tariffEur: 28.46,
    reviewPeriodMonths: 3,
    coPayment: null,
    letters: {},
  },
  {
    code: 'rehabilitation-violence-child',
    names: t(
      'Sociālā rehabilitācija no vardarbības cietušiem bērniem',
      'Social rehabilitation for child victims of violence',
    ),
    description: t(
      'Valsts finansēta sociālā rehabilitācija bērnam, kurš cietis no vardarbības, un viņa likumiskajam ' +
        'pārstāvim.',
      'State-funded social rehabilitation for a child who has suffered violence, and their legal representative.',
    ),
    funding: 'state',
    legalBasis: `SPSP 13. pants; Bērnu tiesību aizsardzības likums; ${MK_1613}`,
    requiredDocuments: ['application', 'certificate'],
    registryChecks: ['pmlp'],
    assessmentForm: {
      fields: [
        field('childAge', t('Bērna vecums (gadi)', "Child's age (years)"), 'integer', true, {
          min: 0,
          max: 17,
        }),
        field('violenceType', t('Vardarbības veids', 'Type of violence'), 'select', true, {
          options: [
            option('physical', 'Fiziska', 'Physical'),
            option('emotional', 'Emocionāla', 'Emotional'),
            option('sexual', 'Seksuāla', 'Sexual'),
            option('neglect', 'Pamešana novārtā', 'Neglect'),
          ],
        }),
        safetyRisk,
        field('orphanCourtInformed', t('Informēta bāriņtiesa', 'Orphan court informed'), 'boolean', true),
        field('setting', t('Pakalpojuma veids', 'Service setting'), 'select', true, {
          options: [
            option('outpatient', 'Ambulatori (konsultācijas)', 'Outpatient (consultations)'),
            option('residential', 'Institūcijā', 'Residential'),
          ],
        }),
        goals,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'visit',
    tariffEur: 31.34,
    reviewPeriodMonths: 3,
    coPayment: null,
    letters: {},
  },
  {
    code: 'long-term-institutional-care',
    names: t(
      'Ilgstoša sociālā aprūpe un sociālā rehabilitācija institūcijā',
      'Long-term social care and social rehabilitation in an institution',
    ),
    description: t(
      'Valsts finansēta diennakts aprūpe institūcijā; klients maksā ne vairāk kā 85 % no savas pensijas un ' +
        'pabalstiem (SPSP 29. panta otrā daļa).',
      'State-funded round-the-clock care in an institution; the client pays at most 85 % of their pension and ' +
        'benefits (SPSP art. 29(2)).',
    ),
    funding: 'state',
    legalBasis: `SPSP 13. pants, 29. panta otrā daļa; ${MK_138}`,
    requiredDocuments: ['application', 'medical-opinion', 'income-statement', 'contract'],
    registryChecks: ['pmlp', 'vdeavk', 'vsaa', 'vzd'],
    assessmentForm: {
      fields: [
        selfCareLevel,
        mobility,
        disabilityGroup,
        field(
          'mentalDisorder',
          t('Smagi garīga rakstura traucējumi', 'Severe mental disorder'),
          'boolean',
          true,
        ),
        field(
          'relativesCanCare',
          t('Radinieki spēj nodrošināt aprūpi', 'Relatives can provide care'),
          'boolean',
          true,
        ),
        field(
          'monthlyPensionEur',
          t('Pensija un pabalsti mēnesī, EUR', 'Pension and benefits per month, EUR'),
          'number',
          true,
          { min: 0, max: 100000 },
        ),
        notes,
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'day',
    tariffEur: 29.03,
    reviewPeriodMonths: 12,
    coPayment: 'long-term-institutional-care',
    letters: {},
  },
];
