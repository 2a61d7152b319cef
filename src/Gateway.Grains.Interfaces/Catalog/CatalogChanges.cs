namespace Gateway.Catalog;

/// <summary>Which lists changed from the previous version, so sessions get only the list_changed they need.</summary>
[Flags]
[GenerateSerializer, Alias("gw.CatalogChanges")]
public enum CatalogChanges
{
    None = 0,
    Tools = 1,
    Resources = 2,
    Prompts = 4,
    All = Tools | Resources | Prompts,
}
