import { DialectMigration } from './dialect.js';

export class Migration20261128122511RehabilitationSessions extends DialectMigration {
  override name = '20261128122511_rehabilitation-sessions';

  protected readonly statements = {
  sqlite: [
    "create table `rehabilitation_sessions` (`id` text not null primary key, `service_id` text not null, `case_id` text not null, `municipality_code` text not null, `service_type_code` text not null, `date` text not null, `form` text not null, `specialist_kind` text null, `minutes` integer null, `recorded_by` text not null, `recorded_at` datetime not null)",
    "create index `rehabilitation_sessions_service_id_form_index` on `rehabilitation_sessions` (`service_id`, `form`)",
    "create index `rehabilitation_sessions_municipality_code_date_index` on `rehabilitation_sessions` (`municipality_code`, `date`)",
  ],
  postgresql: [
    "create table \"rehabilitation_sessions\" (\"id\" varchar(36) not null, \"service_id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"municipality_code\" varchar(7) not null, \"service_type_code\" varchar(40) not null, \"date\" varchar(10) not null, \"form\" varchar(20) not null, \"specialist_kind\" varchar(20) null, \"minutes\" int null, \"recorded_by\" varchar(100) not null, \"recorded_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"rehabilitation_sessions_service_id_form_index\" on \"rehabilitation_sessions\" (\"service_id\", \"form\")",
    "create index \"rehabilitation_sessions_municipality_code_date_index\" on \"rehabilitation_sessions\" (\"municipality_code\", \"date\")",
  ],
  };
}
