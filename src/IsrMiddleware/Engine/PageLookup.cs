using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

/// <summary>
/// The engine's answer to a request for a page: what to do, whether the page is declared, and the stored version
/// found (to serve, or, when <see cref="PageAction.Render"/> follows an expired one, the version seen) with its state
/// and age.
/// </summary>
internal readonly record struct PageLookup(PageAction Action, bool Declared, StoredPage? Page, PageState State, TimeSpan Age);
