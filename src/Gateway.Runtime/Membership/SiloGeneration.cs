namespace Gateway.Runtime.Membership;

/// <summary>
/// Picks the generation of a silo that is starting: the current time in ticks, raised above every
/// generation the table already holds for the same endpoint. The time makes generations of
/// restarts increase even after old rows were cleaned up; the table check makes a new generation
/// certain even if the clock went backwards or the process restarts within one tick.
/// </summary>
internal static class SiloGeneration
{
    public static long Choose(DateTimeOffset now, MembershipTableSnapshot snapshot, string host, int siloPort) =>
        Choose(now.UtcTicks, snapshot, host, siloPort);

    /// <summary><paramref name="floor"/>, raised above every generation the table holds for the endpoint.</summary>
    public static long Choose(long floor, MembershipTableSnapshot snapshot, string host, int siloPort)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var generation = floor;
        foreach (var row in snapshot.Rows)
        {
            var silo = row.Entry.Silo;
            if (silo.SiloPort == siloPort && string.Equals(silo.Host, host, StringComparison.Ordinal) && silo.Generation >= generation)
            {
                generation = silo.Generation + 1;
            }
        }

        return generation;
    }
}
