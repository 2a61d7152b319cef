using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Admin;

/// <summary>Typed calls to the gateway's <c>/admin/upstreams</c> and <c>/admin/pins</c> APIs. Each result keeps the raw body for <c>--json</c>.</summary>
public sealed class AdminApiClient(HttpClient http, GatewayEndpoint endpoint)
{
    public async Task<AdminResult<List<UpstreamInfo>>> ListUpstreamsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(endpoint.AdminUpstreams, cancellationToken);
        return await ReadAsync(response, AdminJsonContext.Default.ListUpstreamInfo, cancellationToken);
    }

    public async Task<AdminResult<UpstreamInfo>> AddUpstreamAsync(AddUpstreamRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(endpoint.AdminUpstreams, request, AdminJsonContext.Default.AddUpstreamRequest, cancellationToken);
        return await ReadAsync(response, AdminJsonContext.Default.UpstreamInfo, cancellationToken);
    }

    public async Task RemoveUpstreamAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(endpoint.AdminUpstream(name), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new AdminApiException(HttpStatusCode.NotFound, $"no upstream named {name}");
        }

        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<AdminResult<SessionsInfo>> ListSessionsAsync(string? principal, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(endpoint.AdminSessions(principal), cancellationToken);
        return await ReadAsync(response, AdminJsonContext.Default.SessionsInfo, cancellationToken);
    }

    public async Task<AdminResult<PinsInfo>> ListPinsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(endpoint.AdminPins, cancellationToken);
        return await ReadAsync(response, AdminJsonContext.Default.PinsInfo, cancellationToken);
    }

    /// <summary>Pins the held definition of the tool; the answer is the new pin.</summary>
    public async Task<AdminResult<PinInfo>> ApproveAsync(string upstream, string tool, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(endpoint.AdminPin(upstream, tool, "approve"), content: null, cancellationToken);
        return await ReadAsync(response, AdminJsonContext.Default.PinInfo, cancellationToken);
    }

    /// <summary>Marks the held definition of the tool as rejected; it stays held. Returns the body for <c>--json</c>.</summary>
    public async Task<string> RejectAsync(string upstream, string tool, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(endpoint.AdminPin(upstream, tool, "reject"), content: null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<AdminResult<T>> ReadAsync<T>(
        HttpResponseMessage response,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new AdminApiException(response.StatusCode, "the gateway answered with an empty JSON document");
            return new AdminResult<T>(value, body);
        }
        catch (JsonException ex)
        {
            throw new AdminApiException(response.StatusCode, $"the gateway answered with JSON this CLI does not understand: {ex.Message}");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = response.StatusCode == HttpStatusCode.Unauthorized
            ? AdminApiException.Unauthorized
            : ProblemDetailsFormatter.Format(response.StatusCode, body);
        throw new AdminApiException(response.StatusCode, message);
    }
}
