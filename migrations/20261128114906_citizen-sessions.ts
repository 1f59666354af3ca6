import { DialectMigration } from './dialect.js';

export class Migration20261128114906CitizenSessions extends DialectMigration {
  override name = '20261128114906_citizen-sessions';

  protected readonly statements = {
  sqlite: [
    "create table `citizen_sessions` (`token_hash` text not null primary key, `personal_code` text not null, `given_name` text not null, `family_name` text not null, `acr` text not null, `csrf_token` text not null, `created_at` datetime not null, `expires_at` datetime not null, `last_seen_at` datetime not null)",
    "create index `citizen_sessions_personal_code_index` on `citizen_sessions` (`personal_code`)",
    "create table `citizen_sign_ins` (`state_hash` text not null primary key, `nonce` text not null, `code_verifier` text not null, `address` text not null, `created_at` datetime not null, `expires_at` datetime not null)",
    "create index `citizen_sign_ins_address_index` on `citizen_sign_ins` (`address`)",
    "create index `citizen_sign_ins_created_at_index` on `citizen_sign_ins` (`created_at`)",
  ],
  postgresql: [
    "create table \"citizen_sessions\" (\"token_hash\" varchar(64) not null, \"personal_code\" varchar(12) not null, \"given_name\" varchar(100) not null, \"family_name\" varchar(100) not null, \"acr\" varchar(100) not null, \"csrf_token\" varchar(64) not null, \"created_at\" timestamptz not null, \"expires_at\" timestamptz not null, \"last_seen_at\" timestamptz not null, primary key (\"token_hash\"))",
    "create index \"citizen_sessions_personal_code_index\" on \"citizen_sessions\" (\"personal_code\")",
    "create table \"citizen_sign_ins\" (\"state_hash\" varchar(64) not null, \"nonce\" varchar(64) not null, \"code_verifier\" varchar(128) not null, \"address\" varchar(64) not null, \"created_at\" timestamptz not null, \"expires_at\" timestamptz not null, primary key (\"state_hash\"))",
    "create index \"citizen_sign_ins_address_index\" on \"citizen_sign_ins\" (\"address\")",
    "create index \"citizen_sign_ins_created_at_index\" on \"citizen_sign_ins\" (\"created_at\")",
  ],
  };
}
