using System.Buffers;
using Gateway.Runtime;
using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Cluster;

/// <summary>
/// Where grain calls go in a cluster. A grain already active here runs here; otherwise placement
/// (rendezvous hashing over the current view) names the owner, and a call for another silo goes
/// there over <see cref="SiloTransport"/>. A silo that receives a call for a grain it does not own
/// in its view refreshes its view when the caller's was newer and forwards once; a silo that loses
/// the directory claim forwards to the directory's holder. Forwarding never goes further than one
/// hop: past it, the call runs where it is or fails back to the caller, which then goes straight
/// to the holder it was told about.
/// Calls that certainly never reached their silo (connection refused or not made) are retried on
/// the new owner; a silo that refused a connection is voted Dead at once, since nothing listens on
/// its endpoint any more. Calls that were running on a silo that died fail with
/// <see cref="SiloUnavailableException"/>: they may have run, so they are not repeated.
/// </summary>
internal sealed class ClusterGrainCallRouter : IGrainCallRouter
{
    internal const string CallPath = "/cluster/v1/call";
    // Not-delivered retries back off from 100 ms to 1 s: about 5 s in all, enough for a starting silo to open its port.
    private const int MaxAttempts = 8;

    private readonly IActivationCatalog _catalog;
    private readonly ClusterPlacementDirector _placement;
    private readonly MembershipAgent _membership;
    private readonly SiloTransport _transport;
    private readonly RemoteMethods _methods;
    private readonly ClusterSerializer _serializer;
    private readonly SiloAddress _local;
    private readonly string _localName;
    private readonly TimeSpan _callTimeout;
    private readonly ILogger _logger;

    public ClusterGrainCallRouter(
        IActivationCatalog catalog,
        ClusterPlacementDirector placement,
        MembershipAgent membership,
        SiloTransport transport,
        RemoteMethods methods,
        ClusterSerializer serializer,
        SiloIdentity localSilo,
        IOptions<ClusterMessagingOptions> options,
        ILogger<ClusterGrainCallRouter> logger)
    {
        _catalog = catalog;
        _placement = placement;
        _membership = membership;
        _transport = transport;
        _methods = methods;
        _serializer = serializer;
        _local = SiloAddress.Parse(localSilo.Id);
        _localName = localSilo.Id;
        _callTimeout = options.Value.CallTimeout;
        _logger = logger;
    }

    public Task<object?> InvokeAsync(GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        if (!_catalog.IsActive(grainId) && _placement.Place(grainId) is { } owner && owner != _local)
        {
            return InvokeRemoteAsync(owner, grainId, method, arguments, hops: 0, cancellationToken);
        }

        return InvokeHereAsync(grainId, method, arguments, hops: 0, cancellationToken);
    }

    /// <summary>Runs a call that arrived from another silo: here, or one hop on when this silo is not the owner.</summary>
    internal async Task<object?> InvokeIncomingAsync(IncomingCall call, CancellationToken cancellationToken)
    {
        var method = call.Method.Method;
        if (call.Hops > 0 && _membership.LocalStatus == SiloStatus.ShuttingDown && !_catalog.IsActive(call.GrainId)
            && _placement.Place(call.GrainId) is { } successor && successor != _local)
        {
            // A leaving silo takes no new activations: the caller goes to the grain's next owner.
            throw new GrainActivationElsewhereException(call.GrainId, successor);
        }

        if (call.Hops == 0 && !_catalog.IsActive(call.GrainId))
        {
            if (call.ViewVersion > _membership.CurrentView.Version)
            {
                await _membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_placement.Place(call.GrainId) is { } owner && owner != _local)
            {
                return await InvokeRemoteAsync(owner, call.GrainId, method, call.Arguments, hops: 1, cancellationToken).ConfigureAwait(false);
            }
        }

        return await InvokeHereAsync(call.GrainId, method, call.Arguments, call.Hops, cancellationToken).ConfigureAwait(false);
    }

    private Task<object?> InvokeHereAsync(GrainId grainId, GrainMethod method, object?[] arguments, int hops, CancellationToken cancellationToken)
    {
        var call = _catalog.InvokeAsync(grainId, method, arguments, cancellationToken);
        return call.IsCompletedSuccessfully || hops > 0 ? call : AwaitHereAsync(call, grainId, method, arguments, cancellationToken);
    }

