using System.Globalization;

namespace Gateway.ConformanceUpstream;

/// <summary>How the conformance upstream was asked to run, parsed from its command line.</summary>
public sealed class ConformanceSettings
{
    public const string Usage = "usage: Gateway.ConformanceUpstream [--port N]   (N = 0: the OS picks a free port)";

    /// <summary>The loopback port to listen on; 0 lets the OS choose (the bound URL is printed on stdout).</summary>
    public int Port { get; init; }

    public static ConformanceSettings Parse(IReadOnlyList<string> args)
    {
        var port = 0;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != "--port")
            {
                throw new ArgumentException($"unknown option '{args[i]}'");
            }

            port = ++i < args.Count ? ParsePort(args[i]) : throw new ArgumentException("option '--port' needs a value");
        }

        return new ConformanceSettings { Port = port };
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"option '--port' needs an integer between 0 and 65535, got '{value}'");
}
