using System.Collections.Frozen;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Gateway.Runtime.Placement;

namespace Gateway.Cluster;

/// <summary>
/// Cluster placement: rendezvous hashing of the grain id over the Active silos of the current
/// membership view, prepared once per view so a placement is one hash and a scan. Before this silo
/// sees any Active silo (it is the first one and still joining) every grain is placed here; the
/// grain directory keeps that from ever making a second activation.
/// </summary>
public sealed class ClusterPlacementDirector(IMembershipViewSource views, SiloIdentity localSilo) : IPlacementDirector
{
    private volatile Prepared? _prepared;

    public ValueTask<SiloIdentity> PlaceAsync(GrainId grainId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Prepare().Hashing?.Pick(grainId) ?? localSilo);

    /// <summary>The owner of <paramref name="grainId"/> in the current view; null when the view has no Active silo.</summary>
    public SiloAddress? Place(GrainId grainId)
    {
        var prepared = Prepare();
        return prepared.Hashing is { } hashing ? prepared.Addresses[hashing.Pick(grainId)] : null;
    }

    private Prepared Prepare()
    {
        var view = views.CurrentView;
        var prepared = _prepared;
        if (prepared is null || !ReferenceEquals(prepared.View, view))
        {
            prepared = new Prepared(view);
            _prepared = prepared;
        }

        return prepared;
    }

    private sealed class Prepared
    {
        public Prepared(MembershipView view)
        {
            View = view;
            Addresses = view.ActiveSilos.ToFrozenDictionary(entry => new SiloIdentity(entry.Silo.ToString()), entry => entry.Silo);
            Hashing = Addresses.Count == 0 ? null : new RendezvousHashing([.. Addresses.Keys]);
        }

        public MembershipView View { get; }

        public FrozenDictionary<SiloIdentity, SiloAddress> Addresses { get; }

        public RendezvousHashing? Hashing { get; }
    }
}
