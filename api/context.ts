/** What every route handler can reach: dependencies, the request's ORM context, and the signed-in user. */
import type { Clock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { AuthenticatedUser } from '../services/identity.js';
import type { Em, ObjectStore, Orm, ProcessClient } from '../services/runtime.js';
import type { Citizen } from '../services/citizen/sessions.js';

export interface AppDeps {
  config: Config;
  orm: Orm;
  store: ObjectStore;
  logger: Logger;
  /** The time sessions and sign-in throttling go by (replaceable in tests). */
  clock: Clock;
  /** Temporal client; connected lazily so the API starts (and reports 503) while Temporal is down. */
  temporal: { client: ProcessClient; check(): Promise<void> };
}

export interface AppEnv {
  Variables: {
    requestId: string;
    em: Em;
    deps: AppDeps;
    user: AuthenticatedUser;
    auth: { via: 'bearer' | 'cookie'; csrfToken: string; token: string };
    lang: 'lv' | 'en';
    /** The signed-in citizen of a portal request (`/e-pakalpojumi`), never set on officials' routes. */
    citizen?: { citizen: Citizen; csrfToken: string; token: string };
    /** Set by the input guard: the operation declares a required JSON body and none came (see refuseMissingBody). */
    bodyMissing?: boolean;
  };
}
