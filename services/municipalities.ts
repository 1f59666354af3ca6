/** Municipalities (ATVK codes and names) as the database holds them. */
import { Municipality } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';

export async function listMunicipalities(em: Em): Promise<{ atvk: string; name: string }[]> {
  const rows = await em.find(Municipality, {}, { orderBy: { atvk: 'asc' } });
  return rows.map((m) => ({ atvk: m.atvk, name: m.name }));
}

/** The municipality's name, or the code itself when it is unknown. */
export async function municipalityName(em: Em, atvk: string): Promise<string> {
  return (await em.findOne(Municipality, { atvk }))?.name ?? atvk;
}
