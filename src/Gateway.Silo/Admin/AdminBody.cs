namespace Gateway.Silo.Admin;

/// <summary>Reads an admin API request body, answering what is wrong with it as a problem document.</summary>
public static class AdminBody
{
    /// <returns>The body, or null and the answer to send: 400 for JSON that is not a <typeparamref name="T"/>, 413 for a body over the limit.</returns>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext context, string title, string what)
        where T : class
    {
        try
        {
            var body = await context.Request.ReadFromJsonAsync<T>(context.RequestAborted);
            return body is null ? (null, Results.Problem(title: title, detail: "The body is empty", statusCode: 400)) : (body, null);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's MaxRequestBodySize (Gateway:Http:MaxRequestBodyBytes) stops a body mid-read.
            var detail = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body is larger than the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes (Gateway:Http:MaxRequestBodyBytes)"
                : ex.Message;
            return (null, Results.Problem(title: title, detail: detail, statusCode: ex.StatusCode));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return (null, Results.Problem(title: title, detail: $"The body is not {what}: {ex.Message}", statusCode: 400));
        }
    }
}
