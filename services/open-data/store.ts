/** The open-data bucket: a store of its own, never the documents bucket. */
import type { Config } from '../../infra/config.js';
import { ObjectStore } from '../../infra/object-store.js';

export function openDataStore(config: Config): ObjectStore {
  return new ObjectStore({ ...config.minio, bucket: config.minio.openDataBucket });
}
