namespace Gateway.Persistence.AdoNet;

/// <summary>
/// The grain_state statements in one database's SQL. The providers' tables are alike (see sql/), and
/// the statements differ only in how a parameter is marked and how the current time is written.
/// </summary>
internal sealed class GrainStateDialect
{
    public const string StateName = "state";
    public const string GrainType = "type";
    public const string GrainKey = "key";
    public const string Payload = "payload";
    public const string Etag = "etag";
    public const string ExpectedEtag = "expected";

    private readonly string _parameterPrefix;

    /// <param name="parameterPrefix">What marks a parameter in SQL text and names it in ADO.NET ("@" or "$").</param>
    /// <param name="currentTime">An SQL expression for the current time, stored in updated_at.</param>
    public GrainStateDialect(string parameterPrefix, string currentTime)
    {
        _parameterPrefix = parameterPrefix;
        var key = $"state_name = {Parameter(StateName)} AND grain_type = {Parameter(GrainType)} AND grain_key = {Parameter(GrainKey)}";
        Read = $"SELECT payload, etag FROM grain_state WHERE {key}";
        ReadEtag = $"SELECT etag FROM grain_state WHERE {key}";
        Insert = "INSERT INTO grain_state (state_name, grain_type, grain_key, payload, etag, updated_at) " +
            $"VALUES ({Parameter(StateName)}, {Parameter(GrainType)}, {Parameter(GrainKey)}, {Parameter(Payload)}, {Parameter(Etag)}, {currentTime}) " +
            "ON CONFLICT DO NOTHING";
        Update = $"UPDATE grain_state SET payload = {Parameter(Payload)}, etag = {Parameter(Etag)}, updated_at = {currentTime} " +
            $"WHERE {key} AND etag = {Parameter(ExpectedEtag)}";
        Delete = $"DELETE FROM grain_state WHERE {key} AND etag = {Parameter(ExpectedEtag)}";
    }

    /// <summary>Payload and ETag of one record.</summary>
    public string Read { get; }

    /// <summary>The ETag of one record.</summary>
    public string ReadEtag { get; }

    /// <summary>A first write: changes no row when the record exists.</summary>
    public string Insert { get; }

    /// <summary>A later write: changes no row unless the stored ETag is the expected one.</summary>
    public string Update { get; }

    /// <summary>A clear: changes no row unless the stored ETag is the expected one.</summary>
    public string Delete { get; }

    public string Parameter(string name) => _parameterPrefix + name;
}
