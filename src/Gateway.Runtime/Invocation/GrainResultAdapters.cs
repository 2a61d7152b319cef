using System.Reflection;

namespace Gateway.Runtime.Invocation;

/// <summary>
/// Turns what a grain method returned into the untyped Task&lt;object?&gt; the runtime passes
/// around. The turn of the call lasts until that task completes. Completed results skip the
/// async state machine.
/// </summary>
internal static class GrainResultAdapters
{
    private static readonly Task<object?> s_completed = Task.FromResult<object?>(null);

    public static MethodInfo For(GrainReturnKind kind, Type? resultType)
    {
        var name = kind switch
        {
            GrainReturnKind.Task => nameof(FromTask),
            GrainReturnKind.TaskOfT => nameof(FromTaskOf),
            GrainReturnKind.ValueTask => nameof(FromValueTask),
            _ => nameof(FromValueTaskOf),
        };
        var method = typeof(GrainResultAdapters).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
        return resultType is null ? method : method.MakeGenericMethod(resultType);
    }

    public static Task<object?> FromTask(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return s_completed;
        }

        return AwaitAsync(task);

        static async Task<object?> AwaitAsync(Task task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    public static Task<object?> FromTaskOf<T>(Task<T> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return Task.FromResult<object?>(task.Result);
        }

        return AwaitAsync(task);

        static async Task<object?> AwaitAsync(Task<T> task) => await task.ConfigureAwait(false);
    }

    public static Task<object?> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // Consume the result so that a pooled IValueTaskSource is returned to its pool.
            task.GetAwaiter().GetResult();
            return s_completed;
        }

        return FromTask(task.AsTask());
    }

    public static Task<object?> FromValueTaskOf<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully
            ? Task.FromResult<object?>(task.Result)
            : FromTaskOf(task.AsTask());
}
