namespace Gateway.Runtime.Membership;

/// <summary>
/// The version of the whole membership table (Orleans' TableVersion). Every structural write names
/// the version it read and succeeds only if the table is still at it, moving it to Version + 1
/// under a fresh ETag. The ETag makes a version unique across incarnations of the table: a table
/// recreated from scratch counts from 0 again, and a caller holding an old "version 3" must not
/// match the new one.
/// </summary>
public sealed record TableVersion(long Version, string ETag)
{
    public override string ToString() => $"{Version} ({ETag})";
}
