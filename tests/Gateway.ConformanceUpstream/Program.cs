using Gateway.ConformanceUpstream;
using Gateway.ConformanceUpstream.Hosting;

ConformanceSettings settings;
try
{
    settings = ConformanceSettings.Parse(args);
}
catch (ArgumentException ex)
{
    // stdout carries only the LISTENING line that harnesses wait for.
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(ConformanceSettings.Usage);
    return 2;
}

return await ConformanceHost.RunAsync(settings);
