using System.Text.RegularExpressions;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;

namespace Gateway.Silo.Configuration;

/// <summary>Checks one upstream definition; used for the config file and for the admin API alike.</summary>
public static partial class UpstreamDefinitionValidator
{
    /// <summary>A year: longer means never, and the pool's clock arithmetic must not overflow.</summary>
    private const double MaxProcessIdleTimeoutSeconds = 365 * 24 * 3600;

    /// <summary>Returns every problem, keyed by the offending field.</summary>
    /// <param name="guard">
    /// Checks an HTTP upstream's URL against the SSRF guard: given for the admin API, null for the
    /// config file, whose upstreams are the operator's own and may be anywhere.
    /// </param>
    public static Dictionary<string, string[]> Validate(UpstreamDefinition definition, OutboundAddressGuard? guard = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (!NamePattern().IsMatch(definition.Name ?? ""))
        {
            Add("name", $"'{definition.Name}' is not a valid upstream name: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        if (TenantNames.Problem(definition.Tenant) is { } tenant)
        {
            Add("tenant", tenant);
        }

        if (!UpstreamTransports.IsKnown(definition.Transport ?? ""))
        {
            Add("transport", $"'{definition.Transport}' is not a transport: use stdio, http or sse");
        }
        else if (definition.Transport == UpstreamTransports.Stdio)
        {
            if (string.IsNullOrWhiteSpace(definition.Command))
            {
                Add("command", "a stdio upstream needs a command");
            }
        }
        else if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Add("url", $"'{definition.Url}' is not an absolute http(s) URL");
        }
        else if (guard?.CheckUrl(url) is { } refused)
        {
            Add("url", $"'{definition.Url}' is refused: {refused}");
        }

        // JSON may say null where a string belongs: each is named here rather than failing later.
        foreach (var (field, key) in definition.Headers.Where(h => h.Value is null).Select(h => ("headers", h.Key))
                     .Concat(definition.Env.Where(e => e.Value is null).Select(e => ("env", e.Key))))
        {
            Add(field, $"'{key.ReplaceLineEndings(" ")}' has no value (null)");
        }

        if (definition.Args.Any(a => a is null) || definition.Tags.Any(t => t is null))
        {
            Add(definition.Args.Any(a => a is null) ? "args" : "tags", "a list item is null; give strings");
        }

        foreach (var header in definition.Headers.Where(h => h.Value is not null))
        {
            if (header.Key.Any(char.IsControl) || header.Value.Any(c => c is '\r' or '\n'))
            {
                Add("headers", $"header '{header.Key.ReplaceLineEndings(" ")}' contains a control character");
            }
        }

        UpstreamAuthValidator.Validate(definition, guard, Add);

        // The stored form of an encrypted secret is the gateway's own: decrypting one that came from
        // outside would hand a stored secret of another upstream to this one's URL.
        foreach (var (field, _) in definition.Secrets().Where(s => s.Value is not null && UpstreamSecrets.IsProtected(s.Value)))
        {
            Add(field, $"'{UpstreamSecrets.Prefix}…' is how the gateway stores an encrypted secret, not a value to give it: write the secret itself, or an env:// or file:// reference");
        }

        if (definition.CallTimeoutSeconds <= 0)
        {
            Add("callTimeoutSeconds", $"{definition.CallTimeoutSeconds} is not a positive number of seconds");
        }

        if (definition.MaxProcesses < 1)
        {
            Add("maxProcesses", $"{definition.MaxProcesses} is not a number of processes: use 1 or more");
        }

        if (definition.ProcessIdleTimeoutSeconds is not (> 0 and <= MaxProcessIdleTimeoutSeconds))
        {
            Add("processIdleTimeoutSeconds", $"{definition.ProcessIdleTimeoutSeconds} is not a number of seconds above 0 and at most {MaxProcessIdleTimeoutSeconds} (a year)");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();
}
