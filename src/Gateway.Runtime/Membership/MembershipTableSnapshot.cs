using System.Collections.Immutable;

namespace Gateway.Runtime.Membership;

/// <summary>
/// Every row of one cluster's table together with the table version they were read at, taken
/// atomically: a write that names <see cref="Version"/> succeeds only if no structural change
/// happened since these rows were read.
/// </summary>
public sealed record MembershipTableSnapshot(ImmutableArray<MembershipRow> Rows, TableVersion Version)
{
    public MembershipRow? Find(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var row in Rows)
        {
            if (row.Entry.Silo == silo)
            {
                return row;
            }
        }

        return null;
    }
}
