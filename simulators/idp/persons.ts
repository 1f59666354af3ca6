/**
 * The identity provider's people: the registry simulator's test persons, read from its fixture files (plain JSON;
 * nothing of the project is imported). Only the identity is used: personal code, names, birth and death dates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PERSONS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'registry',
  'fixtures',
);

export interface IdpPerson {
  personalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

const CODE = /^\d{6}-\d{5}$/;

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function loadPersons(dir: string = DEFAULT_PERSONS_DIR): IdpPerson[] {
  const persons: IdpPerson[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const person: unknown = raw && typeof raw === 'object' && 'person' in raw ? raw.person : undefined;
    if (!person || typeof person !== 'object') throw new Error(`${file}: no "person" object`);
    const p = person as Record<string, unknown>;
    const personalCode = str(p.personalCode);
    const givenName = str(p.firstName);
    const familyName = str(p.lastName);
    const birthDate = str(p.birthDate);
    if (!personalCode || !CODE.test(personalCode) || !givenName || !familyName || !birthDate)
      throw new Error(`${file}: person needs personalCode (DDMMYY-NNNNN), firstName, lastName, birthDate`);
    // The dead cannot sign in.
    if (str(p.deathDate)) continue;
    persons.push({ personalCode, givenName, familyName, birthDate });
  }
  return persons;
}

/** The subject identifier the provider issues: the eIDAS-style national identifier. */
export function subjectOf(personalCode: string): string {
  return `PNOLV-${personalCode}`;
}
