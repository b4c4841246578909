namespace IsrMiddleware.Tests.Storage.Conformance;

/// <summary>A store written outside the library (<see cref="DictionaryPageStore"/>); reopening it is a new instance over the same contents.</summary>
public sealed class DictionaryPageStoreConformanceTests : InProcessConformanceTests
{
    private DictionaryPageStore? _store;

    protected override IPageStore OpenStore() => _store = _store?.Reopen() ?? new DictionaryPageStore();
}
