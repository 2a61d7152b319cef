namespace Gateway.Catalog;

public sealed class CatalogOptions
{
    /// <summary>Joins an upstream's name and its tool or prompt name: upstream "elk-1", tool "search" → "elk-1__search".</summary>
    public string Separator { get; set; } = "__";

    /// <summary>Items per page of tools/list, prompts/list, resources/list and resources/templates/list.</summary>
    public int PageSize { get; set; } = 100;
}
