using Gateway.Runtime.Tests.Grains;

namespace Gateway.Runtime.Tests.Invocation;

public sealed class GrainMethodTests
{
    [Fact]
    public void For_DescribesAMethodOnce()
    {
        var method = typeof(IReturnShapesGrain).GetMethod(nameof(IReturnShapesGrain.WaitForCancellationAsync))!;

        var described = GrainMethod.For(method);

        Assert.Same(described, GrainMethod.For(method));
        Assert.Equal(1, described.CancellationTokenIndex);
        Assert.Null(described.ResultType);
        Assert.False(described.AlwaysInterleave);
        Assert.Equal("IReturnShapesGrain.WaitForCancellationAsync", described.ToString());
    }

    [Fact]
    public void For_ReadsInterleavingOneWayAndResultType()
    {
        var peek = GrainMethod.For(typeof(ITurnGrain).GetMethod(nameof(ITurnGrain.PeekLogAsync))!);
        var fire = GrainMethod.For(typeof(IOneWayGrain).GetMethod(nameof(IOneWayGrain.FireAsync))!);

        Assert.True(peek.AlwaysInterleave);
        Assert.Equal(typeof(string[]), peek.ResultType);
        Assert.True(fire.OneWay);
        Assert.Equal(-1, fire.CancellationTokenIndex);
    }

    [Fact]
    public void For_RejectsAOneWayMethodThatReturnsAValue()
    {
        var failure = Assert.Throws<NotSupportedException>(
            () => GrainMethod.For(typeof(IBadOneWay).GetMethod(nameof(IBadOneWay.CountAsync))!));

        Assert.Contains("IBadOneWay.CountAsync", failure.Message);
    }

    [Fact]
    public async Task Invoker_CallsTheMethodWithItsArgumentsAndReturnsTheResultUntyped()
    {
        var method = GrainMethod.For(typeof(IReturnShapesGrain).GetMethod(nameof(IReturnShapesGrain.AddLaterAsync))!);
        var grain = new ReturnShapesGrain(new TestSupport.GrainProbe());

        var result = await method.Invoker(grain, [2, 40]);

        Assert.Equal(42, result);
    }

    public interface IBadOneWay : IGrainWithStringKey
    {
        [OneWay]
        Task<int> CountAsync();
    }
}
