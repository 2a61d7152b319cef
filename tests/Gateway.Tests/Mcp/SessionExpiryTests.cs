using System.Net;
using System.Text.Json.Nodes;
using Gateway.Sessions;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp;

/// <summary>
/// Idle sessions end (Gateway:Sessions:IdleTimeout): a session without requests or an open stream
/// for the timeout answers 404 on every method, its row leaves the store, and one in use or
/// listening lives on. Where a test must show that a session stays alive, an idle session opened
/// beside it is the clock: once that one is gone from the store, the other has outlived the timeout.
/// </summary>
public sealed class SessionExpiryTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":7,"method":"ping"}""";
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task IdleSession_Expires_AnswersNotFound_AndLeavesNoRow()
    {
        await using var gateway = await GatewayInstance.StartAsync(Config(Idle));
        var stored = StoredSessions.Sqlite(gateway.DataDirectory);
        var mcp = new RawMcp(gateway.Http);
        var session = await mcp.InitializeAsync();
        Assert.NotNull(await stored.ReadAsync(session));

        await WaitUntilGoneAsync(stored, session);
        var (postStatus, postBody, _) = await mcp.PostAsync(Ping, session);
        var (getStatus, getBody) = await mcp.GetAsync(session);

        Assert.Equal(HttpStatusCode.NotFound, postStatus);
        Assert.Equal(-32001, RawMcp.ErrorCode(postBody));
        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal(-32001, RawMcp.ErrorCode(getBody));
        Assert.Equal(HttpStatusCode.NotFound, await mcp.DeleteAsync(session));

        // Asking about it stored nothing again.
        Assert.Equal(0, await stored.CountAsync(session));
    }

    [Fact]
    public async Task SessionInUse_StaysAlive_WhileAnIdleOneBesideItExpires()
    {
        await using var gateway = await GatewayInstance.StartAsync(Config(Idle));
        var stored = StoredSessions.Sqlite(gateway.DataDirectory);
        var mcp = new RawMcp(gateway.Http);
        var busy = await mcp.InitializeAsync();
        var idle = await mcp.InitializeAsync();
        var started = DateTime.UtcNow;

        // A request every 0.5 s, at least ten of them over at least 5 s, and until the idle session is gone.
        var answers = new List<HttpStatusCode>();
        while (answers.Count < 10 || DateTime.UtcNow - started < TimeSpan.FromSeconds(5) || await stored.CountAsync(idle) > 0)
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the idle session never left the store");
            answers.Add((await mcp.PostAsync(Ping, busy)).Status);
            await Task.Delay(500);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.NotNull(await stored.ReadAsync(busy));
        Assert.Equal(HttpStatusCode.OK, (await mcp.PostAsync(Ping, busy)).Status);
    }

    [Fact]
    public async Task OpenGetStream_KeepsItsSessionAlive_UntilItCloses()
    {
        await using var gateway = await GatewayInstance.StartAsync(Config(Idle));
        var stored = StoredSessions.Sqlite(gateway.DataDirectory);
        var mcp = new RawMcp(gateway.Http);
        var listening = await mcp.InitializeAsync();
        var stream = await SseStream.OpenAsync(gateway.Http, listening);
        var idle = await mcp.InitializeAsync();

        try
        {
            await WaitUntilGoneAsync(stored, idle);

            // No request since its initialize, but its client listens: the session is still stored, and serves.
            Assert.NotNull(await stored.ReadAsync(listening));
            Assert.Equal(HttpStatusCode.OK, (await mcp.PostAsync(Ping, listening)).Status);
        }
        finally
        {
            await stream.DisposeAsync();
        }

        await WaitUntilGoneAsync(stored, listening);
        Assert.Equal(HttpStatusCode.NotFound, (await mcp.PostAsync(Ping, listening)).Status);
    }

    [Fact]
    public async Task SessionThatExpiredWhileItsSiloWasDown_IsGoneWhenTheSiloIsBack()
    {
        // Long enough that the silo stops well before the session's own timer would end it.
        var idle = TimeSpan.FromSeconds(5);
        var dataDirectory = Paths.NewTempDirectory();
        string session;
        DateTime lastActivity;
        await using (var gateway = await GatewayInstance.StartAsync(Config(idle), dataDirectory))
        {
            session = await new RawMcp(gateway.Http).InitializeAsync();
            lastActivity = DateTime.UtcNow;
        }

        var stored = StoredSessions.Sqlite(dataDirectory);
        Assert.NotNull(await stored.ReadAsync(session));

        // Nothing held the session while it expired: only its stored state knows of it.
        var expired = lastActivity + SessionTimings.StoredLife(idle) + TimeSpan.FromSeconds(1);
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow > expired), "the session's idle timeout to pass", TimeSpan.FromSeconds(30));
        Assert.NotNull(await stored.ReadAsync(session));

        await using var restarted = await GatewayInstance.StartAsync(Config(idle), dataDirectory);
        var (status, body, _) = await new RawMcp(restarted.Http).PostAsync(Ping, session);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(-32001, RawMcp.ErrorCode(body));
        await WaitUntilGoneAsync(stored, session);
    }

    [Fact]
    public async Task IdleSession_Expires_AndLeavesNoRow_InPostgres()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var config = Config(Idle);
        config["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString };
        await using var gateway = await GatewayInstance.StartAsync(config);
        var stored = StoredSessions.Postgres(database);
        var mcp = new RawMcp(gateway.Http);
        var session = await mcp.InitializeAsync();
        Assert.NotNull(await stored.ReadAsync(session));

        await WaitUntilGoneAsync(stored, session);
        var (postStatus, _, _) = await mcp.PostAsync(Ping, session);
        var (getStatus, _) = await mcp.GetAsync(session);

        Assert.Equal(HttpStatusCode.NotFound, postStatus);
        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal(0, await stored.CountAsync());
    }

    private static JsonObject Config(TimeSpan idleTimeout)
    {
        var config = GatewayConfig.Config();
        config["Sessions"] = new JsonObject { ["IdleTimeout"] = idleTimeout.ToString("c") };
        return config;
    }

    private static Task WaitUntilGoneAsync(StoredSessions stored, string session) =>
        Poll.UntilAsync(async () => await stored.CountAsync(session) == 0, $"session {session[..8]} to leave the store");
}
