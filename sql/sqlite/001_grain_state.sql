-- Grain state (IGrainStorage): one opaque JSON payload per state name and grain id, guarded by an ETag.
-- Applied by SqliteGrainStorage on first use; safe to run again.
CREATE TABLE IF NOT EXISTS grain_state (
    state_name TEXT NOT NULL,
    grain_type TEXT NOT NULL,
    grain_key  TEXT NOT NULL,
    payload    TEXT NOT NULL,
    etag       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key)
) WITHOUT ROWID;
