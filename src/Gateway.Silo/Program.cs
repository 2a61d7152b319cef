using Gateway.Silo.Hosting;
using Microsoft.Extensions.Options;

// A silo of the MCP gateway: `Gateway.Silo --config cluster.json`.
var configFile = ConfigFileArgument(args);
WebApplication app;
try
{
    app = GatewayHost.Build(args, configFile);
}
catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine($"gateway: cannot load the configuration: {ex.Message}");
    return 2;
}

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("gateway: the configuration is invalid:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  - {failure}");
    }

    return 2;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    // Start-up failures (a port in use, a store that cannot be reached) end with one clear line.
    Console.Error.WriteLine($"gateway: cannot start: {ex.Message}");
    return 1;
}

static string? ConfigFileArgument(string[] args)
{
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i] is "--config" or "-c")
        {
            return args[i + 1];
        }
    }

    return null;
}

/// <summary>Visible to tests that host a silo in-process.</summary>
public partial class Program;
