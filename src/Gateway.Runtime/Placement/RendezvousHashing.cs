using System.Text;

namespace Gateway.Runtime.Placement;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a grain belongs to the silo whose hash combined with
/// the grain's is highest. Every silo that holds the same view picks the same owner without asking
/// anyone, and when a silo leaves only the grains it owned move (to the runner-up of each).
/// The hash is FNV-1a over UTF-8, mixed with splitmix64, so it is stable across processes and
/// platforms (string.GetHashCode is randomised per process).
/// </summary>
public static class RendezvousHashing
{
    /// <summary>The owner among <paramref name="silos"/>; ties (practically impossible) go to the ordinally smaller id.</summary>
    public static SiloIdentity Pick(GrainId grainId, IReadOnlyList<SiloIdentity> silos)
    {
        if (silos.Count == 0)
        {
            throw new InvalidOperationException($"No active silo can host {grainId}.");
        }

        var grainHash = Hash(grainId.Type, grainId.Key);
        var best = silos[0];
        var bestWeight = Weight(grainHash, best);
        for (var i = 1; i < silos.Count; i++)
        {
            var weight = Weight(grainHash, silos[i]);
            if (weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(silos[i].Id, best.Id) < 0))
            {
                best = silos[i];
                bestWeight = weight;
            }
        }

        return best;
    }

    private static ulong Weight(ulong grainHash, SiloIdentity silo) => Mix(grainHash ^ Hash(silo.Id, ""));

    private static ulong Hash(string first, string second)
    {
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in (ReadOnlySpan<string>)[first, "\u0000", second])
        {
            var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * prime;
            }
        }

        return Mix(hash);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
