/** Reading published open data: public, no personal data (counts only), so no read audit. */
import type { Readable } from 'node:stream';
import { DATASETS } from '../../domain/open-data/datasets.js';
import { OpenDataVersion, type IOpenDataVersion } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { notFound } from '../errors.js';

export type PublishedVersion = Omit<IOpenDataVersion, never>;

/** The latest version of each dataset that has one. */
export async function latestVersions(em: Em): Promise<Map<string, PublishedVersion>> {
  const out = new Map<string, PublishedVersion>();
  for (const v of await em.find(OpenDataVersion, {}, { orderBy: { version: 'asc' } })) out.set(v.dataset, v);
  return out;
}

export async function datasetVersions(em: Em, dataset: string): Promise<PublishedVersion[]> {
  if (!DATASETS.some((d) => d.code === dataset)) throw notFound('dataset');
  return em.find(OpenDataVersion, { dataset }, { orderBy: { version: 'desc' } });
}

/** The CSV bytes of one version, verified against the stored SHA-256 as they stream. */
export async function versionCsv(
  em: Em,
  store: ObjectStore,
  dataset: string,
  version: number,
): Promise<{ version: PublishedVersion; body: Readable }> {
  const v = await em.findOne(OpenDataVersion, { dataset, version });
  if (!v) throw notFound('dataset version');
  return { version: v, body: await store.getVerified(v.objectKey, v.sha256) };
}
