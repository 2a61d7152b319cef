namespace Gateway.Upstreams.Transports;

/// <summary>
/// The environment a stdio upstream's process starts with: the few of the gateway's variables that
/// programs need to run (where programs are, whose home, which locale and time zone, where temporary
/// files go), then the upstream's declared <c>Env</c> on top. Nothing else of the gateway's reaches
/// the child: not its own settings (<c>Gateway__*</c>, which can hold connection strings and keys),
/// not the runtime's (<c>DOTNET_*</c>, <c>ASPNETCORE_*</c>), not whatever secrets the operator
/// exported for other upstreams. A child that needs one more of them declares it, by value or as
/// <c>env://NAME</c>.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>
    /// TERM is left out on purpose: a child's stdout is the protocol pipe, not a terminal.
    /// </summary>
    private static readonly string[] Unix = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

    /// <summary>The SDK runs a Windows child through cmd.exe, which needs ComSpec, SystemRoot and PATHEXT.</summary>
    private static readonly string[] Windows =
    [
        "PATH", "PATHEXT", "SystemRoot", "windir", "SystemDrive", "ComSpec", "TEMP", "TMP", "USERPROFILE", "USERNAME",
        "HOMEDRIVE", "HOMEPATH", "APPDATA", "LOCALAPPDATA", "ProgramFiles", "PROCESSOR_ARCHITECTURE",
    ];

    /// <summary>The names of the gateway's variables a child gets, on this platform.</summary>
    public static IReadOnlyList<string> Inherited { get; } = OperatingSystem.IsWindows() ? Windows : Unix;

    /// <param name="declared">The upstream's <c>Env</c>, its references already resolved.</param>
    /// <param name="gateway">Reads one of the gateway's own variables (null when unset).</param>
    public static Dictionary<string, string?> Create(IReadOnlyDictionary<string, string> declared, Func<string, string?> gateway)
    {
        // Windows treats variable names case-insensitively, so a declared "Path" replaces PATH.
        var environment = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (gateway(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in declared)
        {
            environment[name] = value;
        }

        return environment;
    }
}
