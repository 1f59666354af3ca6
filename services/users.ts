/** Who the users are, as the screens name them. */
import { User } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';

/** Display names of the known users among `usernames` (unknown ones are left out). */
export async function displayNamesOf(em: Em, usernames: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(usernames)];
  const users = unique.length ? await em.find(User, { username: { $in: unique } }) : [];
  return new Map(users.map((u) => [u.username, u.displayName]));
}
