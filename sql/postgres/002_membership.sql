-- Cluster membership (IMembershipTable), in the spirit of Orleans' ADO.NET clustering.
-- Applied by PostgresMembershipTable on first use (under an advisory lock); safe to run again.
--
-- membership_version holds one row per cluster. Every structural change of the cluster's rows
-- (a silo joining, changing status, being voted Dead) runs in one transaction that first moves
-- this row on with "UPDATE ... WHERE version = @expected AND etag = @expected_etag": the row lock
-- serializes writers of a cluster, and a writer that read an older version changes nothing.
-- Heartbeats (iamalive_time) are written alone and touch neither version.
CREATE TABLE IF NOT EXISTS membership_version (
    cluster_id text        NOT NULL PRIMARY KEY,
    version    bigint      NOT NULL,
    etag       text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row per silo incarnation: a restarted silo is a new row (new generation), never the old one
-- brought back. status is the name of a SiloStatus (Joining, Active, ShuttingDown, Dead). There
-- are deliberately no CHECK constraints on it or on the ports: readers skip and log a row they
-- cannot understand (a hand edit, a newer silo's status) rather than failing the whole read.
-- etag changes on every structural update of the row, so a vote that read an older row loses.
CREATE TABLE IF NOT EXISTS membership (
    cluster_id    text        NOT NULL REFERENCES membership_version (cluster_id),
    address       text        NOT NULL,
    silo_port     integer     NOT NULL,
    generation    bigint      NOT NULL,
    silo_name     text        NOT NULL,
    http_port     integer     NOT NULL,
    status        text        NOT NULL,
    start_time    timestamptz NOT NULL,
    iamalive_time timestamptz NOT NULL,
    etag          text        NOT NULL,
    PRIMARY KEY (cluster_id, address, silo_port, generation)
);
