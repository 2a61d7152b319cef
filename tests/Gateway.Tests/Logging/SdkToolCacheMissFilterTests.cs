using Gateway.Silo.Logging;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Gateway.Tests.Logging;

/// <summary>The SDK's logs reach the sink through Microsoft.Extensions.Logging, as in the silo; one event of theirs does not.</summary>
public sealed class SdkToolCacheMissFilterTests
{
    [Fact]
    public void TheSdkClientsToolCacheMiss_IsDropped_AndItsOtherEventsAreKept()
    {
        var sink = new CollectingSink();
        using var factory = new SerilogLoggerFactory(new LoggerConfiguration()
            .Filter.With<SdkToolCacheMissFilter>()
            .WriteTo.Sink(sink)
            .CreateLogger(), dispose: true);
        var client = factory.CreateLogger(SdkToolCacheMissFilter.SourceContext);
        var gateway = factory.CreateLogger("Gateway.Upstreams.UpstreamGrain");

        // The ids are those ModelContextProtocol.Core 2.4.0 logs with (its source generator hashes the name).
        client.Log(LogLevel.Warning, new EventId(1456959501, "LogToolCacheMiss"), "Tool 'echo' not found in cache during tools/call.");
        client.Log(LogLevel.Warning, new EventId(2, "LogToolRejected"), "Tool 'x' excluded from tools/list");
        client.Log(LogLevel.Information, new EventId(1017245113, "LogClientConnected"), "client created and connected.");
        gateway.Log(LogLevel.Warning, new EventId(3, "LogToolCacheMiss"), "a gateway event of the same name");

        Assert.Equal(
            ["Tool 'x' excluded from tools/list", "client created and connected.", "a gateway event of the same name"],
            sink.Events.Select(e => e.RenderMessage()));
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
