-- Databases Temporal's auto-setup uses next to DigiSoc's own database on the shared PostgreSQL server.
CREATE DATABASE temporal OWNER digisoc;
CREATE DATABASE temporal_visibility OWNER digisoc;
