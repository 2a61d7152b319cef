namespace Gateway.Pinning;

/// <summary>
/// Where every pinning event goes, once the change it records is stored: the one seam through
/// which the audit log receives them. The default, <see cref="LoggedPinningEvents"/>, writes each
/// as a structured log event; an audit sink registered in its place receives the same records.
/// </summary>
public interface IPinningEvents
{
    void Record(PinningEvent pinningEvent);
}
