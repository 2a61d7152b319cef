-- Cluster membership for Orleans' ADO.NET clustering (UseGatewayPostgresClustering).
--
-- The contract with the provider (Orleans' ADO.NET providers' query contract):
-- - It runs only the queries below, by key, binding parameters by name (@DeploymentId is
--   the cluster id) and reading result columns by name, hence the quoted aliases.
-- - The membership table has a version per cluster. A silo reads the version with the rows, and
--   every change it makes to a row (joining, a new status, a suspicion) must bump that version
--   in the same statement, and must change nothing when the version moved on meanwhile: that is
--   how two silos that disagree cannot both win. Heartbeats (IAmAliveTime) alone skip the version.
-- - Queries that report success return exactly one row with one column, 1 or 0.
-- - Status is the integer of a SiloStatus: 3 is Active, 6 is Dead.
-- Timestamps come in as UTC DateTime values and are kept as timestamptz.
BEGIN;
-- See 001_orleans_query.sql: all scripts take turns under this lock.
SELECT pg_advisory_xact_lock(5134477706972453153);

-- One row per cluster: the version that orders every change to the cluster's silo rows.
CREATE TABLE IF NOT EXISTS cluster_membership_version
(
    cluster_id varchar(150) NOT NULL PRIMARY KEY,
    version    integer      NOT NULL DEFAULT 0,
    updated_at timestamptz  NOT NULL DEFAULT now()
);

