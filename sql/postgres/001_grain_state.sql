-- Grain state (IGrainStorage): one opaque JSON payload per state name and grain id, guarded by an ETag.
-- Applied by PostgresGrainStorage on first use (under an advisory lock); safe to run again.
-- The payload is text, not jsonb: the runtime treats it as opaque, and jsonb would reject some
-- valid JSON strings (\u0000) and reorder keys.
CREATE TABLE IF NOT EXISTS grain_state (
    state_name text        NOT NULL,
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    payload    text        NOT NULL,
    etag       text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key)
);
