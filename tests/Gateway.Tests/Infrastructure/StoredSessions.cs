using System.Text.Json.Nodes;
using Gateway.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The session rows of a silo's grain store (state "session" of the grain_storage table, sql/), read
/// with the database's own client behind the silo's back: what the gateway leaves on disk.
/// </summary>
public sealed class StoredSessions
{
    private const string Rows = "FROM grain_storage WHERE state_name = 'session'";
    private readonly Func<string, Task<object?>> _query;

    private StoredSessions(Func<string, Task<object?>> query) => _query = query;

    /// <summary>The embedded default: gateway.db in the silo's data directory.</summary>
    public static StoredSessions Sqlite(string dataDirectory)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "gateway.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString;
        return new StoredSessions(async sql =>
        {
            await using var db = new SqliteConnection(connection);
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        });
    }

    public static StoredSessions Postgres(PostgresTestDatabase database) => new(database.ExecuteAsync);

    /// <summary>Every session row, cleared ones included.</summary>
    public async Task<long> CountAsync() => Convert.ToInt64(await _query($"SELECT count(*) {Rows}"));

    /// <summary>Rows of this session, cleared or not: 0 once it is gone from the store.</summary>
    public async Task<long> CountAsync(string sessionId) => Convert.ToInt64(await _query($"SELECT count(*) {Rows} AND grain_key_string = '{Key(sessionId)}'"));

    /// <summary>The session's stored state (its JSON), or null when it has none.</summary>
    public async Task<JsonObject?> ReadAsync(string sessionId) =>
        await _query($"SELECT payload {Rows} AND grain_key_string = '{Key(sessionId)}'") is string payload ? JsonNode.Parse(payload)?.AsObject() : null;

    /// <summary>Session ids are base64url, so they need no quoting; anything else is a test's mistake.</summary>
    private static string Key(string sessionId) =>
        Gateway.Protocol.SessionIds.IsWellFormed(sessionId) ? sessionId : throw new ArgumentException($"'{sessionId}' is not a session id", nameof(sessionId));
}
