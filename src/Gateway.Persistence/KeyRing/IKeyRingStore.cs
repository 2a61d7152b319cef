using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Gateway.Persistence.KeyRing;

/// <summary>
/// Where the Data Protection key ring that encrypts stored upstream secrets lives. Every silo that
/// reads a stored secret must hold the key it was encrypted with, so a cluster's silos share one
/// store, and the first key is made under <see cref="RunExclusive"/>: two silos starting together
/// would otherwise each make one and, until their key rings refresh (24 h), fail to read what the
/// other encrypted.
/// </summary>
public interface IKeyRingStore : IXmlRepository
{
    /// <summary>Where the keys are, for the log line at start.</summary>
    string Location { get; }

    /// <summary>Read by every silo of a cluster from their database, rather than from a directory of this silo's user.</summary>
    bool IsShared { get; }

    /// <summary>Runs <paramref name="action"/> while no other silo of this store runs one.</summary>
    void RunExclusive(Action action);
}
