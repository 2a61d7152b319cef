using System.Text;

namespace Gateway.Runtime.Placement;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a grain belongs to the silo whose hash combined with
/// the grain's is highest. Every silo that holds the same view picks the same owner without asking
/// anyone, and when a silo leaves only the grains it owned move (to the runner-up of each).
/// The hash is FNV-1a over UTF-8, mixed with splitmix64, so it is stable across processes and
/// platforms (string.GetHashCode is randomised per process).
/// </summary>
public sealed class RendezvousHashing
{
    private readonly SiloIdentity[] _silos;
    private readonly ulong[] _siloHashes;

    /// <summary>Prepares a view's silos once (their hashes), so each placement costs one grain hash and a scan.</summary>
    public RendezvousHashing(IReadOnlyList<SiloIdentity> silos)
    {
        _silos = [.. silos];
        _siloHashes = _silos.Select(s => Hash(s.Id, "")).ToArray();
    }

    public IReadOnlyList<SiloIdentity> Silos => _silos;

    /// <summary>Shorthand for a one-off placement.</summary>
    public static SiloIdentity Pick(GrainId grainId, IReadOnlyList<SiloIdentity> silos) => new RendezvousHashing(silos).Pick(grainId);

    /// <summary>The owner of <paramref name="grainId"/>; ties (practically impossible) go to the ordinally smaller id.</summary>
    public SiloIdentity Pick(GrainId grainId)
    {
        if (_silos.Length == 0)
        {
            throw new InvalidOperationException($"No active silo can host {grainId}.");
        }

        var grainHash = Hash(grainId.Type, grainId.Key);
        var best = 0;
        var bestWeight = Mix(grainHash ^ _siloHashes[0]);
        for (var i = 1; i < _silos.Length; i++)
        {
            var weight = Mix(grainHash ^ _siloHashes[i]);
            if (weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(_silos[i].Id, _silos[best].Id) < 0))
            {
                best = i;
                bestWeight = weight;
            }
        }

        return _silos[best];
    }

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
