/** Health-condition classifier of the adoption register (seeded code list; names in Latvian). */
export interface HealthCondition {
  readonly code: string;
  readonly name: string;
}

export const HEALTH_CONDITIONS: readonly HealthCondition[] = [
  { code: 'HC01', name: 'Hroniska slimība' },
  { code: 'HC02', name: 'Funkcionālie traucējumi (invaliditāte)' },
  { code: 'HC03', name: 'Attīstības aizkavēšanās' },
  { code: 'HC04', name: 'Garīgās veselības traucējumi' },
  { code: 'HC05', name: 'Redzes traucējumi' },
  { code: 'HC06', name: 'Dzirdes traucējumi' },
  { code: 'HC07', name: 'Kustību traucējumi' },
  { code: 'HC08', name: 'Augļa alkohola spektra traucējumi' },
  { code: 'HC09', name: 'Iedzimta sirdskaite' },
  { code: 'HC10', name: 'Infekcijas slimība (piemēram, B vai C hepatīts, HIV)' },
];

export function isHealthConditionCode(code: string): boolean {
  return HEALTH_CONDITIONS.some((c) => c.code === code);
}

export function healthConditionName(code: string): string | undefined {
  return HEALTH_CONDITIONS.find((c) => c.code === code)?.name;
}
