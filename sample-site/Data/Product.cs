namespace SampleSite.Data;

/// <summary>A product: <c>products/{category}/{id}.json</c> holding <c>{"name": "...", "price": 12.5}</c>.</summary>
public sealed record Product(string Category, string Id, string Name, decimal Price);
