namespace Gateway.Upstreams.Network;

/// <summary>
/// The <see cref="OutboundAddressGuard"/> refused a connection. Its message names the host, the
/// address and the rule, and is what an upstream's status shows; it never carries anything the
/// target sent, as no byte was sent to or read from it.
/// </summary>
public sealed class OutboundAddressRefusedException(string host, AddressRefusal refusal)
    : Exception($"refused to connect to {host}: {refusal.Reason}; {OutboundAddressGuard.AllowHint}")
{
    /// <summary>The refusal behind an exception, however deep the HTTP stack and the SDK wrapped it; null if there is none.</summary>
    public static OutboundAddressRefusedException? FindIn(Exception exception) =>
        ExceptionChain.Of(exception).OfType<OutboundAddressRefusedException>().FirstOrDefault();
}
