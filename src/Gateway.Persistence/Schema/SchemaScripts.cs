namespace Gateway.Persistence;

/// <summary>
/// The scripts of sql/ as this assembly embeds them: resource <c>{provider}/{file}</c>, applied in
/// the order of their file names (001_, 002_, ...).
/// </summary>
internal static class SchemaScripts
{
    private static readonly System.Reflection.Assembly Assembly = typeof(SchemaScripts).Assembly;

    /// <summary>The file names of a provider's scripts, in application order; none for memory.</summary>
    public static IReadOnlyList<string> Names(string provider)
    {
        var prefix = GatewayStorageProviders.Canonical(provider) + "/";
        return Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public static string Text(string provider, string name)
    {
        var resource = $"{GatewayStorageProviders.Canonical(provider)}/{name}";
        using var stream = Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The schema script {resource} is not embedded in {Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
