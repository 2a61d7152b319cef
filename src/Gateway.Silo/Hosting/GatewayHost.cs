using Gateway.Catalog;
using Gateway.Silo.Admin;
using Gateway.Silo.Audit;
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

namespace Gateway.Silo.Hosting;

/// <summary>
/// Builds a silo: one ASP.NET Core process whose Kestrel serves clients and which hosts an Orleans
/// silo. The order is explicit: configuration, logging, the Orleans silo (clustering, storage,
/// membership, TLS), the gateway's per-silo services, the audit log, the front door, the admin API;
/// then the middleware (request logging, audit, the exception handler, origin check, auth) and endpoints.
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

        var logger = builder.AddGatewayLogging();
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
            .AddGatewayAudit(gateway)
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
        app.UseAudit();
        app.UseMcpExceptionHandler();
        app.UseMcpSecurity();
        app.UseMcpWebSockets();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMcpFrontDoor();
        app.MapAdmin();
        return app;
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
