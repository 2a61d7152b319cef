using System.Text.Json;
using Gateway.Audit;
using Serilog;
using Serilog.Core;

namespace Gateway.Silo.Audit;

/// <summary>
/// This silo's audit log: a Serilog logger of its own, apart from the main log's pipeline (no
/// enrichers, filters or level overrides can touch it), writing daily files through Serilog's async
/// sink. A request only serializes its line and queues it; a background thread writes it. When the
/// disk falls 10 000 lines behind, new lines are dropped rather than holding up requests.
/// </summary>
public sealed class AuditFileLog : IAuditLog, IDisposable
{
    private const int QueuedLines = 10_000;

    private readonly Logger _logger;
    private readonly TimeProvider _time;
    private readonly string _silo;

    public AuditFileLog(string directory, int retainedFiles, TimeProvider time, string silo)
    {
        _time = time;
        _silo = silo;
        OwnerOnlyFiles.PrepareDirectory(directory);
        _logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Async(
                sink => sink.File(
                    new AuditLineFormatter(),
                    AuditFiles.PathPattern(directory),
                    rollingInterval: RollingInterval.Day,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: retainedFiles,
                    hooks: new OwnerOnlyFiles()),
                bufferSize: QueuedLines,
                blockWhenFull: false)
            .CreateLogger();
    }

    public void Write(AuditEntry entry)
    {
        var line = JsonSerializer.Serialize(entry with { Time = _time.GetUtcNow(), Silo = _silo }, AuditJsonContext.Default.AuditEntry);
        _logger.Information("{" + AuditLineFormatter.LineProperty + "}", line);
    }

    /// <summary>Writes out what is queued.</summary>
    public void Dispose() => _logger.Dispose();
}
