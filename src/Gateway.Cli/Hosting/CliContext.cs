using System.CommandLine;
using System.Net.Http.Headers;
using Spectre.Console;

namespace Gateway.Cli.Hosting;

/// <summary>Shared by every command of one command tree: the host, the global options and the plumbing built on them.</summary>
public sealed class CliContext(CliHost host, GlobalOptions globalOptions)
{
    /// <summary>How long an admin API request may take before the gateway counts as unreachable.</summary>
    public static readonly TimeSpan AdminRequestTimeout = TimeSpan.FromSeconds(30);

    private const int RedirectedWidth = 200;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public CliHost Host => host;

    public TextWriter Out => host.Out;

    public TextWriter Error => host.Error;

    public GlobalOptions GlobalOptions => globalOptions;

    public IAnsiConsole CreateConsole()
    {
        // Piped output (grep, files) gets neither escape codes nor line-wrapped cells.
        var terminal = host.DetectTerminal && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(host.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (host.ConsoleWidth is { } width)
        {
            console.Profile.Width = width;
        }
        else if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>
    /// An HTTP client that authenticates every request. <paramref name="timeout"/> is infinite for MCP, whose
    /// tool calls may legitimately run long; connection establishment is bounded separately.
    /// </summary>
    public HttpClient CreateHttpClient(GatewayEndpoint endpoint, TimeSpan timeout)
    {
        var client = host.HttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }, disposeHandler: true);
        client.Timeout = timeout;
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gateway-cli", CliApp.Version));
        if (endpoint.ApiKey is { } apiKey)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Runs a command body, turning every failure into one line on stderr and an exit code.</summary>
    public async Task<int> RunAsync(
        ParseResult parseResult,
        Func<GatewayEndpoint, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var endpoint = globalOptions.Resolve(parseResult);
        try
        {
            return await body(endpoint);
        }
        catch (Exception ex)
        {
            return FailureReporter.Report(ex, endpoint, host.Error, cancellationToken);
        }
    }
}
