using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;

namespace Gateway.LoadRunner;

/// <summary>The command line of the load runner: one run per invocation.</summary>
public static class LoadRunnerCommand
{
    public static RootCommand Create()
    {
        var urls = new Option<Uri[]>("--url")
        {
            Description = "MCP endpoint, e.g. http://127.0.0.1:4444/mcp; repeat it (or separate with commas) to spread the load over " +
                "several nodes: each session initializes on one, then sends each request to the next one in turn",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var parsed = new List<Uri>();
                foreach (var value in result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                {
                    if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    {
                        parsed.Add(uri);
                    }
                    else
                    {
                        result.AddError($"--url '{value}' is not an absolute http:// or https:// URL");
                    }
                }

                if (parsed.Count == 0 && result.Tokens.Count > 0)
                {
                    result.AddError("--url names no URL");
                }

                return [.. parsed];
            },
        };
        var sessions = new Option<int>("--sessions") { Description = "Concurrent MCP sessions (closed loop, one call in flight each)", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Unmeasured seconds before the measured window", DefaultValueFactory = _ => 2 };
        var tool = new Option<string>("--tool") { Description = "Tool to call", Required = true };
        var arguments = new Option<IReadOnlyDictionary<string, object?>>("--args")
        {
            Description = "Tool arguments as a JSON object",
            HelpName = "JSON",
            CustomParser = result => ToolArguments.Parse(result.Tokens[^1].Value, result.AddError),
            DefaultValueFactory = _ => new Dictionary<string, object?>(),
        };
        var label = new Option<string?>("--label") { Description = "Name of this run in the output (default: the tool name)" };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the result to this JSON file" };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "Sent as 'Authorization: Bearer KEY' [env GATEWAY_API_KEY]",
        };
        var noGetStream = new Option<bool>("--no-get-stream") { Description = "Do not open the standalone GET stream per session" };
        var sticky = new Option<bool>("--sticky")
        {
            Description = "With several --url: keep each session on the URL it initialized on (as a load balancer with session affinity)",
        };

        sessions.Validators.Add(result => RequirePositive(result, result.GetValueOrDefault<int>(), "--sessions"));
        duration.Validators.Add(result => RequirePositive(result, result.GetValueOrDefault<double>(), "--duration"));
        warmup.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--warmup must not be negative");
            }
        });

        var root = new RootCommand("End-to-end MCP load: N sessions call one tool in a closed loop; prints rps and latency percentiles")
        {
            urls, sessions, duration, warmup, tool, arguments, label, jsonOut, apiKey, noGetStream, sticky,
        };

        root.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new LoadRunOptions
            {
                Urls = parseResult.GetRequiredValue(urls),
                Sessions = parseResult.GetValue(sessions),
                Duration = TimeSpan.FromSeconds(parseResult.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parseResult.GetValue(warmup)),
                Tool = parseResult.GetRequiredValue(tool),
                Arguments = parseResult.GetRequiredValue(arguments),
                Label = parseResult.GetValue(label) ?? parseResult.GetRequiredValue(tool),
                // The environment is read here, not as the option's default, so --help never shows the key.
                ApiKey = (parseResult.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("GATEWAY_API_KEY")) is { Length: > 0 } key ? key : null,
                StandaloneGetStream = !parseResult.GetValue(noGetStream),
                Sticky = parseResult.GetValue(sticky),
            };
            return await RunAsync(options, parseResult.GetValue(jsonOut), cancellationToken);
        });
        return root;
    }

    private static async Task<int> RunAsync(LoadRunOptions options, FileInfo? jsonOut, CancellationToken cancellationToken)
    {
        RunReport report;
        try
        {
            report = await new LoadRun(options, Console.Error).RunAsync(cancellationToken);
        }
        catch (SessionConnectException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }

        await Console.Out.WriteLineAsync(report.ToSummaryLine());
        foreach (var (message, count) in report.ErrorMessages)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {count} x {message}"));
        }

        if (jsonOut is not null)
        {
            await File.WriteAllTextAsync(jsonOut.FullName, JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport), cancellationToken);
        }

        return 0;
    }

    private static void RequirePositive(OptionResult result, double value, string name)
    {
        if (value <= 0)
        {
            result.AddError($"{name} must be greater than zero");
        }
    }
}
