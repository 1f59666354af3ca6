/** Case numbers: `<ATVK>-<year>-<000001>`, one counter per municipality and year. */
import { nextCounterValue, type Em } from './orm.js';

export async function caseNumber(em: Em, municipalityCode: string, year: number): Promise<string> {
  const seq = await nextCounterValue(em, `case:${municipalityCode}:${year}`);
  return `${municipalityCode}-${year}-${String(seq).padStart(6, '0')}`;
}
