namespace Gateway.Sessions;

/// <param name="Admitted">Whether the new session may open.</param>
/// <param name="Open">The principal's open sessions before this one.</param>
/// <param name="Limit">The most it may hold (Gateway:Sessions:MaxPerPrincipal).</param>
[GenerateSerializer, Immutable, Alias("gw.SessionAdmission")]
public sealed record SessionAdmission(bool Admitted, int Open, int Limit);
