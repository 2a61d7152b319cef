using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Gateway.Security;
using Gateway.Silo.Configuration;
using Gateway.Transports.Audit;
using Gateway.Transports.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>
/// /admin/keys: API keys created, listed and revoked through the admin API. A key is shown once,
/// in the answer that creates it; the gateway keeps only its SHA-256. The config file's keys are
/// listed too (source "config") but change only there. A tenant's admin lists, creates and
/// revokes only its tenant's keys; key names are cluster-wide, across tenants.
/// </summary>
public static partial class AdminKeyEndpoints
{
    /// <summary>What every minted key starts with, so that secret scanners and people can recognise one.</summary>
    public const string KeyPrefix = "mgw_";

    public static void Map(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        read.MapGet("/keys", ListAsync);
        write.MapPost("/keys", CreateAsync).Audited(AdminActions.KeyCreate);
        write.MapDelete("/keys/{name}", RevokeAsync).Audited(AdminActions.KeyRevoke);
    }

    /// <summary>The body of POST /admin/keys.</summary>
    public sealed record KeyRequest(string? Name, List<string>? Roles, string? Tenant, DateTimeOffset? ExpiresAt);

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, IOptions<AuthOptions> auth, TimeProvider time)
    {
        var scope = AdminScope.Of(context);
        var now = time.GetUtcNow();
        var managed = await Registry(grains).ListAsync();
        var rows = auth.Value.ApiKeys
            .Select(k => new KeyView(k.Name, "config", null, k.Roles, k.Tenant, null, k.ExpiresAt, null, k.ExpiresAt is null || k.ExpiresAt > now))
            .Concat(managed.Keys.Select(k => new KeyView(k.Name, "admin", k.Prefix + "…", k.Roles, k.Tenant, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsLive(now))))
            .Where(k => scope.Governs(k.Tenant));
        return Results.Ok(rows);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, IGrainFactory grains, IOptions<AuthOptions> auth, ApiKeyDirectory directory, TimeProvider time, ILoggerFactory loggers)
    {
        var (request, problem) = await AdminBody.ReadAsync<KeyRequest>(context, "Invalid key", "a key request");
        if (request is null)
        {
            return problem!;
        }

        AuditNote.Of(context).Target = request.Name;

        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (!NamePattern().IsMatch(request.Name ?? ""))
        {
            errors["name"] = [$"'{request.Name}' is not a valid key name: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit"];
        }

        if (request.Roles?.FirstOrDefault(r => !NamePattern().IsMatch(r)) is { } role)
        {
            errors["roles"] = [$"'{role}' is not a valid role name"];
        }

        if (TenantNames.Problem(request.Tenant) is { } badTenant)
        {
            errors["tenant"] = [badTenant];
        }

        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = [$"{expiry:O} is not in the future"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value)), title: "Invalid key");
        }

        var (tenant, refusal) = AdminScope.Of(context).Assign(request.Tenant, "a key");
        if (refusal is not null)
        {
            return refusal;
        }

        if (auth.Value.ApiKeys.Any(k => k.Name == request.Name))
        {
            return Results.Problem(title: "Key exists", detail: $"A key named '{request.Name}' is in the config file", statusCode: 409);
        }

        // 256 random bits: a plain SHA-256 of it cannot be searched, so no slow hash is needed.
        var key = KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var record = new ManagedApiKey(
            request.Name!, ApiKeyDirectory.Hash(key), key[..(KeyPrefix.Length + 4)], [.. request.Roles ?? []], tenant,
            now, request.ExpiresAt, context.User.Identity?.Name);
        if (!await Registry(grains).AddAsync(record))
        {
            return Results.Problem(title: "Key exists", detail: $"A key named '{request.Name}' exists (revoked names stay taken)", statusCode: 409);
        }

        directory.Invalidate();
        LogCreated(loggers.CreateLogger("Gateway.Admin"), record.Name, string.Join(",", record.Roles), context.User.Identity?.Name);
        return Results.Created($"/admin/keys/{record.Name}", new
        {
            name = record.Name,
            key,
            roles = record.Roles,
            tenant = record.Tenant,
            createdAt = record.CreatedAt,
            expiresAt = record.ExpiresAt,
            note = "The key is shown only now: store it.",
        });
    }

    private static async Task<IResult> RevokeAsync(
        string name, HttpContext context, IGrainFactory grains, IOptions<AuthOptions> auth, ApiKeyDirectory directory, TimeProvider time, ILoggerFactory loggers)
    {
        var scope = AdminScope.Of(context);
        if (auth.Value.ApiKeys.FirstOrDefault(k => k.Name == name) is { } configured)
        {
            return scope.Governs(configured.Tenant)
                ? Results.Problem(title: "Key is configured", detail: $"Key '{name}' comes from the config file; remove it there", statusCode: 409)
                : NoSuchKey(name);
        }

        var managed = (await Registry(grains).ListAsync()).Keys.FirstOrDefault(k => k.Name == name);
        if (managed is null || !scope.Governs(managed.Tenant) || !await Registry(grains).RevokeAsync(name, time.GetUtcNow()))
        {
            return NoSuchKey(name);
        }

        directory.Invalidate();
        LogRevoked(loggers.CreateLogger("Gateway.Admin"), name, context.User.Identity?.Name);
        return Results.NoContent();
    }

    /// <summary>The same answer for a key that does not exist, one revoked and another tenant's.</summary>
    private static IResult NoSuchKey(string name) =>
        Results.Problem(title: "No such key", detail: $"No live key named '{name}'", statusCode: 404);

    private static IApiKeyRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.ClusterKey);

    /// <summary>What the admin API shows of a key: never the key, nor its hash.</summary>
    private sealed record KeyView(
        string Name, string Source, string? Prefix, IReadOnlyList<string> Roles, string? Tenant,
        DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Live);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();

    [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "Admin: key {Key} (roles {Roles}) created by {Principal}")]
    private static partial void LogCreated(ILogger logger, string key, string roles, string? principal);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Information, Message = "Admin: key {Key} revoked by {Principal}")]
    private static partial void LogRevoked(ILogger logger, string key, string? principal);
}
