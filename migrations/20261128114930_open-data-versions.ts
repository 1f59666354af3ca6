import { DialectMigration } from './dialect.js';

export class Migration20261128114930OpenDataVersions extends DialectMigration {
  override name = '20261128114930_open-data-versions';

  protected readonly statements = {
  sqlite: [
    "create table `open_data_versions` (`id` text not null primary key, `dataset` text not null, `version` integer not null, `release_id` text not null, `object_key` text not null, `sha256` text not null, `size_bytes` integer not null, `row_count` integer not null, `withheld_cells` integer not null, `period_from` text not null, `period_to` text not null, `note` text null, `published_at` datetime not null, `published_by` text not null)",
    "create index `open_data_versions_release_id_index` on `open_data_versions` (`release_id`)",
    "create unique index `open_data_versions_dataset_version_unique` on `open_data_versions` (`dataset`, `version`)",
  ],
  postgresql: [
    "create table \"open_data_versions\" (\"id\" varchar(36) not null, \"dataset\" varchar(60) not null, \"version\" int not null, \"release_id\" varchar(36) not null, \"object_key\" varchar(200) not null, \"sha256\" varchar(64) not null, \"size_bytes\" int not null, \"row_count\" int not null, \"withheld_cells\" int not null, \"period_from\" varchar(7) not null, \"period_to\" varchar(7) not null, \"note\" varchar(500) null, \"published_at\" timestamptz not null, \"published_by\" varchar(100) not null, primary key (\"id\"))",
    "create index \"open_data_versions_release_id_index\" on \"open_data_versions\" (\"release_id\")",
    "alter table \"open_data_versions\" add constraint \"open_data_versions_dataset_version_unique\" unique (\"dataset\", \"version\")",
  ],
  };
}
