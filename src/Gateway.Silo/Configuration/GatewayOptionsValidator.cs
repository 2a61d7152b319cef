using System.Net;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Configuration;

/// <summary>Checks the whole Gateway section at start and names every bad setting with its value.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            errors.Add("Gateway:Urls is empty");
        }

        foreach (var url in urls)
        {
            if (!TryHost(url, out var host))
            {
                errors.Add($"Gateway:Urls: '{url}' is not a URL");
            }
            else if (!IsLoopback(host) && !options.Auth.Enabled)
            {
                errors.Add($"Gateway:Urls: '{url}' is not a loopback address, so Gateway:Auth must configure API keys or JWT; the gateway refuses to serve unauthenticated clients off this machine");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Gateway:DataDirectory is empty");
        }

        if (options.Storage.Provider is not ("sqlite" or "memory" or "postgres"))
        {
            errors.Add($"Gateway:Storage:Provider: '{options.Storage.Provider}' is not a storage provider: use sqlite, memory or postgres");
        }
        else if (options.Storage.Provider == "postgres" && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            errors.Add("Gateway:Storage:ConnectionString is required when Gateway:Storage:Provider is postgres");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            var upstream = options.Upstreams[i];
            foreach (var (field, messages) in UpstreamDefinitionValidator.Validate(upstream))
            {
                errors.AddRange(messages.Select(m => $"Gateway:Upstreams:{i}:{field}: {m}"));
            }

            if (!seen.Add(upstream.Name))
            {
                errors.Add($"Gateway:Upstreams:{i}:name: '{upstream.Name}' is used by an earlier upstream");
            }
        }

        for (var i = 0; i < options.Auth.ApiKeys.Count; i++)
        {
            var key = options.Auth.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name) || (string.IsNullOrEmpty(key.Key) && string.IsNullOrEmpty(key.KeySha256)))
            {
                errors.Add($"Gateway:Auth:ApiKeys:{i}: needs Name and Key (or KeySha256)");
            }
        }

        if (options.Http.MaxRequestBodyBytes <= 0)
        {
            errors.Add($"Gateway:Http:MaxRequestBodyBytes: {options.Http.MaxRequestBodyBytes} must be positive");
        }

        if (options.Catalog.PageSize is < 1 or > 10000)
        {
            errors.Add($"Gateway:Catalog:PageSize: {options.Catalog.PageSize} must be between 1 and 10000");
        }

        if (string.IsNullOrEmpty(options.Catalog.Separator))
        {
            errors.Add("Gateway:Catalog:Separator is empty");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool TryHost(string url, out string host)
    {
        // Kestrel accepts wildcard hosts ("http://*:80", "http://+:80") that Uri does not parse.
        var normalized = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
        host = Uri.TryCreate(normalized, UriKind.Absolute, out var uri) ? uri.Host : "";
        return host.Length > 0;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
