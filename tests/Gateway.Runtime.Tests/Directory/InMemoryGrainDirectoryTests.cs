using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Directory;

public sealed class InMemoryGrainDirectoryTests : GrainDirectoryContractTests
{
    private readonly InMemoryMembershipTable _membership = new();
    private readonly InMemoryGrainDirectory _directory;

    public InMemoryGrainDirectoryTests() => _directory = new InMemoryGrainDirectory(_membership);

    protected override IGrainDirectory Directory => _directory;

    protected override IMembershipTable Membership => _membership;

    // One process, one directory: every "silo" shares the instance.
    protected override IGrainDirectory OpenAnotherHandle() => _directory;

    // In memory, a cluster is a membership table and a directory of its own.
    protected override (IGrainDirectory Directory, IMembershipTable Membership) OpenAnotherCluster()
    {
        var membership = new InMemoryMembershipTable();
        return (new InMemoryGrainDirectory(membership), membership);
    }

    [Fact]
    public void Constructor_WithoutAMembershipTable_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new InMemoryGrainDirectory(null!));
    }

    [Fact]
    public async Task Register_WhenTheEntryChangesWhileMembershipIsRead_DecidesOnWhatIsThereAfterwards()
    {
        // The membership read happens outside the lock: an entry that changed meanwhile must be judged afresh.
        var membership = new HookedMembershipTable(_membership);
        var directory = new InMemoryGrainDirectory(membership);
        var holder = Address(await JoinAsync(Silo(1)), "a1");
        var claimant = Address(await JoinAsync(Silo(2)), "a2");
        var newcomer = Address(await JoinAsync(Silo(3)), "a3");
        await directory.RegisterAsync(holder, None);
        membership.BeforeNextRead = async () =>
        {
            await directory.UnregisterAsync(holder, None);
            Assert.Equal(newcomer, await directory.RegisterAsync(newcomer, None));
        };

        Assert.Equal(newcomer, await directory.RegisterAsync(claimant, None));

        Assert.Null(membership.BeforeNextRead);
        Assert.Equal(newcomer, await directory.LookupAsync(Grain, None));
    }

    /// <summary>A membership table that runs a hook before its next read, to interleave a claim with other calls.</summary>
    private sealed class HookedMembershipTable(IMembershipTable inner) : IMembershipTable
    {
        private Func<Task>? _beforeNextRead;

        public Func<Task>? BeforeNextRead
        {
            get => Volatile.Read(ref _beforeNextRead);
            set => Volatile.Write(ref _beforeNextRead, value);
        }

        public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _beforeNextRead, null) is { } hook)
            {
                await hook();
            }

            return await inner.ReadAllAsync(cancellationToken);
        }

        public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, CancellationToken cancellationToken) =>
            inner.InsertRowAsync(entry, expectedVersion, cancellationToken);

        public Task<bool> UpdateRowAsync(MembershipEntry entry, string expectedEtag, TableVersion expectedVersion, CancellationToken cancellationToken) =>
            inner.UpdateRowAsync(entry, expectedEtag, expectedVersion, cancellationToken);

        public Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken) =>
            inner.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

        public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset deadBefore, CancellationToken cancellationToken) =>
            inner.CleanupDefunctEntriesAsync(deadBefore, cancellationToken);
    }
}
