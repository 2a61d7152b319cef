using Gateway.Catalog;
using Gateway.Persistence;
using Gateway.Runtime;
using Gateway.Cluster;
using Gateway.Silo.Admin;
using Gateway.Silo.Clustering;
using Gateway.Silo.Configuration;
using Gateway.Silo.Logging;
using Gateway.Transports;
using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Json;

namespace Gateway.Silo.Hosting;

/// <summary>
/// Builds a silo. The order is explicit: configuration, logging, storage, cluster (when
/// configured), runtime, grains, front door, admin API; then the cluster port, middleware (origin
/// check, auth) and endpoints.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args, string? configFile)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);

        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        if (!gateway.Cluster.Enabled)
        {
            // A cluster silo lists its client and cluster endpoints itself (AddSiloCluster).
            builder.WebHost.UseUrls(gateway.Urls);
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = gateway.Http.MaxRequestBodyBytes);

        AddLogging(builder);
        AddOptions(builder.Services, builder.Configuration);
        AddStorage(builder.Services, gateway);
        if (gateway.Cluster.Enabled)
        {
            builder.AddSiloCluster(gateway);
        }

        builder.Services
            .AddGrainRuntime()
            .AddGatewayGrains()
            .AddMcpFrontDoor();
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddSingleton<UpstreamDirectory>();
        builder.Services.AddSingleton<IVirtualServerDirectory>(sp => sp.GetRequiredService<UpstreamDirectory>());
        builder.Services.AddHostedService<UpstreamBootstrapper>();

        var app = builder.Build();
        if (gateway.Cluster.Enabled)
        {
            // First: cluster traffic never meets client middleware, and the client port never serves it.
            app.UseClusterPort();
        }

        app.UseMcpSecurity();
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (ReadinessGate gate) =>
            gate.IsReady ? Results.Ok(new { status = "ready" }) : Results.Json(new { status = "starting" }, statusCode: 503));
        app.MapMcpFrontDoor();
        app.MapAdmin();
        return app;
    }

    private static void AddLogging(WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", Serilog.Events.LogEventLevel.Warning)
            // The gateway logs each upstream failure itself, once and with its reason (events
            // 1301-1303); the SDK would repeat it with a stack trace on every reconnection attempt.
            .MinimumLevel.Override("ModelContextProtocol", Serilog.Events.LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .Enrich.With<RedactingEnricher>()
            .WriteTo.Console(new JsonFormatter(renderMessage: true));
        if (builder.Configuration.GetSection("Serilog").Exists())
        {
            configuration.ReadFrom.Configuration(builder.Configuration);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.Section);
        services.AddOptions<GatewayOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<AuthOptions>().Bind(section.GetSection("Auth"));
        services.AddOptions<McpEndpointOptions>().Bind(section.GetSection("Http"));
        services.AddOptions<CatalogOptions>().Bind(section.GetSection("Catalog"));
    }

    private static void AddStorage(IServiceCollection services, GatewayOptions gateway)
    {
        services.AddHostedService<StorageStartupCheck>();
        switch (gateway.Storage.Provider)
        {
            case "memory":
                services.AddMemoryGrainStorage();
                return;
            case "postgres" when !string.IsNullOrWhiteSpace(gateway.Storage.ConnectionString):
                services.AddPostgresGrainStorage(IGrainStorageFactory.DefaultName, gateway.Storage.ConnectionString);
                return;
            case not "sqlite":
                // Validation at start names the bad setting; nothing to register.
                return;
        }

        var connectionString = gateway.Storage.ConnectionString;
        if (string.IsNullOrEmpty(connectionString))
        {
            var directory = Path.GetFullPath(gateway.DataDirectory);
            Directory.CreateDirectory(directory);
            connectionString = $"Data Source={Path.Combine(directory, "gateway.db")}";
        }

        services.AddSqliteGrainStorage(IGrainStorageFactory.DefaultName, connectionString);
    }
}