    private async Task<object?> AwaitHereAsync(
        Task<object?> call, GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (GrainActivationElsewhereException elsewhere)
        {
            // Lost the directory claim: another silo holds the live activation.
            return await InvokeRemoteAsync(elsewhere.Owner, grainId, method, arguments, hops: 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<object?> InvokeRemoteAsync(
        SiloAddress owner, GrainId grainId, GrainMethod method, object?[] arguments, int hops, CancellationToken cancellationToken)
    {
        var shape = _methods.Shape(method);
        var body = new ArrayBufferWriter<byte>(512);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_callTimeout);
        for (var attempt = 1; ; attempt++)
        {
            body.ResetWrittenCount();
            GrainCallCodec.WriteCall(body, grainId, shape, arguments, _membership.CurrentView.Version, _callTimeout, hops, _localName);
            byte[] answer;
            try
            {
                answer = await _transport.PostAsync(owner, CallPath, body.WrittenMemory, deadline.Token).ConfigureAwait(false);
            }
            catch (SiloUnavailableException unavailable) when (unavailable.NotDelivered && attempt < MaxAttempts)
            {
                await OnNotDeliveredAsync(owner, unavailable, grainId, method, attempt, deadline.Token).ConfigureAwait(false);
                var next = _placement.Place(grainId);
                if (next is not null && next != _local)
                {
                    owner = next;
                    continue;
                }

                try
                {
                    // Placed here now: run here, unless the directory still names a live holder elsewhere.
                    return await _catalog.InvokeAsync(grainId, method, arguments, cancellationToken).ConfigureAwait(false);
                }
                catch (GrainActivationElsewhereException elsewhere)
                {
                    owner = elsewhere.Owner;
                    hops = 1;
                    continue;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} on {grainId} (silo {owner}) did not complete within {_callTimeout}.");
            }

            var (result, fault) = GrainCallCodec.ReadAnswer(answer, shape, _serializer);
            if (fault is null)
            {
                return result;
            }

            if (fault.Kind == RemoteFault.Elsewhere && attempt < MaxAttempts && SiloAddress.TryParse(fault.Owner, out var holder))
            {
                // The forward reached a silo that does not hold the grain either; go straight to the holder it named.
                owner = holder;
                hops = 1;
                continue;
            }

            throw ToException(fault, grainId, method, owner);
        }
    }

    private async Task OnNotDeliveredAsync(
        SiloAddress owner, SiloUnavailableException unavailable, GrainId grainId, GrainMethod method, int attempt, CancellationToken cancellationToken)
    {
        if (SiloTransport.IsRefused(unavailable) && _membership.CurrentView.Contains(owner))
        {
            ClusterLog.SiloRefused(_logger, owner, method.ToString(), grainId);
            try
            {
                await _membership.DeclareDeadAsync(owner, "it refused a connection to its cluster port", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ClusterLog.DeclareDeadFailed(_logger, owner, ex);
            }
        }

        // Not refused outright (a timeout, or a silo still starting): give membership a moment, then look again.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 << (attempt - 1))), cancellationToken).ConfigureAwait(false);
        try
        {
            await _membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClusterLog.DeclareDeadFailed(_logger, owner, ex);
        }
    }

    private static Exception ToException(RemoteFault fault, GrainId grainId, GrainMethod method, SiloAddress silo) => fault.Kind switch
    {
        RemoteFault.Cancelled => new OperationCanceledException(fault.Message),
        RemoteFault.Timeout => new TimeoutException(fault.Message),
        RemoteFault.Unavailable => new SiloUnavailableException(fault.Owner ?? silo.ToString(), notDelivered: false, fault.Message),
        RemoteFault.BadCall => new InvalidOperationException($"Silo {silo} could not run {method} on {grainId}: {fault.Message}"),
        RemoteFault.Elsewhere => new SiloUnavailableException(fault.Owner ?? silo.ToString(), notDelivered: true, fault.Message),
        _ => fault.Type switch
        {
            "System.ArgumentException" or "System.ArgumentNullException" or "System.ArgumentOutOfRangeException" => new ArgumentException(fault.Message),
            "System.InvalidOperationException" => new InvalidOperationException(fault.Message),
            "System.NotSupportedException" => new NotSupportedException(fault.Message),
            "System.TimeoutException" => new TimeoutException(fault.Message),
            "System.OperationCanceledException" or "System.Threading.Tasks.TaskCanceledException" => new OperationCanceledException(fault.Message),
            "System.Collections.Generic.KeyNotFoundException" => new KeyNotFoundException(fault.Message),
            "System.FormatException" => new FormatException(fault.Message),
            "Gateway.Runtime.InconsistentStateException" => new InconsistentStateException(fault.Message, null, null),
            _ => new RemoteGrainException(fault.Type, fault.Message),
        },
    };

    /// <summary>How an exception thrown by a grain travels back to the silo that called it.</summary>
    internal static RemoteFault ToFault(Exception exception, bool callerCancelled) => exception switch
    {
        OperationCanceledException when callerCancelled => new RemoteFault(RemoteFault.Cancelled, exception.GetType().FullName!, exception.Message),
        OperationCanceledException => new RemoteFault(RemoteFault.Timeout, typeof(TimeoutException).FullName!, exception.Message),
        GrainActivationElsewhereException elsewhere => new RemoteFault(RemoteFault.Elsewhere, exception.GetType().FullName!, exception.Message, elsewhere.Owner.ToString()),
        SiloUnavailableException unavailable => new RemoteFault(RemoteFault.Unavailable, exception.GetType().FullName!, exception.Message, unavailable.Silo),
        RemoteGrainException remote => new RemoteFault(RemoteFault.Failed, remote.ExceptionType, exception.Message),
        _ => new RemoteFault(RemoteFault.Failed, exception.GetType().FullName!, exception.Message),
    };
}
