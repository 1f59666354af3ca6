/**
 * What an application to the register carries (BRIEF §4.12): the addresses where services are provided, each with
 * the service types offered (from the catalogue) and the capacity per type. Pure validation; the catalogue's codes
 * are passed in.
 */
import type { ValidationIssue } from '../validation.js';

export interface ProviderServiceOffer {
  serviceType: string;
  capacity: number;
}

export interface ProviderAddress {
  address: string;
  municipalityAtvk: string;
  services: ProviderServiceOffer[];
}

export const APPLICATION_KINDS = ['registration', 'change', 'renewal', 'withdrawal'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export function validateAddresses(
  addresses: readonly ProviderAddress[],
  knownServiceTypes: ReadonlySet<string>,
  knownMunicipalities: ReadonlySet<string>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (addresses.length === 0) issues.push({ path: 'addresses', message: 'at least one address' });
  const seen = new Set<string>();
  addresses.forEach((a, i) => {
    const key = a.address.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path: `addresses.${i}.address`, message: 'the same address twice' });
    seen.add(key);
    if (!knownMunicipalities.has(a.municipalityAtvk))
      issues.push({ path: `addresses.${i}.municipalityAtvk`, message: 'no such municipality' });
    if (a.services.length === 0)
      issues.push({ path: `addresses.${i}.services`, message: 'at least one service type' });
    const types = new Set<string>();
    a.services.forEach((s, j) => {
      if (!knownServiceTypes.has(s.serviceType))
        issues.push({ path: `addresses.${i}.services.${j}.serviceType`, message: 'not in the catalogue' });
      if (types.has(s.serviceType))
        issues.push({ path: `addresses.${i}.services.${j}.serviceType`, message: 'the same type twice' });
      types.add(s.serviceType);
    });
  });
  return issues;
}

/** Does a provider with these addresses offer `serviceType` in one of `municipalities`? */
export function offersIn(
  addresses: readonly ProviderAddress[],
  serviceType: string,
  municipalities: readonly string[],
): boolean {
  return addresses.some(
    (a) =>
      municipalities.includes(a.municipalityAtvk) && a.services.some((s) => s.serviceType === serviceType),
  );
}
