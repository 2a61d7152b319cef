using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// Applies the schema of a store: the scripts of sql/{provider}/, embedded in this assembly, in
/// order. Every script is idempotent and takes its own lock (a PostgreSQL advisory lock, a SQLite
/// BEGIN IMMEDIATE), so silos may apply it at every start, all at once, and against a database
/// that another silo, a migration tool or docker's init scripts already set up.
/// </summary>
public sealed class GatewaySchema
{
    private GatewaySchema()
    {
    }

    /// <summary>The file names of the scripts that <see cref="ApplyAsync"/> runs for a provider, in order.</summary>
    public static IReadOnlyList<string> ScriptNames(string provider) => SchemaScripts.Names(provider);

    /// <summary>
    /// Applies every script of <paramref name="provider"/> to the store that
    /// <paramref name="connectionString"/> names; nothing for memory. For SQLite the database
    /// file's directory is created when missing.
    /// </summary>
    public static async Task ApplyAsync(string provider, string connectionString, CancellationToken cancellationToken = default)
    {
        var canonical = GatewayStorageProviders.Canonical(provider);
        if (canonical == GatewayStorageProviders.Memory)
        {
            return;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = SchemaScripts.Names(canonical).Select(name => SchemaScripts.Text(canonical, name)).ToArray();
        if (canonical == GatewayStorageProviders.Sqlite)
        {
            await ApplySqliteAsync(connectionString, scripts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ApplyPostgresAsync(connectionString, scripts, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ApplyPostgresAsync(string connectionString, string[] scripts, CancellationToken cancellationToken)
    {
        // Unpooled: a script that fails leaves its transaction open on the session; closing the
        // session rolls it back and releases the advisory lock at once, where a pooled connection
        // would carry both back into the pool.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var script in scripts)
        {
            // Each script holds its own BEGIN ... COMMIT, so it runs as it would under psql.
            await using var command = new NpgsqlCommand(script, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ApplySqliteAsync(string connectionString, string[] scripts, CancellationToken cancellationToken)
    {
        // Unpooled for the same reason as PostgreSQL: a failed script's open transaction ends with
        // the connection instead of waiting in the pool.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        SqliteDatabaseFile.EnsureDirectory(builder);
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var script in scripts)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
