import { DialectMigration } from './dialect.js';

export class Migration20261128131356Complaints extends DialectMigration {
  override name = '20261128131356_complaints';

  protected readonly statements = {
  sqlite: [
    "create table `complaints` (`id` text not null primary key, `personal_code` text not null, `person_id` text null, `kind` text not null, `subject_type` text not null, `subject_text` text not null, `addressee` text not null, `municipality_code` text null, `email` text null, `text` text not null, `additions` json not null, `state` text not null, `received_on` text not null, `original_due_on` text not null, `due_on` text not null, `extension_reason` text null, `extended_at` datetime null, `extended_by` text null, `answer_text` text null, `answered_on` text null, `answered_by` text null, `late` integer not null default false, `overdue` integer not null default false, `answer_delivered_at` datetime null, `task_id` text null, `created_at` datetime not null, `updated_at` datetime not null)",
    "create index `complaints_personal_code_created_at_index` on `complaints` (`personal_code`, `created_at`)",
    "create index `complaints_municipality_code_state_index` on `complaints` (`municipality_code`, `state`)",
  ],
  postgresql: [
    "create table \"complaints\" (\"id\" varchar(36) not null, \"personal_code\" varchar(12) not null, \"person_id\" varchar(36) null, \"kind\" varchar(10) not null, \"subject_type\" varchar(20) not null, \"subject_text\" varchar(300) not null, \"addressee\" varchar(12) not null, \"municipality_code\" varchar(7) null, \"email\" varchar(254) null, \"text\" text not null, \"additions\" jsonb not null, \"state\" varchar(10) not null, \"received_on\" varchar(10) not null, \"original_due_on\" varchar(10) not null, \"due_on\" varchar(10) not null, \"extension_reason\" varchar(2000) null, \"extended_at\" timestamptz null, \"extended_by\" varchar(100) null, \"answer_text\" text null, \"answered_on\" varchar(10) null, \"answered_by\" varchar(100) null, \"late\" boolean not null default false, \"overdue\" boolean not null default false, \"answer_delivered_at\" timestamptz null, \"task_id\" varchar(36) null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"complaints_personal_code_created_at_index\" on \"complaints\" (\"personal_code\", \"created_at\")",
    "create index \"complaints_municipality_code_state_index\" on \"complaints\" (\"municipality_code\", \"state\")",
  ],
  };
}
