import { DialectMigration } from './dialect.js';

export class Migration20261128123220RehabilitationCourses extends DialectMigration {
  override name = '20261128123220_rehabilitation-courses';

  protected readonly statements = {
  sqlite: [
    "create table `rehabilitation_course_records` (`id` text not null primary key, `service_id` text not null, `case_id` text not null, `municipality_code` text not null, `revision` integer not null, `harm_kind` text not null, `outcome` text null, `interruption_reason` text null, `recorded_by` text not null, `recorded_on` text not null, `recorded_at` datetime not null)",
    "create index `rehabilitation_course_records_municipality_code_index` on `rehabilitation_course_records` (`municipality_code`)",
    "create unique index `rehabilitation_course_records_service_id_revision_unique` on `rehabilitation_course_records` (`service_id`, `revision`)",
  ],
  postgresql: [
    "create table \"rehabilitation_course_records\" (\"id\" varchar(36) not null, \"service_id\" varchar(36) not null, \"case_id\" varchar(36) not null, \"municipality_code\" varchar(7) not null, \"revision\" int not null, \"harm_kind\" varchar(20) not null, \"outcome\" varchar(20) null, \"interruption_reason\" varchar(500) null, \"recorded_by\" varchar(100) not null, \"recorded_on\" varchar(10) not null, \"recorded_at\" timestamptz not null, primary key (\"id\"))",
    "create index \"rehabilitation_course_records_municipality_code_index\" on \"rehabilitation_course_records\" (\"municipality_code\")",
    "alter table \"rehabilitation_course_records\" add constraint \"rehabilitation_course_records_service_id_revision_unique\" unique (\"service_id\", \"revision\")",
  ],
  };
}
