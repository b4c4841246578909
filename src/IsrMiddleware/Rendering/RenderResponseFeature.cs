using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IsrMiddleware.Rendering;

/// <summary>
/// The response feature of a render. Unlike the stock <see cref="HttpResponseFeature"/> it runs the
/// <c>OnStarting</c> and <c>OnCompleted</c> callbacks, which is where the request's service scope is disposed.
/// </summary>
internal sealed class RenderResponseFeature : IHttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; } = Stream.Null;

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public async Task StartAsync()
    {
        if (HasStarted)
        {
            return;
        }

        // Registered last runs first, as on a server.
        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State).ConfigureAwait(false);
        }

        HasStarted = true;
    }

    public async Task CompleteAsync()
    {
        List<Exception>? errors = null;
        for (var i = _onCompleted.Count - 1; i >= 0; i--)
        {
            try
            {
                await _onCompleted[i].Callback(_onCompleted[i].State).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        _onCompleted.Clear();
        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }
}
