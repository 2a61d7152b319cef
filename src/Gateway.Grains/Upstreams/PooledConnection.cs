namespace Gateway.Upstreams;

/// <summary>
/// One entry of <see cref="UpstreamSessionPool"/>: an upstream connection from the moment it starts
/// opening, with how many requests are using it and since when nobody has, so that only a
/// connection no request is using is closed as idle. Its use is read and changed under the pool's
/// lock only.
/// </summary>
/// <param name="isProcess">A stdio child, counted against its upstream's MaxProcesses until it is closed.</param>
/// <param name="idleLimit">How long it may go unused before the pool closes it.</param>
internal sealed class PooledConnection(
    string upstream, string revision, bool isProcess, TimeSpan idleLimit, Task<UpstreamConnection> connecting, DateTimeOffset opened)
{
    private int _users;
    private DateTimeOffset _lastUsed = opened;

    public string Upstream => upstream;

    public string Revision => revision;

    public bool IsProcess => isProcess;

    public TimeSpan IdleLimit => idleLimit;

    public Task<UpstreamConnection> Connecting => connecting;

    public bool IsDead => Connecting.IsCompletedSuccessfully && !Connecting.Result.IsAlive;

    public void Acquire() => _users++;

    public void Release(DateTimeOffset now)
    {
        _users--;
        _lastUsed = now;
    }

    /// <summary>Open, used by no request, and unused for longer than its limit.</summary>
    public bool IsIdle(DateTimeOffset now) => _users == 0 && Connecting.IsCompletedSuccessfully && now - _lastUsed > idleLimit;

    /// <param name="leave">Leave a resumable upstream session open (<see cref="UpstreamConnection.LeaveAsync"/>).</param>
    public async Task CloseAsync(bool leave)
    {
        try
        {
            var connection = await Connecting;
            await (leave ? connection.LeaveAsync() : connection.DisposeAsync());
        }
        catch (Exception)
        {
            // It never connected, so there is nothing to close.
        }
    }
}
