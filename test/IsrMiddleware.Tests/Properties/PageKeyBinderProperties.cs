using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Tests.Properties;

/// <summary>Properties of key binding over generated, often hostile, route values.</summary>
[Properties(Arbitrary = [typeof(HostileValues)], MaxTest = 500)]
public sealed class PageKeyBinderProperties : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddRouting().BuildServiceProvider();
    private readonly PageKeyBinder _items;
    private readonly PageKeyBinder _products;
    private readonly PageKeyBinder _docs;

    public PageKeyBinderProperties()
    {
        _items = Binder("/items/{slug}");
        _products = Binder("/p/{category}/{id}");
        _docs = Binder("/docs/{**path}");
    }

    public void Dispose() => _services.Dispose();

    private PageKeyBinder Binder(string pattern) => new(
        RoutePatternFactory.Parse(pattern),
        _services.GetRequiredService<TemplateBinderFactory>(),
        _services.GetRequiredService<ParameterPolicyFactory>());

    private static string? KeyOf(PageKeyBinder binder, params (string Name, string Value)[] values) =>
        binder.Validate(values.ToDictionary(pair => pair.Name, pair => pair.Value), out var key) is null ? key : null;

    [Property]
    public void A_valid_value_set_reads_back_from_its_key(SegmentValue category, SegmentValue id)
    {
        if (KeyOf(_products, ("category", category.Value), ("id", id.Value)) is not { } key)
        {
            return;
        }

        var matched = _products.Match(key);
        Assert.NotNull(matched);
        Assert.Equal(category.Value, matched["category"]?.ToString());
        Assert.Equal(id.Value, matched["id"]?.ToString());
    }

    [Property]
    public void Two_value_sets_share_a_key_only_when_they_are_equal(SegmentValue a, SegmentValue b)
    {
        var keyA = KeyOf(_items, ("slug", a.Value));
        var keyB = KeyOf(_items, ("slug", b.Value));
        if (keyA is null || keyB is null)
        {
            return;
        }

        Assert.Equal(string.Equals(a.Value, b.Value, StringComparison.Ordinal), string.Equals(keyA, keyB, StringComparison.Ordinal));
    }

    [Property]
    public void A_request_for_a_key_binds_that_same_key(PathValue path)
    {
        if (KeyOf(_docs, ("path", path.Value)) is not { } key)
        {
            return;
        }

        // As the router hands it to the middleware: the decoded path and the values matched from it.
        var context = new DefaultHttpContext();
        context.Request.Path = PathString.FromUriComponent(key);
        context.Request.RouteValues = _docs.Match(key)!;

        Assert.True(_docs.TryGetKey(context.Request, out var bound));
        Assert.Equal(key, bound);
    }

    [Property]
    public void A_dot_segment_value_is_refused_with_a_reason_naming_it(PathValue path)
    {
        var value = path.Value + "/..";

        var error = _docs.Validate(new Dictionary<string, string> { ["path"] = value }, out _);

        Assert.NotNull(error);
        Assert.Contains("'..'", error, StringComparison.Ordinal);
    }

    [Property]
    public void A_key_is_an_absolute_path_with_no_query_fragment_or_raw_control_character(SegmentValue category, SegmentValue id)
    {
        if (KeyOf(_products, ("category", category.Value), ("id", id.Value)) is not { } key)
        {
            return;
        }

        Assert.StartsWith("/p/", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, c => c is '?' or '#' or ' ' || char.IsControl(c));
        Assert.True(Uri.TryCreate("http://127.0.0.1" + key, UriKind.Absolute, out var uri));
        Assert.Equal(key, uri.AbsolutePath);
    }
}
