using System.Reflection;
using Gateway.Runtime.Invocation;

namespace Gateway.Runtime.Proxies;

/// <summary>
/// Turns the router's untyped Task&lt;object?&gt; back into the Task, Task&lt;T&gt;, ValueTask or
/// ValueTask&lt;T&gt; the interface method returns. One delegate per method, made once.
/// </summary>
internal static class ProxyReturnAdapters
{
    private static readonly object s_completedValueTask = default(ValueTask);

    public static Func<Task<object?>, object> For(GrainReturnKind kind, Type? resultType)
    {
        var name = kind switch
        {
            GrainReturnKind.Task => nameof(ToTask),
            GrainReturnKind.TaskOfT => nameof(ToTaskOf),
            GrainReturnKind.ValueTask => nameof(ToValueTask),
            _ => nameof(ToValueTaskOf),
        };
        var method = typeof(ProxyReturnAdapters).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
        if (resultType is not null)
        {
            method = method.MakeGenericMethod(resultType);
        }

        return method.CreateDelegate<Func<Task<object?>, object>>();
    }

    /// <summary>What a [OneWay] method returns at once.</summary>
    public static object Completed(GrainReturnKind kind) =>
        kind == GrainReturnKind.ValueTask ? s_completedValueTask : Task.CompletedTask;

    public static object ToTask(Task<object?> call) => call;

    public static object ToTaskOf<T>(Task<object?> call) =>
        call.IsCompletedSuccessfully ? Task.FromResult((T)call.Result!) : CastAsync<T>(call);

    public static object ToValueTask(Task<object?> call) =>
        call.IsCompletedSuccessfully ? s_completedValueTask : new ValueTask(call);

    public static object ToValueTaskOf<T>(Task<object?> call) =>
        call.IsCompletedSuccessfully ? new ValueTask<T>((T)call.Result!) : new ValueTask<T>(CastAsync<T>(call));

    private static async Task<T> CastAsync<T>(Task<object?> call) => (T)(await call.ConfigureAwait(false))!;
}
