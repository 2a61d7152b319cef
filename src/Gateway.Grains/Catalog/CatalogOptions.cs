namespace Gateway.Catalog;

public sealed class CatalogOptions
{
    /// <summary>Joins an upstream's name and its tool or prompt name: upstream "elk-1", tool "search" → "elk-1__search".</summary>
    public string Separator { get; set; } = "__";

    /// <summary>Items per page of tools/list, prompts/list, resources/list and resources/templates/list.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// "on": a tool whose definition changes after it was first seen, or that reappears under a new
    /// name with the same body, is held out of the catalog until an admin approves it (tool pinning).
    /// "off": no pins are recorded and every definition is served as the upstream lists it.
    /// </summary>
    public string Pinning { get; set; } = PinningOn;

    public const string PinningOn = "on";

    public const string PinningOff = "off";
}
