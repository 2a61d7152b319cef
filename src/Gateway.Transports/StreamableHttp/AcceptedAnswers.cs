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
    public static AcceptedAnswers AnswersOf(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var media))
        {
            return AcceptedAnswers.JsonOnly;
        }

        (double Quality, int Order)? json = null, stream = null;
        for (var i = 0; i < media.Count; i++)
        {
            var type = media[i];
            var rank = (type.Quality ?? 1.0, i);
            if (rank.Item1 <= 0)
            {
                continue;
            }

            if (type.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                stream ??= rank;
            }
            else if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json ??= rank;
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
