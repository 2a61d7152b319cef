namespace Gateway.Runtime.Membership;

/// <summary>
/// The write protocol of optimistic membership: read the table, decide, write naming the version
/// (and row ETag) that was read, and on a lost race read again and decide again. A lost race
/// always means another silo's write won, so the cluster progresses; the attempt limit only bounds
/// a storm.
/// </summary>
internal sealed class MembershipTableWriter(IMembershipTable table, string clusterId)
{
    public const int MaxAttempts = 20;

    /// <summary>Inserts this silo as Joining under a generation never used at its endpoint.</summary>
    public async Task<SiloAddress> InsertJoiningRowAsync(
        MembershipOptions options, Func<DateTimeOffset> now, CancellationToken cancellationToken)
    {
        var host = options.AdvertisedAddress;
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var time = now();
            var generation = SiloGeneration.Choose(options.Generation > 0 ? options.Generation : time.UtcTicks, snapshot, host, options.SiloPort);
            if (options.Generation > 0 && generation != options.Generation)
            {
                throw new InvalidOperationException(
                    $"Cannot join cluster '{clusterId}' as generation {options.Generation} of {host}:{options.SiloPort}: " +
                    $"the membership table already holds generation {generation - 1} of that endpoint (has the clock gone backwards?).");
            }

            var silo = new SiloAddress(host, options.SiloPort, generation);
            var entry = new MembershipEntry(silo, SiloStatus.Joining, time, time) { SiloName = options.SiloName, HttpPort = options.HttpPort };
            if (await table.InsertRowAsync(entry, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return silo;
            }

            ThrowIfTooManyAttempts(attempt, $"join as {silo}");
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the row of <paramref name="silo"/>. False when the row is
    /// missing or already Dead (Dead is final, nothing brings a generation back), or when
    /// <paramref name="onlyIf"/> rejects the row as it is now.
    /// </summary>
    public async Task<bool> TryUpdateRowAsync(
        SiloAddress silo, Func<MembershipEntry, MembershipEntry> change, CancellationToken cancellationToken,
        Func<MembershipEntry, bool>? onlyIf = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (snapshot.Find(silo) is not { } row || row.Entry.Status == SiloStatus.Dead || (onlyIf is not null && !onlyIf(row.Entry)))
            {
                return false;
            }

            if (await table.UpdateRowAsync(change(row.Entry), row.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            ThrowIfTooManyAttempts(attempt, $"update the row of {silo}");
        }
    }

    /// <summary>
    /// Marks Dead every older generation of <paramref name="local"/>'s endpoint that is not Dead yet:
    /// this process holds the port, so they cannot be running. Returns the silos it marked.
    /// </summary>
    public async Task<IReadOnlyList<SiloAddress>> DeclarePredecessorsDeadAsync(SiloAddress local, CancellationToken cancellationToken)
    {
        var declared = new List<SiloAddress>();
        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in snapshot.Rows)
        {
            var silo = row.Entry.Silo;
            if (silo.IsSameEndpoint(local) && silo.Generation < local.Generation && row.Entry.Status != SiloStatus.Dead
                && await TryUpdateRowAsync(silo, entry => entry with { Status = SiloStatus.Dead }, cancellationToken).ConfigureAwait(false))
            {
                declared.Add(silo);
            }
        }

        return declared;
    }

    private void ThrowIfTooManyAttempts(int attempt, string what)
    {
        if (attempt >= MaxAttempts)
        {
            throw new InvalidOperationException(
                $"Could not {what} in cluster '{clusterId}': the membership table changed under {attempt} attempts in a row.");
        }
    }
}
