using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Cli.Connect;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gateway connect URL [--api-key KEY | --api-key-env NAME] [--header "Name: value"]... [--protocol-version V]</c>:
/// serves a local stdio MCP client (Claude Desktop, an IDE) from the gateway's Streamable HTTP endpoint.
/// </summary>
public sealed partial class ConnectCommand : Command
{
    private readonly Argument<Uri> _url = new("url")
    {
        Description = "The MCP endpoint: the gateway's /mcp, or /servers/NAME/mcp for one virtual server",
        CustomParser = ParseEndpoint,
    };

    private readonly Option<string?> _apiKeyEnv = new("--api-key-env")
    {
        Description = "Read the API key from this environment variable (instead of --api-key, so no key is on the command line)",
        HelpName = "NAME",
    };

    private readonly Option<List<KeyValuePair<string, string>>> _headers = new("--header")
    {
        Description = "A header sent with every request, \"Name: value\" (repeatable); values are never printed",
        HelpName = "\"Name: value\"",
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result => RequestHeaderParser.Parse(result, "--header"),
    };

    private readonly Option<string?> _protocolVersion = new("--protocol-version")
    {
        Description = "MCP-Protocol-Version to send until the client's initialize negotiates one",
        HelpName = "V",
    };

    public ConnectCommand(CliContext context)
        : base("connect", "Bridge a stdio MCP client to the gateway: JSON-RPC lines on stdin/stdout, Streamable HTTP to URL")
    {
        Arguments.Add(_url);
        Options.Add(_apiKeyEnv);
        Options.Add(_headers);
        Options.Add(_protocolVersion);
        _protocolVersion.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } version && !VersionPattern().IsMatch(version))
            {
                result.AddError($"--protocol-version '{version}' is not a protocol revision (YYYY-MM-DD, e.g. 2025-11-25)");
            }
        });

        SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, cancellationToken));
    }

    private async Task<int> RunAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (apiKey, keyError) = ResolveApiKey(context, parseResult);
        if ((keyError ?? ValidateHeaders(parseResult, apiKey)) is { } usageError)
        {
            await context.Error.WriteLineAsync(usageError);
            return ExitCodes.Usage;
        }

        var url = parseResult.GetRequiredValue(_url);
        using var http = context.CreateHttpClient(new GatewayEndpoint(url, apiKey, Json: false), Timeout.InfiniteTimeSpan);
        foreach (var (name, value) in parseResult.GetValue(_headers) ?? [])
        {
            if (!http.DefaultRequestHeaders.TryAddWithoutValidation(name, value))
            {
                await context.Error.WriteLineAsync($"--header {name}: not a header a request can carry");
                return ExitCodes.Usage;
            }
        }

        var logger = new TextWriterLogger(context.Error, "gateway connect");
        var session = new McpHttpSession(http, url, parseResult.GetValue(_protocolVersion));
        using var stdin = new StreamReader(context.Host.OpenStandardInput(), new UTF8Encoding(false));
        await using var stdoutStream = context.Host.OpenStandardOutput();
        logger.Bridging(session.DisplayEndpoint);
        return await new StdioBridge(session, stdin, new StdoutWriter(stdoutStream), logger, TimeProvider.System).RunAsync(cancellationToken);
    }

    /// <summary>The key from --api-key-env, else --api-key or GATEWAY_API_KEY; both options at once is an error.</summary>
    private (string? Key, string? Error) ResolveApiKey(CliContext context, ParseResult parseResult)
    {
        if (parseResult.GetValue(_apiKeyEnv) is not { } variable)
        {
            return (context.GlobalOptions.Resolve(parseResult).ApiKey, null);
        }

        if (parseResult.GetValue(context.GlobalOptions.ApiKey) is not null)
        {
            return (null, "--api-key and --api-key-env both give the key: use one");
        }

        var key = context.Host.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(key)
            ? (null, $"--api-key-env: the environment variable {variable} is not set or empty")
            : (key.Trim(), null);
    }

    private string? ValidateHeaders(ParseResult parseResult, string? apiKey) =>
        apiKey is not null && (parseResult.GetValue(_headers) ?? []).Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            ? "--header Authorization and an API key (--api-key, --api-key-env or GATEWAY_API_KEY) both authenticate: use one"
            : null;

    private static Uri ParseEndpoint(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"url: '{text}' is not an absolute http:// or https:// URL");
        return null!;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\z")]
    private static partial Regex VersionPattern();
}
