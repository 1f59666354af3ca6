import { DialectMigration } from './dialect.js';

export class Migration20261128084634SpecialistsRegister extends DialectMigration {
  override name = '20261128084634_specialists-register';

  protected readonly statements = {
  sqlite: [
    "create table `specialists` (`id` text not null primary key, `personal_code` text not null, `first_name` text not null, `last_name` text not null, `organisation_id` text not null, `position` text not null, `position_kind` text not null, `created_at` datetime not null, `updated_at` datetime not null)",
    "create unique index `specialists_personal_code_unique` on `specialists` (`personal_code`)",
    "create index `specialists_organisation_id_index` on `specialists` (`organisation_id`)",
    "create table `specialist_employments` (`id` text not null primary key, `specialist_id` text not null, `organisation_id` text not null, `position` text not null, `position_kind` text not null, `employed_from` text not null, `employed_to` text null, `created_at` datetime not null)",
    "create index `specialist_employments_specialist_id_index` on `specialist_employments` (`specialist_id`)",
    "create index `specialist_employments_organisation_id_index` on `specialist_employments` (`organisation_id`)",
    "create table `specialist_organisations` (`id` text not null primary key, `name` text not null, `kind` text not null, `municipality_atvk` text null, `registration_no` text not null, `created_at` datetime not null)",
    "create index `specialist_organisations_municipality_atvk_index` on `specialist_organisations` (`municipality_atvk`)",
    "create unique index `specialist_organisations_registration_no_unique` on `specialist_organisations` (`registration_no`)",
    "create table `specialist_trainings` (`id` text not null primary key, `specialist_id` text not null, `kind` text not null, `completed_on` text not null, `hours` integer not null, `programme` text not null, `provider` text not null, `certificate_no` text not null, `source` text not null, `recorded_by` text not null, `created_at` datetime not null)",
    "create index `specialist_trainings_specialist_id_index` on `specialist_trainings` (`specialist_id`)",
    "create unique index `specialist_trainings_specialist_id_certificate_no_unique` on `specialist_trainings` (`specialist_id`, `certificate_no`)",
    "alter table `users` add column `organisation_id` text null",
  ],
  postgresql: [
    "create table \"specialists\" (\"id\" varchar(36) not null, \"personal_code\" varchar(12) not null, \"first_name\" varchar(100) not null, \"last_name\" varchar(100) not null, \"organisation_id\" varchar(36) not null, \"position\" varchar(200) not null, \"position_kind\" varchar(40) not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, primary key (\"id\"))",
    "alter table \"specialists\" add constraint \"specialists_personal_code_unique\" unique (\"personal_code\")",
    "create index \"specialists_organisation_id_index\" on \"specialists\" (\"organisation_id\")",
    "create table \"specialist_employments\" (\"id\" varchar(36) not null, \"specialist_id\" varchar(36) not null, \"organisation_id\" varchar(36) not null, \"position\" varchar(200) not null, \"position_kind\" varchar(40) not null, \"employed_from\" varchar(10) not null, \"employed_to\" varchar(10) null, \"created_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"specialist_employments_specialist_id_index\" on \"specialist_employments\" (\"specialist_id\")",
    "create index \"specialist_employments_organisation_id_index\" on \"specialist_employments\" (\"organisation_id\")",
    "create table \"specialist_organisations\" (\"id\" varchar(36) not null, \"name\" varchar(200) not null, \"kind\" varchar(40) not null, \"municipality_atvk\" varchar(7) null, \"registration_no\" varchar(20) not null, \"created_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"specialist_organisations_municipality_atvk_index\" on \"specialist_organisations\" (\"municipality_atvk\")",
    "alter table \"specialist_organisations\" add constraint \"specialist_organisations_registration_no_unique\" unique (\"registration_no\")",
    "create table \"specialist_trainings\" (\"id\" varchar(36) not null, \"specialist_id\" varchar(36) not null, \"kind\" varchar(20) not null, \"completed_on\" varchar(10) not null, \"hours\" int not null, \"programme\" varchar(300) not null, \"provider\" varchar(200) not null, \"certificate_no\" varchar(50) not null, \"source\" varchar(20) not null, \"recorded_by\" varchar(100) not null, \"created_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"specialist_trainings_specialist_id_index\" on \"specialist_trainings\" (\"specialist_id\")",
    "alter table \"specialist_trainings\" add constraint \"specialist_trainings_specialist_id_certificate_no_unique\" unique (\"specialist_id\", \"certificate_no\")",
    "alter table \"users\" add \"organisation_id\" varchar(36) null",
  ],
  };
}
