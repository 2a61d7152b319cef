using System.CommandLine;
using System.CommandLine.Parsing;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gateway upstreams add NAME --transport stdio --command CMD [--arg A]... [--env K=V]...</c> or
/// <c>gateway upstreams add NAME --transport http --url URL [--header K=V]...</c>, either with
/// <c>[--tenant T]</c>.
/// </summary>
/// <remarks>
/// Here <c>--url</c> is the upstream's URL and shadows the global <c>--url</c>: give the gateway's URL before
/// <c>upstreams</c> (<c>gateway --url G upstreams add ...</c>) or through <c>GATEWAY_URL</c>.
/// </remarks>
public sealed class UpstreamsAddCommand : Command
{
    private readonly Argument<string> _name = new("name") { Description = "Upstream name (unique in the gateway)" };
    private readonly Option<string?> _transport = new("--transport") { Description = "stdio or http (inferred from --command / --url when left out)" };
    private readonly Option<string?> _command = new("--command") { Description = "stdio: the executable to start" };
    private readonly Option<string[]> _args = new("--arg") { Description = "stdio: one argument of the command (repeat for more; --arg=-x for a dash)" };
    private readonly Option<Dictionary<string, string>> _env;
    private readonly Option<string?> _url = new("--url") { Description = "http: the upstream's Streamable HTTP endpoint" };
    private readonly Option<Dictionary<string, string>> _headers;
    private readonly Option<string?> _tenant = new("--tenant") { Description = "The tenant the upstream belongs to (default: the caller's own; only an admin of no tenant may name another)" };

    public UpstreamsAddCommand(CliContext context)
        : base("add", "Add an upstream MCP server at run time")
    {
        _transport.AcceptOnlyFromAmong(UpstreamTransports.Stdio, UpstreamTransports.Http);
        _args.Arity = ArgumentArity.ZeroOrMore;
        _env = KeyValueOption("--env", "stdio: an environment variable for the process, K=V (repeatable)");
        _headers = KeyValueOption("--header", "http: a header sent with every request to the upstream, K=V (repeatable)");

        Arguments.Add(_name);
        Options.Add(_transport);
        Options.Add(_command);
        Options.Add(_args);
        Options.Add(_env);
        Options.Add(_url);
        Options.Add(_headers);
        Options.Add(_tenant);
        Validators.Add(Validate);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var result = await new AdminApiClient(http, endpoint).AddUpstreamAsync(CreateRequest(parseResult), cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, result.RawJson);
            }
            else
            {
                context.Out.WriteLine($"added upstream {result.Value.Name}");
                context.CreateConsole().Write(UpstreamTable.Create([result.Value]));
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }

    private AddUpstreamRequest CreateRequest(ParseResult parseResult)
    {
        var name = parseResult.GetRequiredValue(_name);
        var request = Transport(parseResult.GetResult(this)!) == UpstreamTransports.Stdio
            ? AddUpstreamRequest.Stdio(name, parseResult.GetRequiredValue(_command)!, parseResult.GetValue(_args) ?? [], parseResult.GetValue(_env) ?? [])
            : AddUpstreamRequest.Http(name, parseResult.GetRequiredValue(_url)!, parseResult.GetValue(_headers) ?? []);
        return request with { Tenant = parseResult.GetValue(_tenant) };
    }

    private string? Transport(CommandResult result) =>
        result.GetValue(_transport)
        ?? (result.GetValue(_command) is not null ? UpstreamTransports.Stdio
            : result.GetValue(_url) is not null ? UpstreamTransports.Http
            : null);

    private void Validate(CommandResult result)
    {
        bool Given(Option option) => result.GetResult(option) is OptionResult { Implicit: false };
        switch (Transport(result))
        {
            case UpstreamTransports.Stdio:
                if (string.IsNullOrWhiteSpace(result.GetValue(_command)))
                {
                    result.AddError("a stdio upstream needs --command");
                }

                if (Given(_url))
                {
                    result.AddError("--url after 'add' is an http upstream's URL; give the gateway's URL before 'upstreams' (gateway --url URL upstreams add ...)");
                }

                if (Given(_headers))
                {
                    result.AddError("--header applies to http upstreams only");
                }

                break;
            case UpstreamTransports.Http:
                var url = result.GetValue(_url);
                if (string.IsNullOrWhiteSpace(url))
                {
                    result.AddError("an http upstream needs --url (the upstream's MCP endpoint)");
                }
                else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    result.AddError($"--url '{url}' is not an absolute http:// or https:// URL");
                }

                foreach (var option in new Option[] { _command, _args, _env }.Where(Given))
                {
                    result.AddError($"{option.Name} applies to stdio upstreams only");
                }

                break;
            default:
                result.AddError("say how to reach the upstream: --transport stdio --command CMD, or --transport http --url URL");
                break;
        }
    }

    private static Option<Dictionary<string, string>> KeyValueOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "K=V",
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result => KeyValueParser.Parse(result, name),
    };
}
