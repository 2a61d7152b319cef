using Gateway.Runtime.Placement;

namespace Gateway.Runtime.Tests.Placement;

public sealed class RendezvousHashingTests
{
    private static readonly SiloIdentity[] Three = [new("10.0.0.1:11111:1"), new("10.0.0.2:11111:1"), new("10.0.0.3:11111:1")];

    private static IEnumerable<GrainId> Grains(int count) => Enumerable.Range(0, count).Select(i => new GrainId("session", $"key-{i}"));

    [Fact]
    public void Pick_IsTheSameWhateverTheOrderOfTheView()
    {
        var reversed = Three.Reverse().ToArray();

        foreach (var grain in Grains(500))
        {
            Assert.Equal(RendezvousHashing.Pick(grain, Three), RendezvousHashing.Pick(grain, reversed));
        }
    }

    [Fact]
    public void Pick_SpreadsGrainsEvenlyOverSilos()
    {
        var counts = Grains(9000).GroupBy(g => RendezvousHashing.Pick(g, Three)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2700, 3300));
    }

    [Fact]
    public void RemovingASilo_MovesOnlyTheGrainsItOwned()
    {
        var two = Three.Where(s => s != Three[1]).ToArray();

        foreach (var grain in Grains(3000))
        {
            var before = RendezvousHashing.Pick(grain, Three);
            var after = RendezvousHashing.Pick(grain, two);
            if (before != Three[1])
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public void Pick_IsStableAcrossProcesses()
    {
        // Fixed expectations: a hash that changed between processes or machines would split the cluster.
        var owners = Grains(12).Select(g => Array.IndexOf(Three, RendezvousHashing.Pick(g, Three)));

        Assert.Equal("022110120002", string.Concat(owners));
    }

    [Fact]
    public void Pick_WithNoSilos_Throws() =>
        Assert.Throws<InvalidOperationException>(() => RendezvousHashing.Pick(new GrainId("t", "k"), []));
}
