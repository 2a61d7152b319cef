using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Membership;

/// <summary>
/// This silo's part in cluster membership. It joins the table (Joining, then Active, under a
/// generation no earlier start of this endpoint has used), writes its heartbeat every
/// <see cref="MembershipOptions.HeartbeatInterval"/>, reads the table every
/// <see cref="MembershipOptions.TableRefreshInterval"/>, votes Dead every silo whose heartbeat went
/// stale for <see cref="MembershipOptions.FailureTimeout"/>, and publishes the Active silos as an
/// immutable <see cref="MembershipView"/>. Stopping the host leaves gracefully (ShuttingDown, then
/// Dead); disposing without stopping leaves the row as a crash would. A silo that finds itself
/// declared Dead stops heartbeating and voting and raises <see cref="DeclaredDead"/>: the others
/// have already moved its grains, so it must not serve them any more.
/// </summary>
public sealed class MembershipAgent : IMembershipViewSource, IHostedService, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MembershipViewPublisher _views = new();
    private readonly SiloFailureDetector _detector;
    private readonly MembershipTableWriter _writer;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    // Never disposed: it has no timer or wait handle, and the loops may still cancel it while stopping.
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;
    private volatile SiloAddress? _localSilo;
    private int _localStatus;
    private int _declaredDead;
    private int _loopsStarted;
    private int _disposed;
    private long _lastHeartbeatWritten;
    private long _heartbeatTicks;
    private long _refreshTicks;

    public MembershipAgent(
        IMembershipTable table, IOptions<MembershipOptions> options, TimeProvider timeProvider, ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _detector = new SiloFailureDetector(_options.FailureTimeout, timeProvider);
        _writer = new MembershipTableWriter(table, _options.ClusterId);
    }

    public event EventHandler<MembershipView>? ViewChanged;

    /// <summary>Raised once when this silo learns that the cluster has declared it Dead, or that it has been cut off for longer than the failure timeout.</summary>
    public event EventHandler? DeclaredDead;

    /// <summary>This silo's address in the table; null until <see cref="StartAsync"/> has inserted its row.</summary>
    public SiloAddress? LocalSilo => _localSilo;

    /// <summary>This silo's own status as it last wrote or learnt it; null before joining.</summary>
    public SiloStatus? LocalStatus => Volatile.Read(ref _localStatus) is var status and > 0 ? (SiloStatus)status : null;

    public bool IsDeclaredDead => Volatile.Read(ref _declaredDead) != 0;

    public MembershipView CurrentView => _views.Current;

    // How many heartbeat and refresh ticks have run to completion, for tests that drive a fake clock.
    internal long HeartbeatTicks => Interlocked.Read(ref _heartbeatTicks);

    internal long RefreshTicks => Interlocked.Read(ref _refreshTicks);

    // Completes when the heartbeat and refresh loops have ended, whatever ended them.
    internal Task LoopsCompleted => _loops;

    private bool IsParticipating => !IsDeclaredDead && LocalStatus is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Joins the cluster: returns once this silo is Active and its first view is published, or, with
    /// <see cref="MembershipOptions.ActivateOnStart"/> off, once it is Joining (heartbeating, with a
    /// view of the others) and waiting for <see cref="ActivateAsync"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_localSilo is not null)
        {
            throw new InvalidOperationException("This membership agent has already joined; a restarted silo needs a new agent.");
        }

        var local = await _writer.InsertJoiningRowAsync(_options, () => Now, cancellationToken).ConfigureAwait(false);
        _localSilo = local;
        SetLocalStatus(SiloStatus.Joining);
        _lastHeartbeatWritten = _time.GetTimestamp();
        foreach (var predecessor in await _writer.DeclarePredecessorsDeadAsync(local, cancellationToken).ConfigureAwait(false))
        {
            MembershipLog.DeclaredPredecessorDead(_logger, predecessor, local);
        }

        if (!_options.ActivateOnStart)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            StartLoops();
            return;
        }

        await ActivateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns this Joining silo Active, so that placement starts choosing it. Called by <see cref="StartAsync"/> unless <see cref="MembershipOptions.ActivateOnStart"/> is off.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        var local = _localSilo ?? throw new InvalidOperationException("The silo has not joined yet: call StartAsync first.");
        if (LocalStatus != SiloStatus.Joining)
        {
            return;
        }

        if (IsDeclaredDead || !await TryChangeOwnRowAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            OnDeclaredDead("it was declared Dead while joining");
            throw new InvalidOperationException($"Silo {local} was declared Dead while joining cluster '{_options.ClusterId}'.");
        }

        SetLocalStatus(SiloStatus.Active);
        _lastHeartbeatWritten = _time.GetTimestamp();
        MembershipLog.Joined(_logger, local, _options.ClusterId);
        await RemoveDefunctRowsAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        StartLoops();
    }

    private void StartLoops()
    {
        if (Interlocked.Exchange(ref _loopsStarted, 1) != 0)
        {
            return;
        }

        // The timers start here, so a fake clock counts the first period from the moment of joining.
        var stopping = _stopping.Token;
        _loops = Task.WhenAll(
            PeriodicLoop.RunAsync(
                new PeriodicTimer(_options.HeartbeatInterval, _time), HeartbeatAsync, () => Interlocked.Increment(ref _heartbeatTicks), stopping),
            PeriodicLoop.RunAsync(
                new PeriodicTimer(_options.TableRefreshInterval, _time), RefreshTickAsync, () => Interlocked.Increment(ref _refreshTicks), stopping));
    }

    /// <summary>Marks this silo ShuttingDown, so placement stops choosing it while it hands its grains off. Heartbeats go on.</summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken)
    {
        if (_localSilo is null || !IsParticipating || LocalStatus == SiloStatus.ShuttingDown)
        {
            return;
        }

        SetLocalStatus(SiloStatus.ShuttingDown);
        await TryChangeOwnRowAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves gracefully: ShuttingDown (if not yet), then Dead, so the others drop this silo at their next read instead of after the failure timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var local = _localSilo;
        if (local is null || !IsParticipating)
        {
            await StopLoopsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
            await StopLoopsAsync(cancellationToken).ConfigureAwait(false);
            SetLocalStatus(SiloStatus.Dead);
            await TryChangeOwnRowAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            MembershipLog.Left(_logger, local, _options.ClusterId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MembershipLog.LeaveFailed(_logger, local, exception);
        }
        finally
        {
            await StopLoopsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<MembershipView> RefreshAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var declaredDead = false;
        MembershipView? published = null;
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            _detector.Observe(snapshot);
            var local = _localSilo;
            if (local is not null && IsParticipating && snapshot.Find(local)?.Entry.Status is null or SiloStatus.Dead)
            {
                declaredDead = MarkDeclaredDead("the membership table says it is Dead");
            }
            else
            {
                if (local is not null && LocalStatus == SiloStatus.Active && !IsDeclaredDead)
                {
                    snapshot = await VoteOutStaleSilosAsync(snapshot, local, cancellationToken).ConfigureAwait(false);
                }

                var view = MembershipView.From(snapshot);
                published = _views.TryPublish(view) ? view : null;
            }
        }
        finally
        {
            _refreshGate.Release();
        }

        // Raised outside the gate, so that a handler may call RefreshAsync itself.
        if (declaredDead)
        {
            RaiseDeclaredDead();
        }

        if (published is not null)
        {
            MembershipLog.ViewChanged(_logger, published);
            RaiseEach(ViewChanged, nameof(ViewChanged), handler => ((EventHandler<MembershipView>)handler)(this, published));
        }

        return CurrentView;
    }

    /// <summary>
    /// Votes <paramref name="silo"/> Dead at once, on evidence stronger than a stale heartbeat (its
    /// endpoint refused a connection: no process listens there any more), then refreshes the view.
    /// The vote names the row's ETag like any other, and Dead is final for that generation only: a
    /// restarted process joins under a new one. False when this silo is not taking part, or the row
    /// was already Dead or gone, or is ShuttingDown (a leaving silo marks itself Dead once its grains
    /// are handed off, and heartbeats catch one that dies on the way).
    /// </summary>
    public async Task<bool> DeclareDeadAsync(SiloAddress silo, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!IsParticipating || silo == _localSilo)
        {
            return false;
        }

        // A silo that is ShuttingDown closes its port while it hands its grains off; it marks itself Dead when done.
        var declared = await _writer.TryUpdateRowAsync(
                silo, entry => entry with { Status = SiloStatus.Dead }, cancellationToken, entry => entry.Status != SiloStatus.ShuttingDown)
            .ConfigureAwait(false);
        if (declared)
        {
            MembershipLog.DeclaredUnreachableDead(_logger, silo, reason);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return declared;
    }

    public Task<MembershipView> WaitForNewerViewAsync(long version, CancellationToken cancellationToken) =>
        _views.WaitForNewerAsync(version, cancellationToken);

    /// <summary>Stops heartbeating and reading without touching the table: to the others this looks like a crash unless <see cref="StopAsync"/> ran first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
    }

    private async Task<MembershipTableSnapshot> VoteOutStaleSilosAsync(
        MembershipTableSnapshot snapshot, SiloAddress local, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MembershipTableWriter.MaxAttempts; attempt++)
        {
            var stale = _detector.FindStale(snapshot, local);
            if (stale.Count == 0)
            {
                break;
            }

            // The vote names the row's ETag and the version read, so a silo that changed status since loses nothing.
            var suspect = stale[0];
            if (await _table.UpdateRowAsync(suspect.Entry with { Status = SiloStatus.Dead }, suspect.ETag, snapshot.Version, cancellationToken)
                .ConfigureAwait(false))
            {
                MembershipLog.DeclaredOtherDead(_logger, suspect.Entry.Silo, _options.FailureTimeout);
            }

            snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            _detector.Observe(snapshot);
        }

        return snapshot;
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var local = _localSilo!;
        try
        {
            if (!await _table.UpdateIAmAliveAsync(local, Now, cancellationToken).ConfigureAwait(false))
            {
                OnDeclaredDead("its row is gone from the membership table");
                return;
            }

            _lastHeartbeatWritten = _time.GetTimestamp();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Cut off from the table for a whole timeout, this silo has been voted out already, or soon
            // will be; continuing would let two silos serve the same grains.
            var silentFor = _time.GetElapsedTime(_lastHeartbeatWritten);
            MembershipLog.HeartbeatFailed(_logger, local, silentFor, exception);
            if (silentFor >= _options.FailureTimeout)
            {
                OnDeclaredDead($"it could not write its heartbeat for {silentFor}");
            }
        }
    }

    private async Task RefreshTickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MembershipLog.RefreshFailed(_logger, exception);
        }
    }

    private Task<bool> TryChangeOwnRowAsync(SiloStatus status, CancellationToken cancellationToken) =>
        _writer.TryUpdateRowAsync(_localSilo!, entry => entry with { Status = status, IAmAliveTime = Now }, cancellationToken);

    private async Task RemoveDefunctRowsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var removed = await _table.CleanupDefunctEntriesAsync(Now - _options.DefunctSiloRetention, cancellationToken).ConfigureAwait(false);
            if (removed > 0)
            {
                MembershipLog.DefunctRowsRemoved(_logger, removed);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MembershipLog.DefunctCleanupFailed(_logger, exception);
        }
    }

    private async Task StopLoopsAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loops.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void OnDeclaredDead(string reason)
    {
        if (MarkDeclaredDead(reason))
        {
            RaiseDeclaredDead();
        }
    }

    /// <summary>Stops taking part; true only the first time.</summary>
    private bool MarkDeclaredDead(string reason)
    {
        if (Interlocked.Exchange(ref _declaredDead, 1) != 0)
        {
            return false;
        }

        SetLocalStatus(SiloStatus.Dead);
        MembershipLog.DeclaredSelfDead(_logger, _localSilo, reason);
        _stopping.Cancel();
        return true;
    }

    private void RaiseDeclaredDead() =>
        RaiseEach(DeclaredDead, nameof(DeclaredDead), handler => ((EventHandler)handler)(this, EventArgs.Empty));

    // Each handler runs even if an earlier one throws; a handler's failure must not stop membership.
    private void RaiseEach(Delegate? handlers, string name, Action<Delegate> invoke)
    {
        foreach (var handler in handlers?.GetInvocationList() ?? [])
        {
            try
            {
                invoke(handler);
            }
            catch (Exception exception)
            {
                MembershipLog.HandlerFailed(_logger, name, exception);
            }
        }
    }

    private void SetLocalStatus(SiloStatus status) => Volatile.Write(ref _localStatus, (int)status);
}
