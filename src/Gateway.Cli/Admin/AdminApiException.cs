using System.Net;

namespace Gateway.Cli.Admin;

/// <summary>The admin API answered with an error; <see cref="Exception.Message"/> is ready to show the user.</summary>
public sealed class AdminApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public const string Unauthorized = "the gateway rejected the credentials (401 Unauthorized): pass --api-key or set GATEWAY_API_KEY";

    public HttpStatusCode StatusCode { get; } = statusCode;
}
