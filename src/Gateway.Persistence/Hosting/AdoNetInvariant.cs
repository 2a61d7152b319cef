namespace Gateway.Persistence;

/// <summary>
/// The ADO.NET invariant names by which Orleans' ADO.NET providers pick their driver. Orleans maps
/// "System.Data.SQLite" to Microsoft.Data.Sqlite's factory (the package this project ships), not
/// to the System.Data.SQLite package the name suggests.
/// </summary>
internal static class AdoNetInvariant
{
    public const string Sqlite = "System.Data.SQLite";

    public const string Postgres = "Npgsql";
}
