import { DialectMigration } from './dialect.js';

export class Migration20261128114802Reports extends DialectMigration {
  override name = '20261128114802_reports';

  protected readonly statements = {
  sqlite: [
    "create table `means_test_status_records` (`id` text not null primary key, `cycle_id` text not null, `case_id` text not null, `municipality_code` text not null, `evaluation_no` integer not null, `revision` integer not null, `decision` text not null, `status` text not null, `decided_on` text not null, `valid_from` text null, `valid_to` text null, `ended_on` text null, `person_ids` json not null, `gmi` json not null, `recorded_on` text not null, `recorded_at` datetime not null)",
    "create index `means_test_status_records_municipality_code_decided_on_index` on `means_test_status_records` (`municipality_code`, `decided_on`)",
    "create unique index `means_test_status_records_cycle_id_evaluation_no_revision_unique` on `means_test_status_records` (`cycle_id`, `evaluation_no`, `revision`)",
    "create table `report_submissions` (`id` text not null primary key, `form` text not null, `municipality_code` text not null, `period` text not null, `version` integer not null, `as_of` text not null, `object_key` text not null, `sha256` text not null, `size` integer not null, `submitted_by` text not null, `submitted_at` datetime not null)",
    "create unique index `report_submissions_object_key_unique` on `report_submissions` (`object_key`)",
    "create unique index `report_submissions_form_municipality_code_period_version_unique` on `report_submissions` (`form`, `municipality_code`, `period`, `version`)",
  ],
  postgresql: [
    "create table \"means_test_status_records\" (\"id\" varchar(36) not null, \"cycle_id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"municipality_code\" varchar(7) not null, \"evaluation_no\" int not null, \"revision\" int not null, \"decision\" varchar(10) not null, \"status\" varchar(20) not null, \"decided_on\" varchar(10) not null, \"valid_from\" varchar(10) null, \"valid_to\" varchar(10) null, \"ended_on\" varchar(10) null, \"person_ids\" jsonb not null, \"gmi\" jsonb not null, \"recorded_on\" varchar(10) not null, \"recorded_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"means_test_status_records_municipality_code_decided_on_index\" on \"means_test_status_records\" (\"municipality_code\", \"decided_on\")",
    "alter table \"means_test_status_records\" add constraint \"means_test_status_records_cycle_id_evaluation_no__23301_unique\" unique (\"cycle_id\", \"evaluation_no\", \"revision\")",
    "create table \"report_submissions\" (\"id\" varchar(36) not null, \"form\" varchar(60) not null, \"municipality_code\" varchar(7) not null, \"period\" varchar(7) not null, \"version\" int not null, \"as_of\" varchar(10) not null, \"object_key\" varchar(200) not null, \"sha256\" varchar(64) not null, \"size\" int not null, \"submitted_by\" varchar(100) not null, \"submitted_at\" timestamptz not null, primary key (\"id\"))",
    "alter table \"report_submissions\" add constraint \"report_submissions_object_key_unique\" unique (\"object_key\")",
    "alter table \"report_submissions\" add constraint \"report_submissions_form_municipality_code_period_version_unique\" unique (\"form\", \"municipality_code\", \"period\", \"version\")",
  ],
  };
}
