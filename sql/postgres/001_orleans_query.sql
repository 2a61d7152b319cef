-- The queries that Orleans' ADO.NET providers run. A provider reads its rows from this table when
-- it starts and runs nothing else, so every table the later scripts create is reached only
-- through the query texts they store here. The providers hard-code the table and its columns
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"), unquoted, so they fold to lower case.
--
-- Every script runs in one transaction and first takes the same transaction-scoped advisory lock
-- (the ASCII of 'GATEWAY!' read as a bigint): silos that start together apply the scripts at the
-- same moment, and CREATE ... IF NOT EXISTS is not safe against a concurrent twin (it can fail on
-- a duplicate catalog row). Under the lock they take turns, and all but the first find nothing to
-- do. Re-running a script changes nothing.
BEGIN;
SELECT pg_advisory_xact_lock(5134477706972453153);

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

COMMIT;
