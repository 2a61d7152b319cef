namespace Gateway.Sessions;

/// <summary>What a principal's <see cref="IPrincipalSessionsGrain"/> tells the <see cref="ISessionIndexGrain"/>.</summary>
/// <param name="Principal">The principal; null for the anonymous principal (auth off).</param>
/// <param name="Tenant">Its tenant, so the index answers per tenant without asking every principal.</param>
/// <param name="Open">Whether it holds open sessions now.</param>
/// <param name="Generation">
/// Counts the principal's changes between none open and some: one-way messages may arrive out of
/// order, and the index keeps the newest word on each principal.
/// </param>
[GenerateSerializer, Immutable, Alias("gw.PrincipalPresence")]
public sealed record PrincipalPresence(
    [property: Id(0)] string? Principal,
    [property: Id(1)] string? Tenant,
    [property: Id(2)] bool Open,
    [property: Id(3)] long Generation);
