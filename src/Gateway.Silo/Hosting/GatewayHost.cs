using Gateway.Catalog;
using Gateway.Silo.Admin;
using Gateway.Silo.Configuration;
using Gateway.Silo.Logging;
using Gateway.Transports;
using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Gateway.Upstreams;
using Gateway.Upstreams.Network;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Json;

namespace Gateway.Silo.Hosting;

/// <summary>
/// Builds a silo: one ASP.NET Core process whose Kestrel serves clients and which hosts an Orleans
/// silo. The order is explicit: configuration, logging, the Orleans silo (clustering, storage,
/// membership, TLS), the gateway's per-silo services, the front door, the admin API; then the
/// middleware (request logging, the exception handler, origin check, auth) and endpoints.
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
        builder.WebHost.UseUrls(gateway.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = gateway.Http.MaxRequestBodyBytes);

        var logger = AddLogging(builder);
        AddOptions(builder.Services, builder.Configuration);

        // A configuration that fails validation builds no silo and serves nothing: the whole list of
        // bad settings goes to the caller, which prints it (no host has started to log a stack trace).
        var validation = new GatewayOptionsValidator().Validate(null, gateway);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), validation.Failures);
        }

        // Before anything opens the store: its files are made, or tightened, for the gateway's user alone.
        builder.Services.AddHostedService(sp => PrivateDataFiles.For(gateway, sp.GetRequiredService<ILogger<PrivateDataFiles>>()));
        builder.AddGatewaySilo(gateway);
        builder.Services.AddSingleton<UpstreamDirectory>();
        builder.Services.AddSingleton<IConfiguredUpstreams>(sp => sp.GetRequiredService<UpstreamDirectory>());
        builder.Services
            .AddGatewayDataProtection(gateway)
            .AddGatewayGrains()
            .AddMcpFrontDoor()
            .AddGatewayAuthentication(gateway.Auth);
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddSingleton<IVirtualServerDirectory>(sp => sp.GetRequiredService<UpstreamDirectory>());
        builder.Services.AddHostedService<CatalogChangeNotifier>();
        builder.Services.AddHostedService<UpstreamBootstrapper>();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

        var app = builder.Build();

        // Outermost, so that one event per request sees the final status, refusals and failures included.
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.GetLevel = RequestLogLevel.Of;

            // The path only: a query string may carry a token. Headers are never logged.
            options.IncludeQueryInRequestPath = false;
        });
        app.UseMcpExceptionHandler();
        app.UseMcpSecurity();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMcpFrontDoor();
        app.MapAdmin();
        return app;
    }

    private static Serilog.ILogger AddLogging(WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", Serilog.Events.LogEventLevel.Warning)
            // Orleans' placement runs a Polly pipeline whose telemetry reports every attempt at
            // Information, two lines per new activation; retries and failures are Warning and up.
            .MinimumLevel.Override("Polly", Serilog.Events.LogEventLevel.Warning)
            // Orleans 10.4.2's watchdog warns once at start, measuring from the machine's boot.
            .MinimumLevel.Override("Orleans.Runtime.Watchdog", Serilog.Events.LogEventLevel.Error)
            // Data Protection warns that keys are stored unencrypted without an XML encryptor; the gateway
            // says itself, once at start, where its key ring is and what protects it (KeyRingBootstrap).
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", Serilog.Events.LogEventLevel.Error)
            // /health/ready answering "starting" is expected while a silo starts, not an error.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", Serilog.Events.LogEventLevel.Fatal)
            // A host that fails to start says so in one line of Program's, not in a logged stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", Serilog.Events.LogEventLevel.Fatal)
            // The SDK's own logs are kept, but for the warning its client writes on every forwarded tools/call.
            .Filter.With<SdkToolCacheMissFilter>()
            .Enrich.FromLogContext()
            .Enrich.With<RedactingEnricher>()
            .WriteTo.Console(new JsonFormatter(renderMessage: true));
        if (builder.Configuration.GetSection("Serilog").Exists())
        {
            configuration.ReadFrom.Configuration(builder.Configuration);
        }

        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: true);
        return logger;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.Section);
        services.AddOptions<GatewayOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<AuthOptions>().Bind(section.GetSection("Auth"));
        services.AddOptions<AdminOptions>().Bind(section.GetSection("Admin"));
        services.AddOptions<McpEndpointOptions>().Bind(section.GetSection("Http")).PostConfigure(http =>
        {
            // Off loopback the gateway is reached by names it cannot know (a load balancer's), and
            // auth is required there; on loopback only loopback names are ever right.
            if (http.AllowedHosts.Count == 0 && !ClientUrls.Split(configuration[$"{GatewayOptions.Section}:Urls"] ?? new GatewayOptions().Urls)
                    .All(url => ClientUrls.TryParse(url, out var uri) && ClusterAddress.IsLoopback(uri.Host)))
            {
                http.AllowedHosts.Add("*");
            }
        });
        services.AddOptions<CatalogOptions>().Bind(section.GetSection("Catalog"));
        services.AddOptions<Gateway.Sessions.ToolAuthorizationOptions>().Bind(section.GetSection("Authorization"));
        services.AddOptions<NetworkOptions>().Bind(section.GetSection("Network"));
        services.AddOptions<Gateway.Sessions.SessionOptions>().Bind(section.GetSection("Sessions"));
    }
}
