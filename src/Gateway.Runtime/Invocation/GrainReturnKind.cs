namespace Gateway.Runtime.Invocation;

/// <summary>The return shapes a grain method may have.</summary>
internal enum GrainReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
