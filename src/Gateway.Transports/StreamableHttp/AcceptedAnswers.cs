using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// Which answers a POST's Accept header allows: JSON only, both (JSON preferred or equal), or
/// both with text/event-stream preferred, ranked by quality and then by the order the client
/// wrote them in.
/// </summary>
internal enum AcceptedAnswers
{
    JsonOnly,
    Both,
    EventStreamFirst,
}

internal static class AcceptHeader
{
    private const string EventStream = "text/event-stream";

    public static AcceptedAnswers AnswersOf(HttpRequest request)
    {
        // Most POSTs name no stream, or name JSON first: only an Accept that mentions the stream
        // is parsed, so a JSON-only client pays nothing per request.
        var accept = request.Headers.Accept;
        if (!accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParseList(accept, out var media))
        {
            return AcceptedAnswers.JsonOnly;
        }

        (double Quality, int Order)? json = null, stream = null;
        for (var order = 0; order < media.Count; order++)
        {
            var type = media[order];
            var quality = type.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }

            if (type.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase))
            {
                stream ??= (quality, order);
            }
            else if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json ??= (quality, order);
            }
        }

        if (stream is not { } s)
        {
            return AcceptedAnswers.JsonOnly;
        }

        return json is not { } j || s.Quality > j.Quality || (s.Quality == j.Quality && s.Order < j.Order)
            ? AcceptedAnswers.EventStreamFirst
            : AcceptedAnswers.Both;
    }
}
