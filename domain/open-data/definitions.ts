/**
 * The open datasets' definitions (issue 23): the facts they count, their titles, descriptions and documented
 * columns. The release is built in `datasets.ts`.
 */
export const TOTAL_CATEGORY = 'total';
/** The flag of a withheld count (Eurostat's "c", confidential); the count column is empty. */
export const WITHHELD_FLAG = 'c';

export interface ServiceFact {
  readonly personRef: string;
  readonly atvk: string;
  readonly serviceType: string;
  readonly from: string;
  readonly to: string | null;
}
export interface StatusFact {
  readonly personRef: string;
  readonly atvk: string;
  readonly status: 'needy' | 'low-income';
  readonly validFrom: string;
  readonly validTo: string;
}
export interface GmiFact {
  readonly householdRef: string;
  readonly atvk: string;
  readonly month: string;
}
export interface SpecialistFact {
  readonly personRef: string;
  readonly atvk: string;
  readonly organisationKind: string;
  readonly employedFrom: string;
  readonly employedTo: string | null;
  /** The first completed children's-rights training, if any. */
  readonly trainedOn: string | null;
}

export interface OpenDataFacts {
  readonly municipalities: readonly string[];
  readonly serviceTypes: readonly { code: string; funding: string }[];
  readonly organisationKinds: readonly string[];
  readonly services: readonly ServiceFact[];
  readonly statuses: readonly StatusFact[];
  readonly gmi: readonly GmiFact[];
  readonly specialists: readonly SpecialistFact[];
}

export interface ColumnDoc {
  readonly name: string;
  readonly lv: string;
  readonly en: string;
}

export interface DatasetDefinition {
  readonly code: string;
  readonly titleLv: string;
  readonly titleEn: string;
  readonly descriptionLv: string;
  readonly descriptionEn: string;
  readonly period: 'year' | 'month';
  readonly category: string | null;
  readonly count: string;
  /** Row totals per period and ATVK (category `total`): distinct persons over the categories. */
  readonly totals: boolean;
  /** Cells with this family name are shared with other datasets of the same family (the same figure). */
  readonly family: string;
}

const col = (name: string, lv: string, en: string): ColumnDoc => ({ name, lv, en });

export const DATASETS: readonly DatasetDefinition[] = [
  {
    code: 'social-service-recipients',
    titleLv: 'Sociālo pakalpojumu saņēmēji pēc pakalpojuma veida',
    titleEn: 'Recipients of social services by service type',
    descriptionLv: 'Personas, kurām pakalpojums bija spēkā vismaz vienu gada dienu, pēc pašvaldības (ATVK).',
    descriptionEn:
      'Persons with the service in force on at least one day of the year, by municipality (ATVK).',
    period: 'year',
    category: 'service_type',
    count: 'persons',
    totals: true,
    family: 'services',
  },
  {
    code: 'state-funded-service-recipients',
    titleLv: 'Valsts finansēto sociālo pakalpojumu saņēmēji',
    titleEn: 'Recipients of state-funded social services',
    descriptionLv: 'Valsts finansēto pakalpojumu saņēmēji pēc pakalpojuma veida, pašvaldības (ATVK) un gada.',
    descriptionEn: 'Recipients of state-funded services by service type, municipality (ATVK) and year.',
    period: 'year',
    category: 'service_type',
    count: 'persons',
    totals: true,
    family: 'services',
  },
  {
    code: 'needy-low-income-persons',
    titleLv: 'Personas ar trūcīgas vai maznodrošinātas mājsaimniecības statusu',
    titleEn: 'Persons with needy or low-income household status',
    descriptionLv: 'Mājsaimniecību locekļi, kuriem statuss bija spēkā vismaz vienu mēneša dienu.',
    descriptionEn: 'Household members whose status was in force on at least one day of the month.',
    period: 'month',
    category: 'status',
    count: 'persons',
    totals: true,
    family: 'status',
  },
  {
    code: 'gmi-recipients',
    titleLv: 'GMI pabalsta saņēmēji (mājsaimniecības)',
    titleEn: 'Guaranteed minimum income recipients (households)',
    descriptionLv: 'Mājsaimniecības, kurām piešķirts GMI pabalsts par mēnesi.',
    descriptionEn: 'Households granted the GMI benefit for the month.',
    period: 'month',
    category: null,
    count: 'households',
    totals: false,
    family: 'gmi',
  },
  {
    code: 'children-rights-trained-specialists',
    titleLv: 'Bērnu tiesību aizsardzībā apmācītie speciālisti pēc iestādes veida',
    titleEn: "Specialists trained in children's rights protection by organisation kind",
    descriptionLv: 'Speciālisti, kas gadā strādāja pašvaldības iestādē un līdz gada beigām bija apmācīti.',
    descriptionEn: 'Specialists employed in the year by a municipal organisation and trained by its end.',
    period: 'year',
    category: 'organisation_kind',
    count: 'specialists',
    totals: true,
    family: 'specialists',
  },
];

export function columnsOf(d: DatasetDefinition): ColumnDoc[] {
  return [
    col('atvk', 'Pašvaldības ATVK kods (7 cipari)', 'Municipality ATVK code (7 digits)'),
    d.period === 'year' ? col('year', 'Gads', 'Year') : col('month', 'Mēnesis (GGGG-MM)', 'Month (YYYY-MM)'),
    ...(d.category
      ? [
          col(
            d.category,
            `Kategorija; "${TOTAL_CATEGORY}" — kopā (atšķirīgas personas)`,
            `Category; "${TOTAL_CATEGORY}" — distinct persons in all`,
          ),
        ]
      : []),
    col(d.count, 'Skaits; tukšs, ja neatklāj', 'Count; empty when withheld'),
    col(
      'flag',
      `"${WITHHELD_FLAG}" — skaits neatklāts (konfidenciāls)`,
      `"${WITHHELD_FLAG}" — count withheld (confidential)`,
    ),
  ];
}
