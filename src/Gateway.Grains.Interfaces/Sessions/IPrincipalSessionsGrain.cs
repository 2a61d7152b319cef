namespace Gateway.Sessions;

/// <summary>
/// The open sessions of one principal, keyed by <see cref="PrincipalSessionsKey.For"/>, so that a
/// cap on them holds across the cluster. Each session is counted under a lease that the session
/// renews while it lives, so a session whose silo died frees its place without being told.
/// </summary>
[Alias("gw.IPrincipalSessionsGrain")]
public interface IPrincipalSessionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts a new session unless the principal is at its cap; asked before the session stores
    /// anything. The opening's tenant and virtual server are kept for <see cref="ListAsync"/>.
    /// </summary>
    [Alias("Admit")]
    Task<SessionAdmission> AdmitAsync(string sessionId, SessionOpening opening);

    /// <summary>The session is alive: its lease starts again from now.</summary>
    [OneWay, Alias("Renew")]
    Task RenewAsync(string sessionId);

    /// <summary>The session ended (DELETE or expiry): its place is free at once.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string sessionId);

    /// <summary>The sessions whose leases still run, for the admin API.</summary>
    [Alias("List")]
    Task<OpenSession[]> ListAsync();
}
