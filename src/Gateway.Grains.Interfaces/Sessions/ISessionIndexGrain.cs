namespace Gateway.Sessions;

/// <summary>
/// The principals that hold open sessions, cluster-wide, with their tenants: where
/// <c>GET /admin/sessions</c> starts, since sessions themselves are found only through their
/// principal. Told by each <see cref="IPrincipalSessionsGrain"/> when its first session opens and
/// its last one ends, so it holds one entry per principal with open sessions and no more.
/// </summary>
[Alias("gw.ISessionIndexGrain")]
public interface ISessionIndexGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    /// <summary>A principal's sessions went from none to some, or back; older words than the one held are ignored.</summary>
    [OneWay, Alias("Set")]
    Task SetAsync(PrincipalPresence presence);

    /// <summary>Every principal last said to hold open sessions.</summary>
    [AlwaysInterleave, ReadOnly, Alias("List")]
    Task<PrincipalPresence[]> ListAsync();
}
