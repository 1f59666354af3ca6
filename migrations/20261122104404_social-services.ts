import { DialectMigration } from './dialect.js';

export class Migration20261122104404SocialServices extends DialectMigration {
  override name = '20261122104404_social-services';

  protected readonly statements = {
  sqlite: [
    "create table `service_deliveries` (`id` text not null primary key, `service_id` text not null, `case_id` text not null, `month` text not null, `units` double not null, `note` text null, `revision` integer not null, `recorded_by` text not null, `recorded_at` datetime not null)",
    "create unique index `service_deliveries_service_id_month_unique` on `service_deliveries` (`service_id`, `month`)",
    "create table `service_settlements` (`id` text not null primary key, `service_id` text not null, `case_id` text not null, `municipality_code` text not null, `service_type_code` text not null, `month` text not null, `units` double not null, `unit` text not null, `tariff_eur` double not null, `cost_eur` double not null, `client_pays_eur` double not null, `client_cap_eur` double null, `client_income_eur` double null, `income_evidence_document_id` text null, `funder_pays_eur` double not null, `funder` text not null, `legal_basis` text null, `final` integer not null default false, `revision` integer not null, `settled_at` datetime not null)",
    "create index `service_settlements_municipality_code_month_index` on `service_settlements` (`municipality_code`, `month`)",
    "create unique index `service_settlements_service_id_month_unique` on `service_settlements` (`service_id`, `month`)",
    "create table `service_types` (`code` text not null primary key, `current_version` integer not null, `name_lv` text not null, `name_en` text not null, `funding` text not null, `active` integer not null default true, `source` text not null, `created_at` datetime not null, `updated_at` datetime not null, `updated_by` text not null)",
    "create table `service_type_versions` (`id` text not null primary key, `code` text not null, `version` integer not null, `definition` json not null, `created_at` datetime not null, `created_by` text not null)",
    "create unique index `service_type_versions_code_version_unique` on `service_type_versions` (`code`, `version`)",
    "create table `social_services` (`id` text not null primary key, `case_id` text not null, `municipality_code` text not null, `service_type_code` text not null, `service_type_version` integer not null, `workflow_id` text not null, `state` text not null, `active` integer not null, `requested_at` text not null, `decision_deadline` text not null, `next_deadline` text null, `next_deadline_kind` text null, `decision` text null, `provider_code` text null, `provider_name` text null, `volume` double null, `start_date` text null, `end_date` text null, `next_review_date` text null, `decision_document_id` text null, `notes` text null, `started_by` text not null, `created_at` datetime not null, `updated_at` datetime not null)",
    "create unique index `social_services_workflow_id_unique` on `social_services` (`workflow_id`)",
    "create index `social_services_case_id_active_index` on `social_services` (`case_id`, `active`)",
    "create index `social_services_municipality_code_state_index` on `social_services` (`municipality_code`, `state`)",
    "create index `social_services_provider_code_active_index` on `social_services` (`provider_code`, `active`)",
    "alter table `users` add column `provider_code` text null",
  ],
  postgresql: [
    "create table \"service_deliveries\" (\"id\" varchar(36) not null, \"service_id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"month\" varchar(7) not null, \"units\" double precision not null, \"note\" varchar(1000) null, \"revision\" int not null, \"recorded_by\" varchar(100) not null, \"recorded_at\" timestamptz not null, primary key (\"id\"))",
    "alter table \"service_deliveries\" add constraint \"service_deliveries_service_id_month_unique\" unique (\"service_id\", \"month\")",
    "create table \"service_settlements\" (\"id\" varchar(36) not null, \"service_id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"municipality_code\" varchar(7) not null, \"service_type_code\" varchar(40) not null, \"month\" varchar(7) not null, \"units\" double precision not null, \"unit\" varchar(10) not null, \"tariff_eur\" double precision not null, \"cost_eur\" double precision not null, \"client_pays_eur\" double precision not null, \"client_cap_eur\" double precision null, \"client_income_eur\" double precision null, \"income_evidence_document_id\" varchar(36) null, \"funder_pays_eur\" double precision not null, \"funder\" varchar(20) not null, \"legal_basis\" varchar(200) null, \"final\" boolean not null default false, \"revision\" int not null, \"settled_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"service_settlements_municipality_code_month_index\" on \"service_settlements\" (\"municipality_code\", \"month\")",
    "alter table \"service_settlements\" add constraint \"service_settlements_service_id_month_unique\" unique (\"service_id\", \"month\")",
    "create table \"service_types\" (\"code\" varchar(40) not null, \"current_version\" int not null, \"name_lv\" varchar(200) not null, \"name_en\" varchar(200) not null, \"funding\" varchar(20) not null, \"active\" boolean not null default true, \"source\" varchar(40) not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, \"updated_by\" varchar(100) not null, primary key (\"code\"))",
    "create table \"service_type_versions\" (\"id\" varchar(36) not null, \"code\" varchar(40) not null, \"version\" int not null, \"definition\" jsonb not null, \"created_at\" timestamptz not null, \"created_by\" varchar(100) not null, primary key (\"id\"))",
    "alter table \"service_type_versions\" add constraint \"service_type_versions_code_version_unique\" unique (\"code\", \"version\")",
    "create table \"social_services\" (\"id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"municipality_code\" varchar(7) not null, \"service_type_code\" varchar(40) not null, \"service_type_version\" int not null, \"workflow_id\" varchar(200) not null, \"state\" varchar(30) not null, \"active\" boolean not null, \"requested_at\" varchar(10) not null, \"decision_deadline\" varchar(10) not null, \"next_deadline\" varchar(10) null, \"next_deadline_kind\" varchar(30) null, \"decision\" varchar(10) null, \"provider_code\" varchar(50) null, \"provider_name\" varchar(200) null, \"volume\" double precision null, \"start_date\" varchar(10) null, \"end_date\" varchar(10) null, \"next_review_date\" varchar(10) null, \"decision_document_id\" varchar(36) null, \"notes\" varchar(2000) null, \"started_by\" varchar(100) not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, primary key (\"id\"))",
    "alter table \"social_services\" add constraint \"social_services_workflow_id_unique\" unique (\"workflow_id\")",
    "create index \"social_services_case_id_active_index\" on \"social_services\" (\"case_id\", \"active\")",
    "create index \"social_services_municipality_code_state_index\" on \"social_services\" (\"municipality_code\", \"state\")",
    "create index \"social_services_provider_code_active_index\" on \"social_services\" (\"provider_code\", \"active\")",
    "alter table \"users\" add \"provider_code\" varchar(50) null",
  ],
  };
}
