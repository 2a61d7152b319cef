namespace Gateway.Silo.Admin;

/// <summary>
/// The admin changes the audit log names (<c>action</c>). An endpoint that makes one says so with
/// <c>.Audited(AdminActions.X)</c>, which audits every request to it with its outcome.
/// </summary>
public static class AdminActions
{
    public const string UpstreamAdd = "upstream.add";
    public const string UpstreamRemove = "upstream.remove";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";

    /// <summary>A tool pin approved: for the pinning endpoint's <c>.Audited(...)</c>, with the tool as its target.</summary>
    public const string PinApprove = "pin.approve";
}
