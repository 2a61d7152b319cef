-- Grain directory (IGrainDirectory), in the spirit of Orleans' ADO.NET grain directory: one row
-- per grain of a cluster, naming the silo incarnation and the activation that holds it.
-- Applied by PostgresGrainDirectory on first use (under an advisory lock, after 002_membership.sql,
-- which its claim reads); safe to run again.
--
-- An activation claims its grain with one statement, "INSERT ... ON CONFLICT DO UPDATE ... WHERE
-- <the holder is this same silo incarnation, or has no Joining/Active/ShuttingDown row in
-- membership>": the conflicting row is locked and re-checked against the committed one, so of
-- silos claiming at once exactly one wins and the others read its row. There is deliberately no
-- foreign key to membership: an entry outlives its silo's row (a Dead row may be cleaned up),
-- and is then taken over by the next claim.
CREATE TABLE IF NOT EXISTS grain_directory (
    cluster_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_key       text        NOT NULL,
    silo_address    text        NOT NULL,
    silo_port       integer     NOT NULL,
    silo_generation bigint      NOT NULL,
    activation_id   text        NOT NULL,
    registered_at   timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, grain_type, grain_key)
);
