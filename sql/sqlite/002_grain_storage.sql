-- Grain state for Orleans' ADO.NET grain storage (AddGatewayGrainStorage "sqlite", the embedded
-- single silo; the provider's invariant "System.Data.SQLite" is served by Microsoft.Data.Sqlite).
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
--   serializer. The gateway's serializer writes UTF-8 JSON, so the row keeps it as TEXT, readable
--   in SQL: CAST between BLOB and TEXT reinterprets the same bytes in the database's UTF-8.
-- Needs SQLite 3.35 or newer (RETURNING); Microsoft.Data.Sqlite bundles a newer one.
BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS grain_storage
(
    service_id       TEXT    NOT NULL,
    state_name       TEXT    NOT NULL,
    state_name_hash  INTEGER NOT NULL,
    grain_key_n0     INTEGER NOT NULL,
    grain_key_n1     INTEGER NOT NULL,
    grain_key_string TEXT,
    grain_key_hash   INTEGER NOT NULL,
    -- NULL once the state is cleared: the row stays and its version goes on counting, so an ETag
    -- from before the clear can never match again.
    payload          TEXT,
    version          INTEGER NOT NULL,
    modified_on      TEXT    NOT NULL
);

-- One row per state; the hashes lead, as the lookups start with them. A unique index treats NULLs
-- as distinct, so a missing key string is indexed as a flag plus an empty string: a string key ''
-- and no key string stay two states. The insert below relies on the index: of two first writes
-- of one state, one inserts and the other finds the conflict.
CREATE UNIQUE INDEX IF NOT EXISTS grain_storage_state
    ON grain_storage (grain_key_hash, state_name_hash, service_id, state_name, grain_key_n0, grain_key_n1,
                      grain_key_string IS NULL, ifnull(grain_key_string, ''));

-- The sweep of expired states (Gateway.Persistence ExpiredStateSweep) deletes by state and age,
-- and cleared states whatever their age: each of its two statements is a lookup in one of these.
CREATE INDEX IF NOT EXISTS grain_storage_age
    ON grain_storage (state_name, service_id, modified_on);
CREATE INDEX IF NOT EXISTS grain_storage_cleared
    ON grain_storage (state_name, service_id) WHERE payload IS NULL;

-- IS is SQLite's NULL-safe equality. An updated query text replaces the stored one; an unchanged
-- one is not rewritten.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey', '
    SELECT CAST(payload AS BLOB) AS PayloadBinary, version AS Version
    FROM grain_storage
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS @GrainIdExtensionString
    '
),
(
    'WriteToStorageKey', '
    -- A state read at some version is updated only at that version ...
    UPDATE grain_storage
    SET payload = CAST(@PayloadBinary AS TEXT), version = version + 1, modified_on = CURRENT_TIMESTAMP
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;

    -- ... and a state never stored is inserted only when no row exists.
    INSERT INTO grain_storage
        (service_id, state_name, state_name_hash, grain_key_n0, grain_key_n1, grain_key_string, grain_key_hash, payload, version, modified_on)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainIdHash,
           CAST(@PayloadBinary AS TEXT), 1, CURRENT_TIMESTAMP
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version AS NewGrainStateVersion;
    '
),
(
    'ClearStorageKey', '
    UPDATE grain_storage
    SET payload = NULL, version = version + 1, modified_on = CURRENT_TIMESTAMP
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion
    '
),
(
    -- Run instead of ClearStorageKey when a provider sets DeleteStateOnClear. The version it
    -- returns only has to differ from the one the grain held.
    'DeleteStorageKey', '
    DELETE FROM grain_storage
    WHERE grain_key_hash = @GrainIdHash AND state_name_hash = @GrainTypeHash
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_string IS @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version + 1 AS NewGrainStateVersion
    '
)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = excluded.QueryText
WHERE QueryText IS NOT excluded.QueryText;

COMMIT;
