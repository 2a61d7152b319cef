using System.Collections.Immutable;

namespace Gateway.Runtime.Membership;

/// <summary>
/// What a silo believes the cluster is: the Active silos, in address order, as of a table version.
/// Immutable and swapped whole, so readers (placement, routing) never lock; a higher
/// <see cref="Version"/> is always the newer view.
/// </summary>
public sealed record MembershipView(long Version, ImmutableArray<MembershipEntry> ActiveSilos)
{
    /// <summary>The view before the first table read: no silo at all.</summary>
    public static MembershipView Empty { get; } = new(0, []);

    public bool Contains(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var entry in ActiveSilos)
        {
            if (entry.Silo == silo)
            {
                return true;
            }
        }

        return false;
    }

    public static MembershipView From(MembershipTableSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var active = snapshot.Rows
            .Where(row => row.Entry.Status == SiloStatus.Active)
            .Select(row => row.Entry)
            .OrderBy(entry => entry.Silo)
            .ToImmutableArray();
        return new MembershipView(snapshot.Version.Version, active);
    }

    public override string ToString() =>
        $"v{Version} [{string.Join(", ", ActiveSilos.Select(entry => entry.Silo.ToString()))}]";
}
