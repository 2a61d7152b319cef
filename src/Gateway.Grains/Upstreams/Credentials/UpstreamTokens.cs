using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Credentials;

/// <summary>This silo's token sources, one per OAuth upstream and definition revision.</summary>
public sealed class UpstreamTokens(UpstreamSecrets secrets, IHttpClientFactory http, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, UpstreamTokenSource> _sources = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<UpstreamTokenSource>();

    public UpstreamTokenSource For(UpstreamDefinition definition)
    {
        var revision = UpstreamRevision.Of(definition);

        // A redefined upstream (another token URL, client or secret) starts afresh; its old connections keep the old source.
        return _sources.AddOrUpdate(
            definition.Name,
            _ => Create(definition, revision),
            (_, held) => held.Revision == revision ? held : Create(definition, revision));
    }

    private UpstreamTokenSource Create(UpstreamDefinition definition, string revision) =>
        new(definition, revision, secrets, http, time, _logger);
}
