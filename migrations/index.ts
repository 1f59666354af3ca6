/** Every migration in order. `npm run db:migration:create -- <name>` appends new ones here. */
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261122092510InitialSchema } from './20261122092510_initial-schema.js';
import { Migration20261122104404SocialServices } from './20261122104404_social-services.js';
import { Migration20261128083945HouseholdMembers } from './20261128083945_household-members.js';
import { Migration20261128084634SpecialistsRegister } from './20261128084634_specialists-register.js';
import { Migration20261128084808LoginThrottleSessionIdle } from './20261128084808_login-throttle-session-idle.js';
import { Migration20261128114508ProviderRegisterCareQueue } from './20261128114508_provider-register-care-queue.js';
import { Migration20261128114600FreeTextProvidersToRegister } from './20261128114600_free-text-providers-to-register.js';
import { Migration20261128114906CitizenSessions } from './20261128114906_citizen-sessions.js';
import { Migration20261128123424CitizenApplications } from './20261128123424_citizen-applications.js';
import { Migration20261128114930OpenDataVersions } from './20261128114930_open-data-versions.js';
import { Migration20261128114802Reports } from './20261128114802_reports.js';
import { Migration20261128122511RehabilitationSessions } from './20261128122511_rehabilitation-sessions.js';
import { Migration20261128123220RehabilitationCourses } from './20261128123220_rehabilitation-courses.js';
import { Migration20261128131356Complaints } from './20261128131356_complaints.js';
// migration imports (generated)

export const MIGRATIONS: { name: string; class: Constructor<Migration> }[] = [
  { name: '20261122092510_initial-schema', class: Migration20261122092510InitialSchema },
  { name: '20261122104404_social-services', class: Migration20261122104404SocialServices },
  { name: '20261128083945_household-members', class: Migration20261128083945HouseholdMembers },
  { name: '20261128084634_specialists-register', class: Migration20261128084634SpecialistsRegister },
  { name: '20261128084808_login-throttle-session-idle', class: Migration20261128084808LoginThrottleSessionIdle },
  { name: '20261128114508_provider-register-care-queue', class: Migration20261128114508ProviderRegisterCareQueue },
  {
    name: '20261128114600_free-text-providers-to-register',
    class: Migration20261128114600FreeTextProvidersToRegister,
  },
  { name: '20261128114906_citizen-sessions', class: Migration20261128114906CitizenSessions },
  { name: '20261128123424_citizen-applications', class: Migration20261128123424CitizenApplications },
  { name: '20261128114930_open-data-versions', class: Migration20261128114930OpenDataVersions },
  { name: '20261128114802_reports', class: Migration20261128114802Reports },
  { name: '20261128122511_rehabilitation-sessions', class: Migration20261128122511RehabilitationSessions },
  { name: '20261128123220_rehabilitation-courses', class: Migration20261128123220RehabilitationCourses },
  { name: '20261128131356_complaints', class: Migration20261128131356Complaints },
  // migration list (generated)
];
