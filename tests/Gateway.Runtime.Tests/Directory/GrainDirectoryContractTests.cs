using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Directory;

/// <summary>
/// What every <see cref="IGrainDirectory"/> must do, one subclass per provider. The rule: a claim
/// wins over no entry, over an entry of the same silo incarnation, and over an entry whose silo is
/// not Joining, Active or ShuttingDown in the cluster's membership table; otherwise it changes
/// nothing and returns the holder. Silos are made live through the provider's real membership table.
/// </summary>
public abstract class GrainDirectoryContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected static readonly GrainId Grain = new("counter", "grain-1");

    /// <summary>The directory under test.</summary>
    protected abstract IGrainDirectory Directory { get; }

    /// <summary>The membership table <see cref="Directory"/> judges liveness by.</summary>
    protected abstract IMembershipTable Membership { get; }

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A second handle on the same directory, as another silo process would hold it.</summary>
    protected abstract IGrainDirectory OpenAnotherHandle();

    /// <summary>The directory and membership table of another cluster sharing the same store.</summary>
    protected abstract (IGrainDirectory Directory, IMembershipTable Membership) OpenAnotherCluster();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static SiloAddress Silo(int siloPort, long generation = 1, string host = "10.0.0.1") => new(host, siloPort, generation);

    protected static GrainAddress Address(SiloAddress silo, string activationId, GrainId? grain = null) =>
        new(grain ?? Grain, silo, activationId);

    /// <summary>Adds a row for <paramref name="silo"/> to <paramref name="table"/> (the test's own by default).</summary>
    protected async Task<SiloAddress> JoinAsync(SiloAddress silo, SiloStatus status = SiloStatus.Active, IMembershipTable? table = null)
    {
        table ??= Membership;
        var snapshot = await table.ReadAllAsync(None);
        Assert.True(await table.InsertRowAsync(new MembershipEntry(silo, status, T0, T0), snapshot.Version, None));
        return silo;
    }

    /// <summary>Moves the row of <paramref name="silo"/> to <paramref name="status"/>, as a failure detector or a shutdown would.</summary>
    protected async Task SetStatusAsync(SiloAddress silo, SiloStatus status)
    {
        var snapshot = await Membership.ReadAllAsync(None);
        var row = snapshot.Find(silo) ?? throw new InvalidOperationException($"{silo} has no membership row.");
        Assert.True(await Membership.UpdateRowAsync(row.Entry with { Status = status }, row.ETag, snapshot.Version, None));
    }

    [Fact]
    public async Task RemoveEntriesOfDeadSilos_DeletesExactlyTheEntriesWhoseSiloIsNotLive()
    {
        var active = await JoinAsync(Silo(1));
        var leaving = await JoinAsync(Silo(2), SiloStatus.ShuttingDown);
        var dead = await JoinAsync(Silo(3));
        var unknown = Silo(4);
        GrainId[] grains = [new("counter", "on-active"), new("counter", "on-leaving"), new("counter", "on-dead"), new("counter", "on-unknown")];
        SiloAddress[] holders = [active, leaving, dead, unknown];
        for (var i = 0; i < grains.Length; i++)
        {
            await Directory.RegisterAsync(Address(holders[i], $"a{i}", grains[i]), None);
        }

        await SetStatusAsync(dead, SiloStatus.Dead);
        var removed = await Directory.RemoveEntriesOfDeadSilosAsync(None);
        var again = await Directory.RemoveEntriesOfDeadSilosAsync(None);

        Assert.Equal(2, removed);
        Assert.Equal(0, again);
        Assert.Equal(active, (await Directory.LookupAsync(grains[0], None))?.Silo);
        Assert.Equal(leaving, (await Directory.LookupAsync(grains[1], None))?.Silo);
        Assert.Null(await Directory.LookupAsync(grains[2], None));
        Assert.Null(await Directory.LookupAsync(grains[3], None));
    }

    [Fact]
    public async Task Register_OfAGrainWithNoEntry_WinsAndReturnsItself()
    {
        var mine = Address(await JoinAsync(Silo(1)), "a1");

        Assert.Equal(mine, await Directory.RegisterAsync(mine, None));

        Assert.Equal(mine, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Register_OfAGrainWithNoEntry_WinsEvenForASiloWithoutAMembershipRow()
    {
        // Only the holder's liveness is judged, never the claimant's.
        var mine = Address(Silo(1), "a1");

        Assert.Equal(mine, await Directory.RegisterAsync(mine, None));
    }

    [Theory]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.Active)]
    [InlineData(SiloStatus.ShuttingDown)]
    public async Task Register_WhileAnotherLiveSiloHoldsTheGrain_ReturnsTheHolder_AndChangesNothing(SiloStatus holderStatus)
    {
        var first = Address(await JoinAsync(Silo(1), holderStatus), "a1");
        var second = Address(await JoinAsync(Silo(2)), "a2");
        await Directory.RegisterAsync(first, None);

        Assert.Equal(first, await OpenAnotherHandle().RegisterAsync(second, None));

        Assert.Equal(first, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Register_OverAnEntryOfADeadSilo_TakesItOver()
    {
        var dead = Address(await JoinAsync(Silo(1)), "a1");
        await Directory.RegisterAsync(dead, None);
        await SetStatusAsync(dead.Silo, SiloStatus.Dead);
        var mine = Address(await JoinAsync(Silo(2)), "a2");

        Assert.Equal(mine, await OpenAnotherHandle().RegisterAsync(mine, None));

        Assert.Equal(mine, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Register_OverAnEntryOfASiloWithoutAMembershipRow_TakesItOver()
    {
        // A silo whose row was cleaned up long ago, or that never joined this cluster.
        var gone = Address(Silo(1), "a1");
        await Directory.RegisterAsync(gone, None);
        var mine = Address(await JoinAsync(Silo(2)), "a2");

        Assert.Equal(mine, await OpenAnotherHandle().RegisterAsync(mine, None));

        Assert.Equal(mine, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Register_OverAnOlderEntryOfTheSameSiloIncarnation_TakesItOver()
    {
        var silo = await JoinAsync(Silo(1));
        await Directory.RegisterAsync(Address(silo, "old-activation"), None);
        var mine = Address(silo, "new-activation");

        Assert.Equal(mine, await Directory.RegisterAsync(mine, None));

        Assert.Equal(mine, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Register_OverAnEntryOfAnEarlierGenerationAtTheSameEndpoint_StillListedLive_ReturnsThatHolder()
    {
        // Same host and port, but another incarnation: until it is voted Dead, it may still be running the grain.
        var earlier = Address(await JoinAsync(Silo(1, generation: 1)), "a1");
        var later = Address(await JoinAsync(Silo(1, generation: 2)), "a2");
        await Directory.RegisterAsync(earlier, None);

        Assert.Equal(earlier, await Directory.RegisterAsync(later, None));

        await SetStatusAsync(earlier.Silo, SiloStatus.Dead);
        Assert.Equal(later, await Directory.RegisterAsync(later, None));
    }

    [Fact]
    public async Task Register_AgainWithTheSameAddress_WinsAgain()
    {
        var mine = Address(await JoinAsync(Silo(1)), "a1");
        await Directory.RegisterAsync(mine, None);

        Assert.Equal(mine, await Directory.RegisterAsync(mine, None));

        Assert.Equal(mine, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Unregister_WithAStaleActivationId_LeavesTheNewerEntry()
    {
        var silo = await JoinAsync(Silo(1));
        var old = Address(silo, "old-activation");
        var current = Address(silo, "new-activation");
        await Directory.RegisterAsync(old, None);
        await Directory.RegisterAsync(current, None);

        await Directory.UnregisterAsync(old, None);

        Assert.Equal(current, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Unregister_OfAnotherSilosAddressWithTheSameActivationId_RemovesOnlyAnExactMatch()
    {
        var holder = Address(await JoinAsync(Silo(1)), "same-id");
        await Directory.RegisterAsync(holder, None);

        await Directory.UnregisterAsync(holder with { GrainId = new GrainId(Grain.Type, "another-key") }, None);

        Assert.Equal(holder, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Unregister_ThenRegisterByAnotherLiveSilo_Wins()
    {
        var first = Address(await JoinAsync(Silo(1)), "a1");
        var second = Address(await JoinAsync(Silo(2)), "a2");
        await Directory.RegisterAsync(first, None);

        await Directory.UnregisterAsync(first, None);

        Assert.Null(await Directory.LookupAsync(Grain, None));
        Assert.Equal(second, await OpenAnotherHandle().RegisterAsync(second, None));
        Assert.Equal(second, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Unregister_OfAGrainWithNoEntry_DoesNothing()
    {
        await Directory.UnregisterAsync(Address(Silo(1), "a1"), None);

        Assert.Null(await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Lookup_OfAnUnknownGrain_ReturnsNull()
    {
        Assert.Null(await Directory.LookupAsync(new GrainId("counter", "nobody-registered-me"), None));
    }

    [Fact]
    public async Task Lookup_ReturnsTheEntryWhetherItsSiloIsLiveOrNot()
    {
        var entry = Address(await JoinAsync(Silo(1)), "a1");
        await Directory.RegisterAsync(entry, None);
        await SetStatusAsync(entry.Silo, SiloStatus.Dead);

        Assert.Equal(entry, await OpenAnotherHandle().LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Grains_DifferingInTypeOrKey_HaveEntriesOfTheirOwn()
    {
        var one = await JoinAsync(Silo(1));
        var two = await JoinAsync(Silo(2));
        GrainAddress[] entries =
        [
            Address(one, "a1", new GrainId("counter", "k")),
            Address(two, "a2", new GrainId("counter", "K")),
            Address(two, "a3", new GrainId("session", "k")),
        ];

        foreach (var entry in entries)
        {
            Assert.Equal(entry, await Directory.RegisterAsync(entry, None));
        }

        foreach (var entry in entries)
        {
            Assert.Equal(entry, await Directory.LookupAsync(entry.GrainId, None));
        }
    }

    [Fact]
    public async Task ConcurrentClaims_From20LiveSilos_ExactlyOneWins_AndEveryoneGetsThatWinner()
    {
        const int claimants = 20;
        var silos = new List<SiloAddress>();
        for (var i = 0; i < claimants; i++)
        {
            silos.Add(await JoinAsync(Silo(100 + i)));
        }

        var handles = silos.Select(_ => OpenAnotherHandle()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claims = silos.Select((silo, i) => Task.Run(async () =>
        {
            await start.Task;
            return await handles[i].RegisterAsync(Address(silo, $"activation-{i}"), None);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results.Distinct());
        Assert.Contains(winner, silos.Select((silo, i) => Address(silo, $"activation-{i}")));
        Assert.Equal(winner, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task Clusters_SharingTheStore_NeverSeeEachOthersEntriesNorMembership()
    {
        var (otherDirectory, otherMembership) = OpenAnotherCluster();
        var here = Address(await JoinAsync(Silo(1)), "here");
        var there = Address(await JoinAsync(Silo(2), table: otherMembership), "there");
        await Directory.RegisterAsync(here, None);

        Assert.Null(await otherDirectory.LookupAsync(Grain, None));
        Assert.Equal(there, await otherDirectory.RegisterAsync(there, None));
        Assert.Equal(here, await Directory.LookupAsync(Grain, None));

        // Silo 1 is Active here but has no row in the other cluster: there, its entry is taken over.
        var strayThere = Address(here.Silo, "stray", new GrainId("counter", "stray"));
        await otherDirectory.RegisterAsync(strayThere, None);
        var claim = Address(there.Silo, "claim", strayThere.GrainId);
        Assert.Equal(claim, await otherDirectory.RegisterAsync(claim, None));

        await otherDirectory.UnregisterAsync(there, None);
        Assert.Equal(here, await Directory.LookupAsync(Grain, None));
        Assert.Null(await otherDirectory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task OddGrainIdsAndSiloAddresses_RoundTrip()
    {
        var key = "it's \"quoted\" \\ back; -- '); DROP TABLE grain_directory; -- ünï¢ødé 中文 🧪 e\u0301 \t\r\n"
            + new string('x', 1024);
        var grain = new GrainId("type with 'quotes' and ünïcødé", key);
        var silo = await JoinAsync(Silo(65535, long.MaxValue, host: "fd00::1"));
        var entry = Address(silo, "activation 'id' 🧪", grain);

        Assert.Equal(entry, await Directory.RegisterAsync(entry, None));

        Assert.Equal(entry, await OpenAnotherHandle().LookupAsync(grain, None));
        Assert.Null(await Directory.LookupAsync(grain with { Key = key.ToUpperInvariant() }, None));
        Assert.Null(await Directory.LookupAsync(grain with { Key = key[..^1] }, None));
        await Directory.UnregisterAsync(entry, None);
        Assert.Null(await Directory.LookupAsync(grain, None));
    }

    [Fact]
    public async Task EmptyKeys_AreGrainIdsLikeAnyOther()
    {
        var grain = new GrainId("singleton", "");
        var entry = Address(await JoinAsync(Silo(1)), "a1", grain);

        Assert.Equal(entry, await Directory.RegisterAsync(entry, None));

        Assert.Equal(entry, await Directory.LookupAsync(grain, None));
    }
}
