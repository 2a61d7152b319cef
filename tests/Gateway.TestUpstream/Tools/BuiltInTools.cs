using System.Text.Json;
using Gateway.TestUpstream.Sessions;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// The fixed tool set every test upstream serves. Each tool exercises one behaviour a gateway must
/// forward faithfully: results, errors of both kinds, progress, cancellation, logging, per-session
/// state, a dying upstream and a changing tool list (a tool added, a tool's description changed,
/// a tool renamed: what tool pinning must notice); and two that show what process the gateway
/// started (its environment, its id).
/// </summary>
public sealed class BuiltInTools(
    UpstreamSettings settings,
    ToolCatalog catalog,
    ListChangedNotifier notifier,
    ResourceUpdateNotifier updates,
    ProcessTerminator terminator,
    IClientInput clientInput,
    ILogger<BuiltInTools> logger)
{
    public const int CrashExitCode = 3;

    public IEnumerable<TestTool> Create()
    {
        yield return Tool("echo", "Returns the message unchanged.",
            """{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.GetString("message"))), ReadOnly);

        yield return Tool("add", "Returns a + b.",
            """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.GetNumber("a") + call.GetNumber("b"))), ReadOnly);

        yield return Tool("slow", "Waits ms milliseconds in total, reporting progress after each of steps equal parts; honours cancellation.",
            """{"type":"object","properties":{"ms":{"type":"integer","minimum":0},"steps":{"type":"integer","minimum":0,"default":3}},"required":["ms"]}""",
            SlowAsync);

        yield return Tool("slow_read", "Like slow, but declares itself read-only (readOnlyHint), so a gateway may run it again after losing a call.",
            """{"type":"object","properties":{"ms":{"type":"integer","minimum":0},"steps":{"type":"integer","minimum":0,"default":3}},"required":["ms"]}""",
            SlowAsync, ReadOnly);

        yield return Tool("fail", "Runs and fails: the result has isError true and the message as text.",
            """{"type":"object","properties":{"message":{"type":"string"}}}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.GetOptionalString("message") ?? "fail tool failed", isError: true)));

        yield return Tool("throw", "Fails at the protocol level: the caller gets a JSON-RPC error (-32602).",
            """{"type":"object","properties":{"message":{"type":"string"}}}""",
            (call, _) => throw new McpProtocolException(call.GetOptionalString("message") ?? "throw tool raised a protocol error", McpErrorCode.InvalidParams));

        yield return Tool("crash", $"Kills this upstream process (exit code {CrashExitCode}) before answering.",
            """{"type":"object","properties":{}}""",
            (_, _) =>
            {
                Log.Crashing(logger, CrashExitCode);
                terminator.ExitNow(CrashExitCode);
                return ValueTask.FromResult(ToolCall.Text("unreachable"));
            });

        yield return Tool("whoami", "Returns the id of the MCP session this call arrived on.",
            """{"type":"object","properties":{}}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.Session.Id)), ReadOnly);

        yield return Tool("counter", "Increments a per-session counter and returns its new value.",
            """{"type":"object","properties":{}}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.Session.IncrementCounter())));

        yield return Tool("log", "Sends a notifications/message at the given level (debug..emergency), subject to logging/setLevel.",
            """{"type":"object","properties":{"level":{"type":"string","enum":["debug","info","notice","warning","error","critical","alert","emergency"]},"message":{"type":"string"}},"required":["level","message"]}""",
            LogAsync);

        yield return Tool("add_tool", "Registers a tool with the given name (it answers \"dynamic\") in every session and sends notifications/tools/list_changed.",
            """{"type":"object","properties":{"name":{"type":"string","minLength":1}},"required":["name"]}""",
            AddToolAsync);

        yield return Tool("set_description", "Replaces the description of the named tool (its full name, prefix included) and sends notifications/tools/list_changed.",
            """{"type":"object","properties":{"name":{"type":"string","minLength":1},"description":{"type":"string"}},"required":["name","description"]}""",
            (call, cancellationToken) => ChangeToolAsync(call, call.GetString("name"),
                tool => tool with { Definition = Copy(tool.Definition, call.GetString("name"), call.GetString("description")) }, cancellationToken));

        yield return Tool("rename_tool", "Renames the named tool to new_name, keeping its description, schemas and behaviour, and sends notifications/tools/list_changed.",
            """{"type":"object","properties":{"name":{"type":"string","minLength":1},"new_name":{"type":"string","minLength":1}},"required":["name","new_name"]}""",
            (call, cancellationToken) => ChangeToolAsync(call, call.GetString("name"),
                tool => tool with { Definition = Copy(tool.Definition, call.GetString("new_name"), tool.Definition.Description) }, cancellationToken));

        yield return Tool("touch_resource", "Sends notifications/resources/updated for the URI to every session subscribed to it; returns how many were told.",
            """{"type":"object","properties":{"uri":{"type":"string","minLength":1}},"required":["uri"]}""",
            async (call, cancellationToken) => ToolCall.Text(
                $"notified {await updates.NotifyAsync(call.GetString("uri"), call.Session, call.Request.Server, cancellationToken)}"));

        yield return Tool("ask_sampling", "Asks the client to sample (sampling/createMessage) with the prompt as the user's message; returns what the client answered, or its error.",
            """{"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}""",
            async (call, cancellationToken) =>
            {
                if (call.ClientCapabilities?.Sampling is null)
                {
                    return ToolCall.Text("the client offers no sampling", isError: true);
                }

                CreateMessageResult sampled;
                try
                {
                    sampled = await clientInput.SampleAsync(call, new CreateMessageRequestParams
                    {
                        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = call.GetString("prompt") }] }],
                        MaxTokens = 100,
                    }, cancellationToken);
                }
                catch (McpException ex)
                {
                    call.Session.LastSampling = "error: " + ex.Message;
                    throw;
                }

                var text = $"sampled by {sampled.Model}: {string.Join(" ", sampled.Content.OfType<TextContentBlock>().Select(t => t.Text))}";
                call.Session.LastSampling = text;
                return ToolCall.Text(text);
            });

        yield return Tool("ask_sampling_patiently", "As ask_sampling, but the request to the client outlives the call's cancellation (it waits until the session ends), so its answer is kept for last_sampling even when the call was cut off.",
            """{"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}""",
            async (call, _) =>
            {
                try
                {
                    var sampled = await clientInput.SampleAsync(call, new CreateMessageRequestParams
                    {
                        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = call.GetString("prompt") }] }],
                        MaxTokens = 100,
                    }, call.Session.Ending);
                    call.Session.LastSampling = $"sampled by {sampled.Model}: {string.Join(" ", sampled.Content.OfType<TextContentBlock>().Select(t => t.Text))}";
                }
                catch (McpException ex)
                {
                    call.Session.LastSampling = "error: " + ex.Message;
                }

                return ToolCall.Text(call.Session.LastSampling!);
            });

        yield return Tool("last_sampling", "Returns what the client last answered an ask_sampling of this session with (\"error: \" and the error's message when it failed), or \"none\".",
            """{"type":"object","properties":{}}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(call.Session.LastSampling ?? "none")));

        yield return Tool("ask_sampling_cancelled", "Asks the client to sample, then after after_ms cancels the request (notifications/cancelled) and returns \"cancelled\"; or what the client answered first.",
            """{"type":"object","properties":{"after_ms":{"type":"integer","minimum":0}},"required":["after_ms"]}""",
            (call, cancellationToken) => clientInput.SampleThenWithdrawAsync(call, TimeSpan.FromMilliseconds(call.GetInt32("after_ms")), cancellationToken));

        yield return Tool("ask_elicitation", "Asks the client for a name (elicitation/create, form mode); returns the action and the name given.",
            """{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}""",
            async (call, cancellationToken) =>
            {
                var elicited = await clientInput.ElicitAsync(call, new ElicitRequestParams
                {
                    Message = call.GetString("message"),
                    RequestedSchema = new ElicitRequestParams.RequestSchema
                    {
                        Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { ["name"] = new ElicitRequestParams.StringSchema() },
                        Required = ["name"],
                    },
                }, cancellationToken);
                var name = elicited.Content?.TryGetValue("name", out var given) == true ? given.ToString() : "";
                return ToolCall.Text($"{elicited.Action}: {name}");
            });

        yield return Tool("list_roots", "Asks the client for its roots (roots/list); returns their URIs, one per line.",
            """{"type":"object","properties":{}}""",
            async (call, cancellationToken) =>
            {
                var roots = await clientInput.RequestRootsAsync(call, cancellationToken);
                return ToolCall.Text(string.Join("\n", roots.Roots.Select(r => r.Uri)));
            });

        yield return Tool("env", "Returns this process's environment variables as a JSON object of names and values, or the one named (null when unset).",
            """{"type":"object","properties":{"name":{"type":"string"}}}""",
            (call, _) => ValueTask.FromResult(ToolCall.Text(EnvironmentText(call.GetOptionalString("name")))), ReadOnly);

        yield return Tool("pid", "Returns this process's id, so a caller can tell which process served it.",
            """{"type":"object","properties":{}}""",
            (_, _) => ValueTask.FromResult(ToolCall.Text(Environment.ProcessId)), ReadOnly);

        for (var i = 0; i < settings.ExtraTools; i++)
        {
            var name = $"{settings.ToolsPrefix}extra_{i:D3}";
            yield return new TestTool(
                Definition(name, "Extra tool for pagination tests: returns its own name.", """{"type":"object","properties":{}}"""),
                (_, _) => ValueTask.FromResult(ToolCall.Text(name)));
        }
    }

    private static string EnvironmentText(string? name)
    {
        if (name is not null)
        {
            return JsonSerializer.Serialize(Environment.GetEnvironmentVariable(name));
        }

        var all = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            all[(string)variable.Key] = (string?)variable.Value;
        }

        return JsonSerializer.Serialize(all);
    }

    private static async ValueTask<CallToolResult> SlowAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var totalMs = call.GetInt32("ms");
        var steps = call.GetInt32("steps", defaultValue: 3);
        if (totalMs < 0 || steps < 0)
        {
            throw new McpProtocolException("ms and steps must not be negative.", McpErrorCode.InvalidParams);
        }

        try
        {
            if (steps == 0)
            {
                await Task.Delay(totalMs, cancellationToken);
                return ToolCall.Text("done");
            }

            var stepDelay = TimeSpan.FromMilliseconds((double)totalMs / steps);
            for (var i = 1; i <= steps; i++)
            {
                await Task.Delay(stepDelay, cancellationToken);
                if (call.ProgressToken is { } token)
                {
                    await call.Request.Server.NotifyProgressAsync(
                        token,
                        new ProgressNotificationValue { Progress = i, Total = steps, Message = $"step {i}" },
                        cancellationToken: cancellationToken);
                }
            }

            return ToolCall.Text("done");
        }
        catch (OperationCanceledException)
        {
            ToolCounters.CallCancelled();
            throw;
        }
    }

    private static async ValueTask<CallToolResult> LogAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var levelName = call.GetString("level");
        var message = call.GetString("message");
        var level = LoggingLevels.Parse(levelName)
            ?? throw new McpProtocolException($"Unknown logging level '{levelName}'.", McpErrorCode.InvalidParams);

        // 2026-07-28 (SEP-2575) carries the level in each request's _meta and forbids log notifications
        // without it; earlier revisions use logging/setLevel and, before any, leave it to the server,
        // which here means send everything.
        var requestContext = call.Request.JsonRpcRequest.Context;
        var protocolVersion = requestContext?.ProtocolVersion ?? call.Request.Server.NegotiatedProtocolVersion ?? "";
        var threshold = ProtocolRevisions.IsSessionless(protocolVersion)
            ? requestContext?.LogLevel
            : call.Request.Server.LoggingLevel ?? LoggingLevel.Debug;
        if (threshold is not { } minimum)
        {
            return ToolCall.Text("suppressed: the request carries no _meta logLevel");
        }

        if (level < minimum)
        {
            return ToolCall.Text($"suppressed: {levelName} is below {LoggingLevels.Name(minimum)}");
        }

        await call.Request.Server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = level,
                Logger = "test-upstream",
                Data = JsonSerializer.SerializeToElement(message),
            },
            cancellationToken: cancellationToken);

        return ToolCall.Text("logged");
    }

    private async ValueTask<CallToolResult> AddToolAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var name = call.GetString("name");
        if (name.Length == 0)
        {
            throw new McpProtocolException("name must not be empty.", McpErrorCode.InvalidParams);
        }

        var added = catalog.TryAdd(new TestTool(
            Definition(name, $"Added at run time by add_tool as {name}: returns \"dynamic\".", """{"type":"object","properties":{}}"""),
            (_, _) => ValueTask.FromResult(ToolCall.Text("dynamic"))));
        if (added)
        {
            Log.ToolAdded(logger, name);
        }

        // Notify even when the tool already existed, so a test that waits for list_changed never hangs
        // on a name an earlier test registered in the same process.
        await notifier.NotifyAsync(NotificationMethods.ToolListChangedNotification, call.Session, call.Request.Server, cancellationToken);
        return ToolCall.Text(added ? $"added {name}" : $"{name} already registered");
    }

    private async ValueTask<CallToolResult> ChangeToolAsync(ToolCall call, string name, Func<TestTool, TestTool> change, CancellationToken cancellationToken)
    {
        if (!catalog.TryReplace(name, change))
        {
            throw new McpProtocolException($"No tool '{name}' to change, or its new name is taken.", McpErrorCode.InvalidParams);
        }

        Log.ToolChanged(logger, name);
        await notifier.NotifyAsync(NotificationMethods.ToolListChangedNotification, call.Session, call.Request.Server, cancellationToken);
        return ToolCall.Text($"changed {name}");
    }

    /// <summary>The same tool under <paramref name="name"/> with <paramref name="description"/>; schemas and annotations kept.</summary>
    private static Tool Copy(Tool tool, string name, string? description) => new()
    {
        Name = name,
        Title = tool.Title,
        Description = description,
        InputSchema = tool.InputSchema,
        OutputSchema = tool.OutputSchema,
        Annotations = tool.Annotations,
    };

    /// <summary>The hint of the tools that only read: a gateway may run them again after losing a call.</summary>
    private static readonly ToolAnnotations ReadOnly = new() { ReadOnlyHint = true };

    private TestTool Tool(string name, string description, string inputSchema, ToolHandler handler, ToolAnnotations? annotations = null) =>
        new(Definition(settings.ToolsPrefix + name, description, inputSchema, annotations), handler);

    private static Tool Definition(string name, string description, string inputSchema, ToolAnnotations? annotations = null) => new()
    {
        Name = name,
        Description = description,
        InputSchema = JsonElement.Parse(inputSchema),
        Annotations = annotations,
    };
}
