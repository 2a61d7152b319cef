using System.Reflection;

namespace Gateway;

public static class GatewayVersion
{
    public static string Current { get; } =
        typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.1.0";
}
