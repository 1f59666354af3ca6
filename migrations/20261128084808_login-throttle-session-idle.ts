import { DialectMigration } from './dialect.js';

export class Migration20261128084808LoginThrottleSessionIdle extends DialectMigration {
  override name = '20261128084808_login-throttle-session-idle';

  protected readonly statements = {
  sqlite: [
    "create table `login_throttles` (`id` text not null primary key, `scope` text not null, `username` text null, `address` text not null, `failures` integer not null, `last_failure_at` datetime not null, `blocked_until` datetime null)",
    "create index `login_throttles_address_index` on `login_throttles` (`address`)",
    "alter table `sessions` add column `last_seen_at` datetime null",
    "alter table `sessions` add column `case_search_code` text null",
    "alter table `users` drop column `failed_logins`",
    "alter table `users` drop column `locked_until`",
  ],
  postgresql: [
    "create table \"login_throttles\" (\"id\" varchar(64) not null, \"scope\" varchar(10) not null, \"username\" varchar(100) null, \"address\" varchar(64) not null, \"failures\" int not null, \"last_failure_at\" timestamptz not null, \"blocked_until\" timestamptz null, primary key (\"id\"))",
    "create index \"login_throttles_address_index\" on \"login_throttles\" (\"address\")",
    "alter table \"sessions\" add \"last_seen_at\" timestamptz null, add \"case_search_code\" varchar(12) null",
    "alter table \"users\" drop column \"failed_logins\", drop column \"locked_until\"",
  ],
  };
}
