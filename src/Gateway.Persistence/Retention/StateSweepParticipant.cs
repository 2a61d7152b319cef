using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gateway.Persistence;

/// <summary>
/// Runs an <see cref="ExpiredStateSweep"/> every <see cref="StateRetention.Interval"/> while the silo
/// is active: from <see cref="ServiceLifecycleStage.Active"/>, long after the schema was applied,
/// until the silo begins to stop. A failed sweep is logged and tried again at the next interval;
/// the silo serves on.
/// </summary>
internal sealed partial class StateSweepParticipant(ExpiredStateSweep sweep, TimeProvider time, ILogger<StateSweepParticipant> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StateSweepParticipant), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _running = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var retention = sweep.Retention;
        using var timer = new PeriodicTimer(retention.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    var deleted = await sweep.RunAsync(stopping).ConfigureAwait(false);
                    LogSwept(retention.StateName, deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(retention.StateName, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    [LoggerMessage(EventId = 1810, Level = LogLevel.Debug, Message = "Storage sweep: {Deleted} expired rows of state {StateName} deleted")]
    private partial void LogSwept(string stateName, int deleted);

    [LoggerMessage(EventId = 1811, Level = LogLevel.Warning, Message = "Storage sweep of state {StateName} failed: {Reason}; trying again at the next interval")]
    private partial void LogFailed(string stateName, string reason);
}
