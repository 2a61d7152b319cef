-- Grain state for Orleans' ADO.NET grain storage (AddGatewayGrainStorage "postgres").
--
-- The contract with the provider (Orleans' ADO.NET providers' query contract):
-- - It identifies a state by @ServiceId, @GrainTypeString, which is the STATE NAME (the name in
--   [PersistentState("name")], not the grain type), and the grain key: @GrainIdN0/@GrainIdN1 hold
--   an integer or Guid key, @GrainIdExtensionString a string key or the extension of a compound
--   key (NULL when there is none). @GrainIdHash and @GrainTypeHash are hashes of those, so the
--   lookup starts on two narrow integers.
-- - The ETag is the integer version of the row. A write or clear names the version it read
--   (@GrainStateVersion, NULL for a state never stored) and returns NewGrainStateVersion; no row
--   back, or the same version, tells the provider another writer won, and it throws
--   InconsistentStateException.
-- - The payload arrives and leaves as bytes (@PayloadBinary, column PayloadBinary), whatever the
--   serializer. The gateway's serializer writes UTF-8 JSON, so the row keeps it as json: readable
--   and queryable in SQL. This needs a UTF8 database (the default of initdb and the images).
-- NULLS NOT DISTINCT needs PostgreSQL 15 or newer.
BEGIN;
-- See 001_orleans_query.sql: all scripts take turns under this lock.
SELECT pg_advisory_xact_lock(5134477706972453153);

CREATE TABLE IF NOT EXISTS grain_storage
(
    service_id       varchar(150) NOT NULL,
    state_name       varchar(512) NOT NULL,
    state_name_hash  integer      NOT NULL,
    grain_key_n0     bigint       NOT NULL,
    grain_key_n1     bigint       NOT NULL,
    grain_key_string varchar(512),
    grain_key_hash   integer      NOT NULL,
    -- NULL once the state is cleared: the row stays and its version goes on counting, so an ETag
    -- from before the clear can never match again.
    payload          json,
    version          integer      NOT NULL,
    modified_on      timestamptz  NOT NULL
);

-- One row per state; the hashes lead, as the lookups start with them. The insert below relies on
-- it: of two first writes of one state, one inserts and the other finds the conflict.
CREATE UNIQUE INDEX IF NOT EXISTS grain_storage_state
    ON grain_storage (grain_key_hash, state_name_hash, service_id, state_name, grain_key_n0, grain_key_n1, grain_key_string)
    NULLS NOT DISTINCT;

-- The sweep of expired states (Gateway.Persistence ExpiredStateSweep) deletes by state and age,
-- and cleared states whatever their age: each of its two statements is a lookup in one of these.
CREATE INDEX IF NOT EXISTS grain_storage_age
    ON grain_storage (state_name, service_id, modified_on);
CREATE INDEX IF NOT EXISTS grain_storage_cleared
    ON grain_storage (state_name, service_id) WHERE payload IS NULL;

-- Dollar quoting keeps the query texts as they are run, without doubled quotes. An updated text
-- replaces the stored one; an unchanged one is not rewritten.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey', $query$
    SELECT convert_to(payload::text, 'UTF8') AS "PayloadBinary", version AS "Version"
    FROM grain_storage
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS NOT DISTINCT FROM @GrainIdExtensionString
    $query$
),
(
    'WriteToStorageKey', $query$
    -- A state read at some version is updated only at that version ...
    UPDATE grain_storage
    SET payload = convert_from(@PayloadBinary, 'UTF8')::json, version = version + 1, modified_on = now()
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version AS "NewGrainStateVersion";

    -- ... and a state never stored is inserted only when no row exists, even a concurrent one.
    INSERT INTO grain_storage
        (service_id, state_name, state_name_hash, grain_key_n0, grain_key_n1, grain_key_string, grain_key_hash, payload, version, modified_on)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainIdHash,
           convert_from(@PayloadBinary, 'UTF8')::json, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version AS "NewGrainStateVersion";
    $query$
),
(
    'ClearStorageKey', $query$
    UPDATE grain_storage
    SET payload = NULL, version = version + 1, modified_on = now()
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version AS "NewGrainStateVersion"
    $query$
),
(
    -- Run instead of ClearStorageKey when a provider sets DeleteStateOnClear. The version it
    -- returns only has to differ from the one the grain held.
    'DeleteStorageKey', $query$
    DELETE FROM grain_storage
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version + 1 AS "NewGrainStateVersion"
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText
WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;

COMMIT;
