using Gateway.Protocol;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>Reads a request body up to a limit; a larger one gets HTTP 413 before it is buffered.</summary>
public static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await TooLargeAsync(context, limit);
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context, limit);
            return null;
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        McpHttpResults.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, GatewayErrorCodes.InvalidRequest,
            $"Request body too large: the limit is {limit} bytes");
}
