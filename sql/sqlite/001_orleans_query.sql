-- The queries that Orleans' ADO.NET providers run. A provider reads its rows from this table when
-- it starts and runs nothing else, so every table the later scripts create is reached only
-- through the query texts they store here. The providers hard-code the table and its columns
-- ("SELECT QueryKey, QueryText FROM OrleansQuery").
--
-- WAL lets readers go on while a writer commits; it is a property of the database file, kept
-- once set, and cannot be changed inside a transaction, hence before it.
PRAGMA journal_mode = WAL;

-- Every script is one BEGIN IMMEDIATE transaction: it takes the write lock up front, so
-- processes that apply the scripts at the same moment take turns (waiting out the busy timeout)
-- instead of failing halfway, and all but the first find nothing to do. Re-running a script
-- changes nothing.
BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

COMMIT;
