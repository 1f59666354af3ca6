/**
 * What an incoming application asks for, from its DMS document type: a means test, a social service (with the
 * suggested service type, a code of the service catalogue), a change of situation, or something a worker has to read first. Data, not code: each
 * dialect's own codes map onto one internal classification.
 */
import type { DmsSystem } from './systems.js';

export type IntakeClassification =
  'means-test' | 'change-of-situation' | 'social-service' | 'complaint' | 'other';

export interface ClassificationRule {
  classification: IntakeClassification;
  /** Suggested service type (catalogue code) for social-service applications. */
  serviceType?: string;
  /** Case-file document type the attached files are stored as. */
  documentType: 'application' | 'means-declaration' | 'other';
  /** Working days the municipality's queue gets for the task (Administrative Procedure Law gives one month). */
  dueInDays: number;
  taskTitle: { lv: string; en: string };
}

const MEANS_TEST: ClassificationRule = {
  classification: 'means-test',
  documentType: 'means-declaration',
  dueInDays: 10,
  taskTitle: {
    lv: 'Izvērtēt mājsaimniecības materiālo situāciju',
    en: 'Evaluate the household means test',
  },
};
const CHANGE: ClassificationRule = {
  classification: 'change-of-situation',
  documentType: 'application',
  dueInDays: 10,
  taskTitle: { lv: 'Pārvērtēt situāciju pēc izmaiņām', en: 'Re-evaluate after a change of situation' },
};
const service = (serviceType: string, lv: string, en: string): ClassificationRule => ({
  classification: 'social-service',
  serviceType,
  documentType: 'application',
  dueInDays: 20,
  taskTitle: { lv: `Izskatīt pakalpojuma pieprasījumu: ${lv}`, en: `Handle the service request: ${en}` },
});
const COMPLAINT: ClassificationRule = {
  classification: 'complaint',
  documentType: 'application',
  dueInDays: 20,
  taskTitle: { lv: 'Izskatīt sūdzību', en: 'Handle a complaint' },
};
export const OTHER_RULE: ClassificationRule = {
  classification: 'other',
  documentType: 'other',
  dueInDays: 20,
  taskTitle: { lv: 'Izskatīt iesniegumu', en: 'Read an incoming application' },
};

export const CLASSIFICATION_TABLE: Readonly<Record<DmsSystem, Readonly<Record<string, ClassificationRule>>>> =
  {
    namejs: {
      'SD-ILD': MEANS_TEST,
      'SD-IZM': CHANGE,
      'SD-PAK-APRUPE-MAJAS': service('home-care', 'aprūpe mājās', 'home care'),
      'SD-PAK-DIENAS-CENTRS': service('day-care-centre', 'dienas aprūpes centrs', 'day-care centre'),
      'SD-PAK-ISLAICIGA': service(
        'short-term-social-care',
        'īslaicīgā sociālā aprūpe',
        'short-term social care',
      ),
      'SD-PAK-KONSULTACIJA': service(
        'specialist-consultations',
        'speciālistu konsultācijas',
        'specialist consultations',
      ),
      'SD-SUDZ': COMPLAINT,
    },
    lietvaris: {
      ILD_IESNIEGUMS: MEANS_TEST,
      SITUACIJAS_IZMAINAS: CHANGE,
      PAKALPOJUMS_APRUPE_MAJAS: service('home-care', 'aprūpe mājās', 'home care'),
      PAKALPOJUMS_GRUPU_DZIVOKLIS: service('group-apartment', 'grupu dzīvoklis', 'group apartment'),
      PAKALPOJUMS_REHABILITACIJA: service(
        'rehabilitation-violence-adult',
        'sociālā rehabilitācija no vardarbības cietušām pilngadīgām personām',
        'social rehabilitation of adults harmed by violence',
      ),
      SUDZIBA: COMPLAINT,
    },
  };

export function classify(system: DmsSystem, documentType: string): ClassificationRule {
  return CLASSIFICATION_TABLE[system][documentType] ?? OTHER_RULE;
}
