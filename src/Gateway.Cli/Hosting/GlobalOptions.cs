using System.CommandLine;

namespace Gateway.Cli.Hosting;

/// <summary>Options accepted by every command: where the gateway is, how to authenticate, how to print.</summary>
public sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:4444";
    public const string UrlVariable = "GATEWAY_URL";
    public const string ApiKeyVariable = "GATEWAY_API_KEY";

    private readonly Func<string, string?> _environment;

    public GlobalOptions(Func<string, string?> environment)
    {
        _environment = environment;
        Url = new Option<Uri>("--url")
        {
            Description = $"Gateway base URL [env {UrlVariable}]",
            Recursive = true,
            DefaultValueFactory = result => ParseBaseUrl(environment(UrlVariable) ?? DefaultUrl, result.AddError, UrlVariable)!,
            CustomParser = result => ParseBaseUrl(result.Tokens[^1].Value, result.AddError, "--url"),
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = $"API key, sent as 'Authorization: Bearer KEY' [env {ApiKeyVariable}]",
            Recursive = true,
        };
        Json = new Option<bool>("--json")
        {
            Description = "Print raw JSON instead of tables",
            Recursive = true,
        };
    }

    public Option<Uri> Url { get; }

    public Option<string?> ApiKey { get; }

    public Option<bool> Json { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }

    public GatewayEndpoint Resolve(ParseResult parseResult)
    {
        // Read here rather than as the option's default, so help never prints the key.
        var apiKey = parseResult.GetValue(ApiKey) ?? _environment(ApiKeyVariable);
        return new GatewayEndpoint(
            parseResult.GetRequiredValue(Url),
            string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(),
            parseResult.GetValue(Json));
    }

    private static Uri? ParseBaseUrl(string text, Action<string> addError, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        addError($"{source}: '{text}' is not an absolute http:// or https:// URL");
        return null;
    }
}
