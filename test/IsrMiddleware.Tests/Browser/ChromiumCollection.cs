namespace IsrMiddleware.Tests.Browser;

/// <summary>Browser tests share one Chromium: put them in <c>[Collection("Chromium")]</c> and take a <see cref="ChromiumFixture"/>.</summary>
[CollectionDefinition("Chromium")]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>;
