namespace Gateway.LoadRunner;

/// <summary>A session could not be opened; the run is abandoned rather than measured with fewer sessions.</summary>
public sealed class SessionConnectException(string message, Exception innerException) : Exception(message, innerException);
