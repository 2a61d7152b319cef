using Gateway.TestUpstream;
using Gateway.TestUpstream.Hosting;

UpstreamSettings settings;
try
{
    settings = UpstreamSettings.Parse(args);
}
catch (ArgumentException ex)
{
    // stdout is reserved for the protocol (stdio) or the LISTENING line (http).
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(UpstreamSettings.Usage);
    return 2;
}

return settings.Mode switch
{
    UpstreamMode.Stdio => await StdioUpstreamHost.RunAsync(settings),
    UpstreamMode.Http => await HttpUpstreamHost.RunAsync(settings),
    _ => 2,
};
