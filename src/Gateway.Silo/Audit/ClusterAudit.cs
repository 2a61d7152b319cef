using Gateway.Audit;
using Orleans.Runtime;

namespace Gateway.Silo.Audit;

/// <summary>
/// An audit query for the whole cluster: every silo Active in this silo's membership view reads
/// its own files, in parallel, and the answers are merged newest first. A silo that does not answer
/// in time is named, not hidden: an audit answer that silently missed a silo would mislead.
/// </summary>
public sealed class ClusterAudit(IClusterMembershipService membership, AuditReaderClient readers)
{
    private static readonly TimeSpan PerSilo = TimeSpan.FromSeconds(10);

    public async Task<ClusterAuditAnswer> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
        var answers = await Task.WhenAll(silos.Select(silo => AskAsync(silo, query, cancellationToken)));
        return new ClusterAuditAnswer(
            [.. silos.Select(s => s.ToParsableString())],
            [.. answers.Where(a => a.Failure is not null).Select(a => a.Failure!)],
            [.. answers.SelectMany(a => a.Lines).OrderByDescending(l => l.Time).Take(query.Limit)]);
    }

    private async Task<SiloAnswer> AskAsync(SiloAddress silo, AuditQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return new SiloAnswer(await readers.ReadAsync(silo, query).WaitAsync(PerSilo, cancellationToken), null);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return new SiloAnswer([], new SiloFailure(silo.ToParsableString(), ex.Message));
        }
    }

    private sealed record SiloAnswer(AuditLine[] Lines, SiloFailure? Failure);
}

/// <param name="Silos">The silos asked.</param>
/// <param name="Unanswered">Those of them that did not answer, and why.</param>
/// <param name="Lines">The matching lines, newest first, at most the query's limit.</param>
public sealed record ClusterAuditAnswer(string[] Silos, SiloFailure[] Unanswered, AuditLine[] Lines);

public sealed record SiloFailure(string Silo, string Error);
