using System.Net;
using System.Net.Sockets;
using Gateway.Cli.Admin;
using ModelContextProtocol;

namespace Gateway.Cli.Hosting;

/// <summary>Maps an exception from a command to one line on stderr and an exit code; never a stack trace.</summary>
public static class FailureReporter
{
    public static int Report(Exception exception, GatewayEndpoint endpoint, TextWriter error, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }

        if (DescribeUnreachable(exception) is { } reason)
        {
            error.WriteLine($"cannot reach the gateway at {endpoint.BaseUrl}: {reason}");
            return ExitCodes.Unreachable;
        }

        if (exception is AdminApiException admin)
        {
            // Already phrased for the user, with the server's problem details.
            error.WriteLine(admin.Message);
            return ExitCodes.Failure;
        }

        switch (FindStatus(exception))
        {
            case HttpStatusCode.Unauthorized:
                error.WriteLine(AdminApiException.Unauthorized);
                return ExitCodes.Failure;
            case HttpStatusCode.Forbidden:
                error.WriteLine("the gateway refused the request (403 Forbidden): the API key lacks permission");
                return ExitCodes.Failure;
        }

        switch (exception)
        {
            case McpProtocolException protocol:
                error.WriteLine($"error {(int)protocol.ErrorCode}: {protocol.Message}");
                return ExitCodes.Failure;
            case HttpRequestException { StatusCode: { } status } http:
                error.WriteLine(HttpFailureText.Describe(status, http.Message));
                return ExitCodes.Failure;
            default:
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failure;
        }
    }

    /// <summary>A short reason when the failure means nothing answered at the gateway's address, else <see langword="null"/>.</summary>
    public static string? DescribeUnreachable(Exception exception)
    {
        foreach (var ex in Chain(exception))
        {
            switch (ex)
            {
                case SocketException socket:
                    return socket.Message;
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } http
                    when http.InnerException is not SocketException:
                    return http.Message;
                case TimeoutException:
                    return "timed out";
            }
        }

        // HttpClient.Timeout surfaces as a bare TaskCanceledException (with a TimeoutException inside, handled above).
        return exception is TaskCanceledException ? "timed out" : null;
    }

    private static HttpStatusCode? FindStatus(Exception exception)
    {
        foreach (var ex in Chain(exception))
        {
            switch (ex)
            {
                case HttpRequestException { StatusCode: { } status }:
                    return status;
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    yield return inner;
                }
            }
        }
    }
}
