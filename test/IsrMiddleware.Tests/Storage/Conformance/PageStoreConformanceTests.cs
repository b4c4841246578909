using System.Text;

namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>
/// The store contract (<see cref="IPageStore"/>, <see cref="IPageChangeFeed"/>, <see cref="IRenderLease"/>,
/// <see cref="IOnDemandPageLedger"/>, <see cref="IInvalidationConfirmer"/>) asserted through the public interfaces
/// only. A store passes by deriving from this class and opening its instances; a store that lacks a capability
/// declares so and overrides the tests that need it with <c>[Fact(Skip = ...)]</c>, so that they show as skipped.
/// </summary>
public abstract partial class PageStoreConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<StoreInstance> _opened = [];
    private readonly List<object> _resources = [];

    /// <summary>
    /// Opens one instance over the store's state: the first call opens it, each later one opens another instance
    /// over the same state (a restart, or another app instance sharing the store). <paramref name="name"/> is unique
    /// within a test.
    /// </summary>
    protected abstract Task<StoreInstance> OpenInstanceAsync(string name);

    /// <summary>
    /// Opens an on-demand page ledger with these caps (<see cref="StaticParamsOptions.MaxOnDemandPages"/>,
    /// <see cref="StaticParamsOptions.MaxOnDemandBytes"/>); each call a new, empty ledger. Dispose what it needs
    /// disposed through <see cref="Track{T}"/>.
    /// </summary>
    protected abstract Task<IOnDemandPageLedger> OpenOnDemandPageLedgerAsync(int maxPages, long maxBytes);

    /// <summary>Whether pages, invalidation records and the sequence survive closing an instance and opening another.</summary>
    protected virtual bool PersistsAcrossReopen => true;

    /// <summary>Whether a read for one response returns only the chosen representation of a page the caller will not keep.</summary>
    protected virtual bool ReadsOneRepresentation => false;

    /// <summary>Whether a change published by one instance reaches the listeners of another (a shared feed).</summary>
    protected virtual bool ChangesReachOtherInstances => false;

    /// <summary>Whether the lease refuses a key held by another holder (the default lease grants every request).</summary>
    protected virtual bool LeaseRefusesAHeldKey => false;

    /// <summary>Whether the confirmer asks the other live instances (the default has only itself to ask).</summary>
    protected virtual bool ConfirmsWithOtherInstances => false;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in Enumerable.Reverse(_opened))
        {
            await instance.DisposeAsync();
        }

        foreach (var resource in Enumerable.Reverse(_resources))
        {
            switch (resource)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Disposes <paramref name="resource"/> when the test ends, last tracked first.</summary>
    protected T Track<T>(T resource)
        where T : notnull
    {
        _resources.Add(resource);
        return resource;
    }

    /// <summary>Opens an instance, closed when the test ends.</summary>
    private async Task<StoreInstance> OpenAsync()
    {
        var instance = await OpenInstanceAsync("instance-" + (_opened.Count + 1));
        _opened.Add(instance);
        return instance;
    }

    /// <summary>Closes an instance, then opens another over the same state: a restart.</summary>
    private async Task<StoreInstance> ReopenAsync(StoreInstance instance)
    {
        await instance.DisposeAsync();
        return await OpenAsync();
    }

    private void Require(bool capability, string name)
    {
        if (!capability)
        {
            Assert.Fail($"{GetType().Name} declares {name} false: override this test with [Fact(Skip = \"...\")] so that it shows as skipped.");
        }
    }

    private static CancellationToken None => CancellationToken.None;

    private static StoredPage Page(string key, long version, params string[] tags) => new()
    {
        Key = key,
        StatusCode = 200,
        ContentType = "text/html; charset=utf-8",
        Headers = [new("X-Page", key), new("Content-Language", "en")],
        Body = Encoding.UTF8.GetBytes($"<p>{key} version {version}</p>"),
        BrotliBody = Encoding.UTF8.GetBytes($"br {key} {version}"),
        GzipBody = Encoding.UTF8.GetBytes($"gz {key} {version}"),
        ETag = $"\"v{version}\"",
        GeneratedAt = TimeProvider.System.GetUtcNow(),
        Version = version,
        BuildId = "b1",
        Route = "/p/{slug}",
        Tags = tags,
        Declared = version % 2 == 0,
    };

    private static async Task<T> WithinBoundAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: not within {Bound.TotalSeconds} s.");
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms for at most the bound (for deliveries that are asynchronous).</summary>
    private static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within {Bound.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }
}
