using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly InMemoryMembershipTable _table = new();

    protected override IMembershipTable Table => _table;

    // One process, one table: every "silo" shares the instance.
    protected override IMembershipTable OpenAnotherHandle() => _table;
}