-- One row per silo incarnation: a restarted silo comes back with a new generation, so it is a new
-- row, and the old one is marked Dead. Rows of dead silos stay until the provider's cleanup
-- removes old ones.
CREATE TABLE IF NOT EXISTS cluster_membership
(
    cluster_id      varchar(150) NOT NULL REFERENCES cluster_membership_version (cluster_id),
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL,
    -- "silo,time|silo,time": who suspects this silo since when, as the provider formats it.
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Dollar quoting keeps the query texts as they are run, without doubled quotes. An updated text
-- replaces the stored one; an unchanged one is not rewritten.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey', $query$
    -- Creates the cluster's version row unless a silo already did; 1 when this call created it.
    WITH created AS
    (
        INSERT INTO cluster_membership_version (cluster_id, version, updated_at)
        VALUES (@DeploymentId, 0, now())
        ON CONFLICT (cluster_id) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created
    $query$
),
(
    'InsertMembershipKey', $query$
    -- The version moves on only when it is still the one the silo read and the silo's row is not
    -- there yet; the row is inserted only when the version moved. The row lock that the version
    -- update takes orders concurrent writers: a second one finds the version changed and does
    -- nothing.
    WITH bumped AS
    (
        UPDATE cluster_membership_version
        SET version = version + 1, updated_at = now()
        WHERE cluster_id = @DeploymentId
          AND version = @Version
          AND NOT EXISTS
          (
              SELECT 1 FROM cluster_membership
              WHERE cluster_id = @DeploymentId
                AND address = @Address AND port = @Port AND generation = @Generation
          )
        RETURNING cluster_id
    ),
    inserted AS
    (
        INSERT INTO cluster_membership
            (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM bumped
        RETURNING 1
    )
    SELECT count(*)::integer FROM inserted
    $query$
),
(
    'UpdateMembershipKey', $query$
    -- As InsertMembershipKey: the row changes only together with the version it was read at.
    WITH bumped AS
    (
        UPDATE cluster_membership_version
        SET version = version + 1, updated_at = now()
        WHERE cluster_id = @DeploymentId
          AND version = @Version
          AND EXISTS
          (
              SELECT 1 FROM cluster_membership
              WHERE cluster_id = @DeploymentId
                AND address = @Address AND port = @Port AND generation = @Generation
          )
        RETURNING cluster_id
    ),
    updated AS
    (
        UPDATE cluster_membership AS m
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM bumped
        WHERE m.cluster_id = bumped.cluster_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer FROM updated
    $query$
),
(
    'UpdateIAmAlivetimeKey', $query$
    -- The heartbeat: no version, so it never contends with membership changes.
    UPDATE cluster_membership
    SET i_am_alive_time = @IAmAliveTime
    WHERE cluster_id = @DeploymentId
      AND address = @Address AND port = @Port AND generation = @Generation
    $query$
),
(
    'MembershipReadRowKey', $query$
    -- One silo's row with the cluster's version, in one snapshot. The outer join returns the
    -- version even when the row does not exist (the provider then sees no entry).
    SELECT
        v.cluster_id      AS "DeploymentId",
        m.address         AS "Address",
        m.port            AS "Port",
        m.generation      AS "Generation",
        m.silo_name       AS "SiloName",
        m.host_name       AS "HostName",
        m.status          AS "Status",
        m.proxy_port      AS "ProxyPort",
        m.suspect_times   AS "SuspectTimes",
        m.start_time      AS "StartTime",
        m.i_am_alive_time AS "IAmAliveTime",
        v.version         AS "Version"
    FROM cluster_membership_version AS v
    LEFT JOIN cluster_membership AS m
        ON m.cluster_id = v.cluster_id
       AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.cluster_id = @DeploymentId
    $query$
),
(
    'MembershipReadAllKey', $query$
    -- Every row of the cluster with its version, in one snapshot.
    SELECT
        v.cluster_id      AS "DeploymentId",
        m.address         AS "Address",
        m.port            AS "Port",
        m.generation      AS "Generation",
        m.silo_name       AS "SiloName",
        m.host_name       AS "HostName",
        m.status          AS "Status",
        m.proxy_port      AS "ProxyPort",
        m.suspect_times   AS "SuspectTimes",
        m.start_time      AS "StartTime",
        m.i_am_alive_time AS "IAmAliveTime",
        v.version         AS "Version"
    FROM cluster_membership_version AS v
    LEFT JOIN cluster_membership AS m ON m.cluster_id = v.cluster_id
    WHERE v.cluster_id = @DeploymentId
    $query$
),
(
    'GatewaysQueryKey', $query$
    -- The client gateways of the cluster: silos in @Status (Active) that listen for clients.
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM cluster_membership
    WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
    $query$
),
(
    -- Optional. When it is there, the provider reads the table itself, picks the rows of Dead
    -- silos that started and last sent a heartbeat before its cutoff and have no recent
    -- suspicion, and deletes each with this query, which removes the row only while it is still
    -- as the provider read it: a row that moved on meanwhile stays. The provider sends the
    -- suspicions as it reformats them from what it parsed, and an empty list reads back as none,
    -- hence '' and NULL compare equal.
    'CleanupDefunctSiloEntryKey', $query$
    DELETE FROM cluster_membership
    WHERE cluster_id = @DeploymentId
      AND address = @Address AND port = @Port AND generation = @Generation
      AND status = 6
      AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
      AND NULLIF(suspect_times, '') IS NOT DISTINCT FROM NULLIF(@SuspectTimes, '')
    $query$
),
(
    -- Required all the same; the provider runs it only when CleanupDefunctSiloEntryKey is missing.
    -- The same rows in one statement, less the suspicion check: Dead silos that neither started
    -- nor sent a heartbeat since @IAmAliveTime. Rows of silos in other states are never removed:
    -- a slow silo may still be joining or shutting down.
    'CleanupDefunctSiloEntriesKey', $query$
    DELETE FROM cluster_membership
    WHERE cluster_id = @DeploymentId
      AND status = 6
      AND start_time < @IAmAliveTime AND i_am_alive_time < @IAmAliveTime
    $query$
),
(
    'DeleteMembershipTableEntriesKey', $query$
    -- The whole cluster, rows first for the foreign key; one batch, so one transaction.
    DELETE FROM cluster_membership WHERE cluster_id = @DeploymentId;
    DELETE FROM cluster_membership_version WHERE cluster_id = @DeploymentId;
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText
WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;

COMMIT;
