using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Rendering;

/// <summary>
/// The part of the app's pipeline after <c>UseStaticParams</c>, captured when the middleware is built. Renders run
/// through it; pre-rendering waits for it, since hosted services start before the pipeline exists.
/// </summary>
internal sealed class RenderPipeline
{
    private readonly TaskCompletionSource<RequestDelegate> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsBuilt => _next.Task.IsCompletedSuccessfully;

    public void Attach(RequestDelegate next)
    {
        if (!_next.TrySetResult(next))
        {
            throw new InvalidOperationException("UseStaticParams() was called more than once; call it once, after UseRouting().");
        }
    }

    public RequestDelegate Next => IsBuilt
        ? _next.Task.Result
        : throw new InvalidOperationException("The pipeline is not built yet: call app.UseStaticParams() after UseRouting().");
}
