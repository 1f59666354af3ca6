/** Loads the demo dossiers: every *.json file in the fixtures directory is one person dossier. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dossierSchema, type Dossier } from './dossier.js';

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function loadFixtures(dir: string = FIXTURES_DIR): Dossier[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const dossiers: Dossier[] = [];
  for (const file of files) {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const parsed = dossierSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`fixture ${file} is not a valid dossier: ${problems}`);
    }
    dossiers.push(parsed.data);
  }
  const ids = new Set<string>();
  const codes = new Set<string>();
  for (const d of dossiers) {
    if (ids.has(d.id)) throw new Error(`duplicate dossier id ${d.id}`);
    if (codes.has(d.person.personalCode))
      throw new Error(`dossier ${d.id} repeats another dossier's personal code`);
    ids.add(d.id);
    codes.add(d.person.personalCode);
  }
  return dossiers;
}
