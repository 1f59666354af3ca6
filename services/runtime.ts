/**
 * The running application's resources as the services take them (built in `app/deps.ts`): `api/` holds and passes
 * them on without depending on Temporal, the ORM or MinIO itself.
 */
export type { Client as ProcessClient } from '@temporalio/client';
export type { Em, Orm } from '../infra/db/orm.js';
export type { ObjectStore } from '../infra/object-store.js';
