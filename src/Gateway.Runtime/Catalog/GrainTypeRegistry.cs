using System.Collections.Frozen;
using Gateway.Runtime.Hosting;

namespace Gateway.Runtime.Catalog;

/// <summary>The grain classes this silo can activate, by grain type name. Checked as a whole when built.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _classes;

    public GrainTypeRegistry(IEnumerable<GrainClassRegistration> registrations)
    {
        var errors = new List<string>();
        var classes = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var group in registrations.Distinct().GroupBy(r => r.GrainType, StringComparer.Ordinal))
        {
            var candidates = group.ToList();
            if (candidates.Count > 1)
            {
                errors.Add($"Grain type '{group.Key}' is registered more than once: " +
                    string.Join(", ", candidates.Select(r => $"{r.InterfaceType.Name} -> {r.ClassType.Name}")) + ".");
                continue;
            }

            try
            {
                classes.Add(group.Key, new GrainClassInfo(candidates[0]));
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
            {
                errors.Add(exception.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid grain registrations:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        _classes = classes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public GrainClassInfo GetClass(GrainId grainId) =>
        _classes.TryGetValue(grainId.Type, out var info)
            ? info
            : throw new InvalidOperationException(
                $"No grain class is registered for grain type '{grainId.Type}' (grain {grainId}). " +
                "Register one with services.AddGrain<TGrainInterface, TGrainClass>().");
}
