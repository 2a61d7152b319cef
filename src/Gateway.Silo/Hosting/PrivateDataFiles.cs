using Gateway.Persistence;
using Gateway.Silo.Configuration;

namespace Gateway.Silo.Hosting;

/// <summary>
/// Keeps what the gateway stores on this machine to the user it runs as: the data directory and
/// its keys/ (0700), the SQLite database and its journals (0600). A database created by SQLite
/// would get the process's default mode, often readable by everyone, so the file is made first,
/// empty and 0600, and SQLite gives its journals the database's mode. Paths that exist with a wider
/// mode (an older gateway's, or an operator's copy) are tightened at start, and the log says so.
/// Runs before any hosted service starts, the silo (which opens the database) included.
/// </summary>
/// <param name="dataDirectory">The data directory, when this silo keeps anything there.</param>
/// <param name="keyDirectory">The key ring's directory, when it is on this machine.</param>
/// <param name="database">The SQLite database file, when the store is one.</param>
public sealed partial class PrivateDataFiles(string? dataDirectory, string? keyDirectory, string? database, ILogger<PrivateDataFiles> logger)
    : IHostedLifecycleService
{
    /// <summary>What a silo of these options stores on this machine.</summary>
    public static PrivateDataFiles For(GatewayOptions gateway, ILogger<PrivateDataFiles> logger)
    {
        var database = gateway.Storage.Provider == GatewayStorageProviders.Sqlite && GatewaySiloSetup.StorageConnectionString(gateway) is { } connection
            ? SqliteDatabaseFile.PathOf(connection)
            : null;
        var dataDirectory = Path.GetFullPath(gateway.DataDirectory);

        // A silo on its own keeps its key ring in the data directory (GatewayDataProtection); a cluster's is in its database.
        var keyDirectory = gateway.Cluster.Enabled ? null : GatewayDataProtection.KeyDirectory(gateway);
        var usesDataDirectory = keyDirectory is not null || database?.StartsWith(dataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal) == true;
        return new PrivateDataFiles(usesDataDirectory ? dataDirectory : null, keyDirectory, database, logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in new[] { dataDirectory, keyDirectory }.OfType<string>())
        {
            Tighten(directory);
        }

        if (keyDirectory is not null && Directory.Exists(keyDirectory))
        {
            foreach (var key in Directory.EnumerateFiles(keyDirectory, "*.xml"))
            {
                Tighten(key);
            }
        }

        if (database is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            OwnerOnly.EnsureFile(database);
            foreach (var file in SqliteDatabaseFile.CompanionSuffixes.Select(suffix => database + suffix).Prepend(database))
            {
                Tighten(file);
            }
        }

        return Task.CompletedTask;
    }

    private void Tighten(string path)
    {
        if (OwnerOnly.Tighten(path) is { } was)
        {
            LogTightened(path, Convert.ToString((int)was, 8).PadLeft(4, '0'), Directory.Exists(path) ? "0700" : "0600");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1830, Level = LogLevel.Warning, Message = "{Path} was open to other users (mode {OldMode}): tightened to {NewMode}, the gateway's user alone")]
    private partial void LogTightened(string path, string oldMode, string newMode);
}
