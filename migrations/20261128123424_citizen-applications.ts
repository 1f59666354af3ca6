import { DialectMigration } from './dialect.js';

export class Migration20261128123424CitizenApplications extends DialectMigration {
  override name = '20261128123424_citizen-applications';

  protected readonly statements = {
  sqlite: [
    "create table `citizen_applications` (`id` text not null primary key, `personal_code` text not null, `kind` text not null, `state` text not null, `data` json not null, `attachments` json not null, `municipality_code` text null, `case_id` text null, `cycle_id` text null, `task_id` text null, `created_at` datetime not null, `updated_at` datetime not null, `submitted_at` datetime null)",
    "create index `citizen_applications_personal_code_kind_state_index` on `citizen_applications` (`personal_code`, `kind`, `state`)",
  ],
  postgresql: [
    "create table \"citizen_applications\" (\"id\" varchar(36) not null, \"personal_code\" varchar(12) not null, \"kind\" varchar(20) not null, \"state\" varchar(12) not null, \"data\" jsonb not null, \"attachments\" jsonb not null, \"municipality_code\" varchar(7) null, \"case_id\" varchar(36) null, \"cycle_id\" varchar(36) null, \"task_id\" varchar(36) null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, \"submitted_at\" timestamptz null, primary key (\"id\"))",
    "create index \"citizen_applications_personal_code_kind_state_index\" on \"citizen_applications\" (\"personal_code\", \"kind\", \"state\")",
  ],
  };
}
