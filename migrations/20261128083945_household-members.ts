import { DialectMigration } from './dialect.js';

export class Migration20261128083945HouseholdMembers extends DialectMigration {
  override name = '20261128083945_household-members';

  protected readonly statements = {
  sqlite: [
    "create table `case_household_members` (`id` text not null primary key, `case_id` text not null, `person_id` text not null, `source` text not null, `reason` text null, `registry_request_id` text null, `added_by` text not null, `added_at` datetime not null)",
    "create index `case_household_members_case_id_index` on `case_household_members` (`case_id`)",
    "create index `case_household_members_person_id_index` on `case_household_members` (`person_id`)",
    "create unique index `case_household_members_case_id_person_id_source_unique` on `case_household_members` (`case_id`, `person_id`, `source`)",
    "alter table `audit_log` add column `subject_person_id` text null",
    "create index `audit_log_subject_person_id_index` on `audit_log` (`subject_person_id`)",
  ],
  postgresql: [
    "create table \"case_household_members\" (\"id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"person_id\" varchar(36) not null, \"source\" varchar(10) not null, \"reason\" varchar(500) null, \"registry_request_id\" varchar(64) null, \"added_by\" varchar(100) not null, \"added_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"case_household_members_case_id_index\" on \"case_household_members\" (\"case_id\")",
    "create index \"case_household_members_person_id_index\" on \"case_household_members\" (\"person_id\")",
    "alter table \"case_household_members\" add constraint \"case_household_members_case_id_person_id_source_unique\" unique (\"case_id\", \"person_id\", \"source\")",
    "alter table \"audit_log\" add \"subject_person_id\" varchar(36) null",
    "create index \"audit_log_subject_person_id_index\" on \"audit_log\" (\"subject_person_id\")",
  ],
  };
}
