using System.Diagnostics.CodeAnalysis;

namespace Gateway.Silo.Configuration;

/// <summary>Reads Gateway:Urls the way Kestrel does, for the settings check and for a cluster silo's own listen list.</summary>
internal static class ClientUrls
{
    public static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Kestrel accepts wildcard hosts ("http://*:80", "http://+:80") that Uri does not parse; they read as 0.0.0.0.</summary>
    public static bool TryParse(string url, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out uri) && uri.Host.Length > 0;
}
