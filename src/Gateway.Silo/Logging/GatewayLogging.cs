using Gateway.Protocol;
using Microsoft.Extensions.Compliance.Classification;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;
using Serilog.Formatting.Json;

namespace Gateway.Silo.Logging;

/// <summary>
/// The silo's log: JSON lines on standard output (Serilog), with a <c>Serilog</c> section of the
/// config file read over the defaults. Serilog is a provider of Microsoft.Extensions.Logging's
/// factory rather than its replacement, so that the factory's redaction (Microsoft.Extensions.Compliance)
/// applies to every <c>[LoggerMessage]</c> parameter that carries one of the gateway's data classes
/// (<see cref="GatewayTaxonomy"/>); a class without a redactor of its own is erased.
/// </summary>
public static class GatewayLogging
{
    public static Serilog.ILogger AddGatewayLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            // Orleans' placement runs a Polly pipeline whose telemetry reports every attempt at
            // Information, two lines per new activation; retries and failures are Warning and up.
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            // Orleans 10.4.2's watchdog warns once at start, measuring from the machine's boot.
            .MinimumLevel.Override("Orleans.Runtime.Watchdog", LogEventLevel.Error)
            // Data Protection warns that keys are stored unencrypted without an XML encryptor; the gateway
            // says itself, once at start, where its key ring is and what protects it (KeyRingBootstrap).
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            // /health/ready answering "starting" is expected while a silo starts, not an error.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            // A host that fails to start says so in one line of Program's, not in a logged stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            // Orleans' grain service base class reports its start and ring range under the service's own name.
            .MinimumLevel.Override(typeof(Audit.AuditReaderService).FullName!, LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<RedactingEnricher>()
            .WriteTo.Console(new ScrubbedExceptionFormatter(new JsonFormatter(renderMessage: true)));
        if (builder.Configuration.GetSection("Serilog").Exists())
        {
            configuration.ReadFrom.Configuration(builder.Configuration);
        }

        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        // Serilog's levels decide what is written; the factory hands everything on to it.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
            redaction.SetRedactor<UpstreamTextRedactor>(new DataClassificationSet(GatewayTaxonomy.UpstreamText)));

        // What Serilog's request logging needs, which its hosting extension would register with a factory of its own.
        builder.Services.AddSingleton(new DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<DiagnosticContext>());
        return logger;
    }
}
