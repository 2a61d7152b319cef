using System.Buffers;
using Gateway.Runtime;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Cluster;

/// <summary>
/// The cluster port's only handler: checks the cluster key signature, then runs a grain call
/// (<c>POST /cluster/v1/call</c>) or hands a named message to its handler
/// (<c>POST /cluster/v1/message/{name}</c>). Nothing else is served there, and none of this is
/// served on the client port.
/// </summary>
internal sealed class ClusterEndpoint(
    ClusterAuthentication authentication,
    ClusterGrainCallRouter router,
    RemoteMethods methods,
    ClusterSerializer serializer,
    ClusterMessenger messenger,
    IServiceProvider services,
    ILogger<ClusterEndpoint> logger)
{
    private const long MaxBodyBytes = 64 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!authentication.Verify(context.Request.Headers[ClusterAuthentication.HeaderName], path))
        {
            ClusterLog.Unauthenticated(logger, path, context.Connection.RemoteIpAddress?.ToString());
            await TextAsync(context, StatusCodes.Status401Unauthorized,
                $"The cluster port needs a valid {ClusterAuthentication.HeaderName} signature made with the cluster key.");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await TextAsync(context, StatusCodes.Status405MethodNotAllowed, "The cluster port takes POST only.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (path == ClusterGrainCallRouter.CallPath)
        {
            await HandleCallAsync(context, path);
        }
        else if (path.StartsWith(ClusterMessenger.PathPrefix, StringComparison.Ordinal)
                 && messenger.TryGetHandler(path[ClusterMessenger.PathPrefix.Length..], out var handler))
        {
            await HandleMessageAsync(context, path, handler);
        }
        else
        {
            await TextAsync(context, StatusCodes.Status404NotFound, $"The cluster port has nothing at {path}.");
        }
    }

    private async Task HandleCallAsync(HttpContext context, string path)
    {
        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        IncomingCall call;
        try
        {
            call = GrainCallCodec.ReadCall(body, methods, deadline.Token);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or NotSupportedException)
        {
            ClusterLog.Malformed(logger, path, ex.Message);
            await TextAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        deadline.CancelAfter(call.Timeout);
        var output = new ArrayBufferWriter<byte>(256);
        try
        {
            var result = await router.InvokeIncomingAsync(call, deadline.Token);
            GrainCallCodec.WriteResult(output, call.Method, result);
        }
        catch (Exception ex)
        {
            if (ex is not (OperationCanceledException or Gateway.Runtime.Directory.GrainActivationElsewhereException or SiloUnavailableException))
            {
                ClusterLog.IncomingCallFailed(logger, call.Method.Method.ToString(), call.GrainId, call.Caller, ex);
            }

            GrainCallCodec.WriteFault(output, ClusterGrainCallRouter.ToFault(ex, context.RequestAborted.IsCancellationRequested), serializer);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private async Task HandleMessageAsync(HttpContext context, string path, ClusterMessageHandler handler)
    {
        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        object message;
        try
        {
            message = messenger.Read(handler, body.Span);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or NotSupportedException)
        {
            ClusterLog.Malformed(logger, path, ex.Message);
            await TextAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        var delivered = await handler.Handle(services, message, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(delivered ? "true"u8.ToArray() : "false"u8.ToArray(), context.RequestAborted);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
