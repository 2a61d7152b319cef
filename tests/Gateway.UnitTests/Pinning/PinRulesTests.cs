using Gateway.Pinning;

namespace Gateway.UnitTests.Pinning;

/// <summary>Trust on first use; a changed or renamed definition is held until approved; the upstream reverting it, or dropping it, lets go.</summary>
public sealed class PinRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstRead_PinsEveryToolAndHoldsNone_EvenToolsThatShareABody()
    {
        var outcome = Review(new ToolPinsState(), "alpha", T0, Tool("extra_1", "same"), Tool("extra_2", "same"), Tool("echo", "echoes"));

        Assert.Empty(outcome.Result);
        Assert.Equal(["echo", "extra_1", "extra_2"], outcome.State.Pins.Select(p => p.Tool));
        Assert.All(outcome.State.Pins, p => Assert.Null(p.ApprovedBy));
        Assert.All(outcome.Events, e => Assert.Equal(PinningEventKind.Pinned, e.Kind));
        Assert.Equal(3, outcome.Events.Count);
    }

    [Fact]
    public void ReadAgainUnchanged_ChangesNothing()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;

        var again = Review(state, "alpha", T0.AddMinutes(1), Tool("echo", "echoes"));

        Assert.Same(state, again.State);
        Assert.Empty(again.Result);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void ChangedDefinition_IsHeldAsChanged_NamingThePinAndTheNewDescription()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes"), Tool("add", "adds")).State;

        var outcome = Review(state, "alpha", T0.AddHours(1), Tool("echo", "echoes, and mails your files"), Tool("add", "adds"));

        Assert.Equal(["echo"], outcome.Result);
        var held = Assert.Single(outcome.State.Held);
        Assert.Equal((HoldKind.Changed, "alpha|echo|echoes", "alpha|echo|echoes, and mails your files", T0.AddHours(1)), (held.Kind, held.PinnedHash, held.Hash, held.FirstSeen));
        Assert.Equal("echoes, and mails your files", held.Description);
        Assert.Equal("alpha|echo|echoes", outcome.State.Pins.Single(p => p.Tool == "echo").Hash);
        var e = Assert.Single(outcome.Events);
        Assert.Equal((PinningEventKind.Held, HoldKind.Changed, "echo"), (e.Kind, e.Hold, e.Tool));
    }

    [Fact]
    public void HeldDefinitionReadAgain_StaysHeldWithoutANewEvent()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "poisoned")).State;

        var again = Review(state, "alpha", T0.AddHours(2), Tool("echo", "poisoned"));

        Assert.Equal(["echo"], again.Result);
        Assert.Same(state, again.State);
        Assert.Equal(T0.AddHours(1), again.State.Held.Single().FirstSeen);
    }

    [Fact]
    public void DefinitionChangedBackToThePin_IsServedWithoutApproval()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "poisoned")).State;

        var outcome = Review(state, "alpha", T0.AddHours(2), Tool("echo", "echoes"));

        Assert.Empty(outcome.Result);
        Assert.Empty(outcome.State.Held);
        Assert.Equal(PinningEventKind.Restored, Assert.Single(outcome.Events).Kind);
    }

    [Fact]
    public void NewNameWithTheBodyOfAToolThatIsGone_IsHeldAsRenamed()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("read_file", "reads a file"), Tool("add", "adds")).State;

        var outcome = Review(state, "alpha", T0.AddHours(1), Tool("send_file", "reads a file"), Tool("add", "adds"));

        Assert.Equal(["send_file"], outcome.Result);
        var held = Assert.Single(outcome.State.Held);
        Assert.Equal((HoldKind.Renamed, null, "read_file"), (held.Kind, held.PinnedHash, held.RenamedFrom));
        Assert.DoesNotContain(outcome.State.Pins, p => p.Tool == "send_file");
    }

    [Fact]
    public void NewNameWithTheBodyOfAToolStillListed_IsHeldAsRenamed()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("read_file", "reads a file")).State;

        var outcome = Review(state, "alpha", T0.AddHours(1), Tool("read_file", "reads a file"), Tool("read_file_2", "reads a file"));

        Assert.Equal(["read_file_2"], outcome.Result);
        Assert.Equal("read_file", outcome.State.Held.Single().RenamedFrom);
    }

    [Fact]
    public void NewToolWithABodyOfItsOwn_IsPinnedAndServed()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;

        var outcome = Review(state, "alpha", T0.AddHours(1), Tool("echo", "echoes"), Tool("fresh", "new work"));

        Assert.Empty(outcome.Result);
        Assert.Equal(T0.AddHours(1), outcome.State.Pins.Single(p => p.Tool == "fresh").FirstSeen);
    }

    [Fact]
    public void HeldToolTheUpstreamNoLongerLists_IsWithdrawn()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes"), Tool("add", "adds")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "poisoned"), Tool("add", "adds")).State;

        var outcome = Review(state, "alpha", T0.AddHours(2), Tool("add", "adds"));

        Assert.Empty(outcome.State.Held);
        Assert.Equal(PinningEventKind.Withdrawn, Assert.Single(outcome.Events).Kind);
        Assert.Contains(outcome.State.Pins, p => p.Tool == "echo");
    }

    [Fact]
    public void OtherUpstreams_AreJudgedApart()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "poisoned")).State;

        var beta = Review(state, "beta", T0.AddHours(2), Tool("echo", "something else"), Tool("copy", "echoes"));

        Assert.Empty(beta.Result);
        Assert.Equal(["alpha/echo", "beta/copy", "beta/echo"], beta.State.Pins.Select(p => $"{p.Upstream}/{p.Tool}"));
        Assert.Equal("alpha", Assert.Single(beta.State.Held).Upstream);
    }

    [Fact]
    public void Approve_PinsTheHeldDefinition_SoTheNextReadServesIt()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "echoes better")).State;

        var approved = PinRules.Approve(state, "alpha", "echo", "root", T0.AddHours(2));
        var next = Review(approved.State, "alpha", T0.AddHours(3), Tool("echo", "echoes better"));

        Assert.Equal(("alpha|echo|echoes better", T0, T0.AddHours(2), "root"),
            (approved.Result!.Hash, approved.Result.FirstSeen, approved.Result.PinnedAt, approved.Result.ApprovedBy));
        Assert.Empty(approved.State.Held);
        var e = Assert.Single(approved.Events);
        Assert.Equal((PinningEventKind.Approved, "alpha|echo|echoes", "root"), (e.Kind, e.PinnedHash, e.Principal));
        Assert.Empty(next.Result);
        Assert.Same(approved.State, next.State);
    }

    [Fact]
    public void ApproveARenamedTool_PinsItUnderItsNewName()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("read_file", "reads a file")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("load_file", "reads a file")).State;

        var approved = PinRules.Approve(state, "alpha", "load_file", "root", T0.AddHours(2));

        Assert.Equal(["load_file", "read_file"], approved.State.Pins.Select(p => p.Tool));
        Assert.Empty(Review(approved.State, "alpha", T0.AddHours(3), Tool("load_file", "reads a file")).Result);
    }

    [Fact]
    public void ApproveOrRejectWhatIsNotHeld_AnswersNullAndChangesNothing()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;

        Assert.Null(PinRules.Approve(state, "alpha", "echo", "root", T0).Result);
        Assert.Null(PinRules.Reject(state, "alpha", "ghost", "root", T0).Result);
        Assert.Same(state, PinRules.Approve(state, "beta", "echo", "root", T0).State);
    }

    [Fact]
    public void Reject_KeepsTheToolHeld_AndTheDefinitionIsKnownAsRejectedWhenOfferedAgain()
    {
        var state = Review(new ToolPinsState(), "alpha", T0, Tool("echo", "echoes")).State;
        state = Review(state, "alpha", T0.AddHours(1), Tool("echo", "poisoned")).State;

        var rejected = PinRules.Reject(state, "alpha", "echo", "root", T0.AddHours(2));
        var other = Review(rejected.State, "alpha", T0.AddHours(3), Tool("echo", "poisoned again"));
        var back = Review(other.State, "alpha", T0.AddHours(4), Tool("echo", "poisoned"));

        Assert.Equal((T0.AddHours(2), "root"), (rejected.Result!.RejectedAt, rejected.Result.RejectedBy));
        Assert.Equal(PinningEventKind.Rejected, Assert.Single(rejected.Events).Kind);
        Assert.Equal(["echo"], Review(rejected.State, "alpha", T0.AddHours(3), Tool("echo", "poisoned")).Result);
        Assert.Null(other.State.Held.Single().RejectedAt);
        Assert.Equal(["echo"], back.Result);
        Assert.Equal(T0.AddHours(2), back.State.Held.Single().RejectedAt);
    }

    private static PinOutcome<IReadOnlyList<string>> Review(ToolPinsState state, string upstream, DateTimeOffset now, params ToolFingerprint[] tools) =>
        PinRules.Review(state, upstream, [.. tools.Select(t => t with { Hash = $"{upstream}|{t.Hash}" })], now);

    /// <summary>A fingerprint whose body is its description: the hash of the whole is upstream, name and body.</summary>
    private static ToolFingerprint Tool(string name, string body) => new(name, $"{name}|{body}", body, body);
}
