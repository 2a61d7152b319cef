using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gateway.Persistence;

/// <summary>
/// Applies a store's schema when the silo starts, before anything else of the silo runs: Orleans'
/// membership first reads its table at <see cref="ServiceLifecycleStage.RuntimeGrainServices"/>
/// and the ADO.NET grain storage loads its queries at
/// <see cref="ServiceLifecycleStage.ApplicationServices"/>; this runs at
/// <see cref="ServiceLifecycleStage.First"/>. A store that cannot be reached stops the start with
/// a message that names the setting and the reason, instead of Orleans' later and vaguer failure.
/// </summary>
internal sealed partial class SchemaLifecycleParticipant : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _provider;
    private readonly string _connectionString;
    private readonly string _failure;
    private readonly ILogger<SchemaLifecycleParticipant> _logger;

    /// <param name="failure">The start of the message when the store cannot be reached; the reason follows it.</param>
    public SchemaLifecycleParticipant(string provider, string connectionString, string failure, ILogger<SchemaLifecycleParticipant> logger)
    {
        _provider = provider;
        _connectionString = connectionString;
        _failure = failure;
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaLifecycleParticipant), ServiceLifecycleStage.First, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await GatewaySchema.ApplyAsync(_provider, _connectionString, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(_failure + Reason(e), e);
        }

        LogApplied(_provider, GatewaySchema.ScriptNames(_provider).Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The messages of the exception and of those it wraps: "Failed to connect to ...: Connection refused".</summary>
    private static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !messages.Any(known => known.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Information,
        Message = "Storage schema of {Provider} applied ({Scripts} scripts) in {ElapsedMilliseconds} ms")]
    private partial void LogApplied(string provider, int scripts, long elapsedMilliseconds);
}
