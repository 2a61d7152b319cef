using Gateway.Configuration;
using Gateway.Upstreams;

namespace Gateway.Silo.Admin;

/// <summary>Builds what the admin API shows of an upstream: never a secret value.</summary>
public static class UpstreamViews
{
    /// <param name="processes">The stdio processes of the upstream on the silo answering.</param>
    public static UpstreamView Create(UpstreamDefinition definition, string source, UpstreamStatus status, int processes) => new(
        definition.Name,
        definition.Transport,
        definition.Command,
        definition.Args,
        Mask(definition.Env),
        definition.Url,
        Mask(definition.Headers),
        definition.Stateless,
        definition.Tags,
        source,
        definition.Tenant,
        status.State switch
        {
            UpstreamState.Connected => "connected",
            UpstreamState.Connecting => "connecting",
            UpstreamState.Failed => "failed",
            _ => "disabled",
        },
        status.Error,
        status.ToolCount,
        status.HeldTools,
        status.ResourceCount,
        status.PromptCount,
        definition.MaxProcesses,
        processes,
        definition.Auth?.MapSecrets(Mask));

    /// <summary>References (env://, file://) name where a secret is, not the secret, so they stay readable.</summary>
    private static Dictionary<string, string> Mask(Dictionary<string, string> values) =>
        values.ToDictionary(p => p.Key, p => Mask(p.Value));

    private static string Mask(string value) => SecretReference.IsReference(value) ? value : "***";
}
