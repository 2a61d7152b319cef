namespace Gateway.Persistence.Schema;

/// <summary>The scripts of sql/, embedded in this assembly so that providers apply exactly what ships.</summary>
internal static class SqlScripts
{
    public const string SqliteGrainState = "sqlite/001_grain_state.sql";
    public const string PostgresGrainState = "postgres/001_grain_state.sql";

    public static string Load(string name)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded SQL script '{name}' is missing from {typeof(SqlScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
