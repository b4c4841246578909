using System.Text;
using StackExchange.Redis;
using IsrMiddleware.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>
/// Numbers handed out locally while an instance cannot number through Redis (here: its Redis user may not run scripts,
/// while other instances can) are provisional: never written to Redis, retired once Redis numbers again.
/// </summary>
public sealed class RedisLocalNumberTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly string _prefix = RedisInstance.NewPrefix();
    private readonly string _user = "n" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IDisposable> _disposables = [];

    public void Dispose() => _disposables.ForEach(disposable => disposable.Dispose());

    [Fact]
    public async Task A_page_numbered_locally_is_never_written_to_Redis_and_is_retired_once_Redis_numbers_again()
    {
        var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        _disposables.Add(admin);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("ACL", "SETUSER", _user, "on", ">secret", "~*", "&*", "+@all");
        var store = Connect($"{redis.Server.Configuration},user={_user},password=secret");
        var retired = new List<(IReadOnlyCollection<string> Keys, long UpTo)>();
        store.LocalPagesRetired += (keys, upTo) => retired.Add((keys, upTo));
        var before = await store.NextVersionAsync(CancellationToken.None);

        // Cut off from numbering (other instances still number through Redis): a render gets a local number.
        await server.ExecuteAsync("ACL", "SETUSER", _user, "-@scripting");
        var local = await store.NextVersionAsync(CancellationToken.None);
        Assert.Equal(before + 1, local);

        // Others record invalidations with the same and lower numbers meanwhile.
        var other = Connect(redis.Server.Configuration);
        var invalidation = await other.RecordInvalidationAsync(InvalidationKind.Path, "/x", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(invalidation.Version <= local);

        await server.ExecuteAsync("ACL", "SETUSER", _user, "+@scripting");
        // Back in touch (here the write's epoch check is the first contact): the page is not written, and retired.
        Assert.False(await store.SetAsync(Page("/x", local), CancellationToken.None));
        Assert.Null(await other.GetAsync("/x", CancellationToken.None));

        var next = await store.NextVersionAsync(CancellationToken.None);
        Assert.True(next > local, $"{next} is not above the local {local}");
        var (keys, upTo) = Assert.Single(retired);
        Assert.Equal(["/x"], keys);
        Assert.Equal(local, upTo);
    }

    private RedisPageStore Connect(string configuration)
    {
        var opened = new RedisStoreConnection(configuration, _prefix, "i" + _disposables.Count);
        _disposables.Add(opened);
        return opened.Store;
    }

    private static StoredPage Page(string key, long version) => new()
    {
        Key = key,
        ContentType = "text/html",
        Headers = [],
        Body = Encoding.UTF8.GetBytes($"<p>{key} version {version}</p>"),
        ETag = $"\"{version}\"",
        GeneratedAt = TimeProvider.System.GetUtcNow(),
        Version = version,
        BuildId = "b1",
        Route = "/s/{slug}",
        Tags = [],
        Declared = true,
    };
}
