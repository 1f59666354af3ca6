/**
 * Issue 22: the free-text providers of granted services become register entries when the database is migrated. The
 * database is migrated to the schema before the data migration, services are written as the old code wrote them,
 * then the rest of the migrations run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Provider, SocialService } from '../../infra/db/entities/index.js';
import { createOrm, type Orm } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { legacyCodeOf } from '../../services/providers/legacy.js';

let orm: Orm;
let dir: string;

function service(providerCode: string | null, providerName: string | null, decision = 'grant') {
  const now = new Date();
  const id = newId();
  return {
    id,
    caseId: newId(),
    municipalityCode: '0001000',
    serviceTypeCode: 'home-care',
    serviceTypeVersion: 1,
    workflowId: `social-service-${id}`,
    state: decision === 'grant' ? 'active' : 'refused',
    active: decision === 'grant',
    requestedAt: '2026-01-05',
    decisionDeadline: '2026-02-05',
    nextDeadline: null,
    nextDeadlineKind: null,
    decision,
    providerCode,
    providerName,
    volume: 10,
    startDate: '2026-01-10',
    endDate: null,
    nextReviewDate: null,
    decisionDocumentId: null,
    notes: null,
    startedBy: 'soc.riga',
    createdAt: now,
    updatedAt: now,
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-provider-migration-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await orm.migrator.up({ to: '20261128114508_provider-register-care-queue' });
  const em = orm.em.fork();
  for (const s of [
    service('RSD-APRUPE', 'Rīgas Sociālais dienests: Aprūpes birojs'),
    service('RSD-APRUPE', 'Rīgas Sociālais dienests: Aprūpes birojs'),
    service(null, 'Cēsu aprūpes centrs'),
    service(null, 'Cēsu aprūpes centrs'),
    service(null, null),
    service('NOT-GRANTED', 'Atteikts', 'refuse'),
  ])
    em.create(SocialService, s);
  await em.flush();
  await orm.migrator.up();
});
afterAll(async () => {
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('free-text providers → register entries', () => {
  it('one legacy entry per distinct provider of a granted service, named by the services', async () => {
    const em = orm.em.fork();
    const providers = await em.find(Provider, {}, { orderBy: { code: 'asc' } });
    expect(providers.map((p) => [p.code, p.legalName, p.state])).toEqual([
      [legacyCodeOf('Cēsu aprūpes centrs'), 'Cēsu aprūpes centrs', 'legacy'],
      ['RSD-APRUPE', 'Rīgas Sociālais dienests: Aprūpes birojs', 'legacy'],
    ]);
    expect(legacyCodeOf('Cēsu aprūpes centrs')).toBe('LEGACY-CESU-APRUPES-CENTRS');
    const named = await em.find(SocialService, { providerName: 'Cēsu aprūpes centrs' });
    expect(named.map((s) => s.providerCode)).toEqual([
      'LEGACY-CESU-APRUPES-CENTRS',
      'LEGACY-CESU-APRUPES-CENTRS',
    ]);
    // Every granted service with a provider names a register entry.
    const granted = await em.find(SocialService, { decision: 'grant', providerCode: { $ne: null } });
    const codes = new Set(providers.map((p) => p.code));
    expect(granted.every((s) => codes.has(s.providerCode as string))).toBe(true);
    expect(await em.count(Provider, { code: 'NOT-GRANTED' })).toBe(0);
  });
});
