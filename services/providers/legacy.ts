/**
 * Issue 22: before the register, a granted service named its provider as free text (`provider_code`,
 * `provider_name`). Each distinct provider of a granted service becomes a register entry in the state `legacy` (no
 * certificate: LM registers it through an ordinary application), so that every granted service names a register
 * entry by its code. A service with a name but no code gets a code derived from the name. Idempotent: an existing
 * entry with the code is left as it is.
 */
import { Provider, SocialService } from '../../infra/db/entities/index.js';
// The SQL entity manager type itself (not infra/db/orm.ts): a migration runs this, and orm.ts lists the migrations.
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';

type Em = SqlEntityManager<AbstractSqlDriver>;
import { newId } from '../../infra/ids.js';

/** A register code for a provider known by name only: `LEGACY-` and the name in capitals, letters and digits. */
export function legacyCodeOf(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 43);
  return `LEGACY-${slug || 'X'}`;
}

export async function migrateFreeTextProviders(em: Em): Promise<{ created: number; servicesCoded: number }> {
  const services = await em.find(SocialService, {
    decision: 'grant',
    $or: [{ providerCode: { $ne: null } }, { providerName: { $ne: null } }],
  });
  const now = new Date();
  let servicesCoded = 0;
  const names = new Map<string, string>();
  for (const s of services) {
    if (!s.providerCode) {
      s.providerCode = legacyCodeOf(s.providerName ?? '');
      servicesCoded += 1;
    }
    const code = s.providerCode;
    if (!names.has(code)) names.set(code, (s.providerName ?? '').trim() || code);
  }
  let created = 0;
  for (const [code, legalName] of names) {
    if (await em.findOne(Provider, { code })) continue;
    em.create(Provider, {
      id: newId(),
      code,
      legalName: legalName.slice(0, 200),
      registrationNo: null,
      state: 'legacy',
      addresses: [],
      freePlaces: null,
      withdrawnOn: null,
      createdAt: now,
      updatedAt: now,
    });
    created += 1;
  }
  await em.flush();
  return { created, servicesCoded };
}
