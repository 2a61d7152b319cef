namespace Gateway.Catalog;

/// <summary>
/// One item of the merged catalog: its exposed name (qualified, collision-free), the upstream that
/// serves it and its name there, and the item as clients of the merged endpoint see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.CatalogEntry`1")]
public sealed record CatalogEntry<TItem>(string Name, string Upstream, string OriginalName, TItem Item);
