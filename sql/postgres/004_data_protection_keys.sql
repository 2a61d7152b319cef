-- The key ring of ASP.NET Core Data Protection that encrypts upstream secrets stored by the
-- admin API (Gateway.Persistence PostgresKeyRepository), shared by every silo of a cluster.
--
-- - One row per XML element Data Protection stores: a key ("key-{guid}") or a revocation. The
--   xml column holds the element as Data Protection hands it over: with the cluster certificate
--   configured, the key material inside is already encrypted to that certificate, so this table
--   (or a dump of it) decrypts nothing without the certificate's private key.
-- - service_id is Orleans' ServiceId, so clusters that share a database keep their own keys.
BEGIN;
-- See 001_orleans_query.sql: all scripts take turns under this lock.
SELECT pg_advisory_xact_lock(5134477706972453153);

CREATE TABLE IF NOT EXISTS data_protection_keys
(
    service_id    varchar(150) NOT NULL,
    friendly_name varchar(256) NOT NULL,
    xml           text         NOT NULL,
    created_on    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, friendly_name)
);

COMMIT;
