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

    public const string PinApprove = "pin.approve";
    public const string PinReject = "pin.reject";
}
