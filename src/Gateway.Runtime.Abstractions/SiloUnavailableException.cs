namespace Gateway.Runtime;

/// <summary>
/// A grain call could not complete because the silo hosting the grain could not be reached or went
/// away during the call. <see cref="NotDelivered"/> says the call certainly never reached the silo
/// (the connection was refused or could not be made), so running it elsewhere is safe; otherwise
/// it may or may not have run.
/// </summary>
public sealed class SiloUnavailableException(string silo, bool notDelivered, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The silo that could not be reached (its address as the cluster names it).</summary>
    public string Silo { get; } = silo;

    /// <summary>True when the call certainly did not reach the silo.</summary>
    public bool NotDelivered { get; } = notDelivered;
}

/// <summary>
/// A grain call failed on another silo with an exception that has no counterpart here; the
/// original exception's type and message are kept.
/// </summary>
public sealed class RemoteGrainException(string exceptionType, string message) : Exception(message)
{
    /// <summary>The full name of the exception type thrown on the remote silo.</summary>
    public string ExceptionType { get; } = exceptionType;
}
