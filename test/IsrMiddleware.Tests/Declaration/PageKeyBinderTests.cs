using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Declaration;

namespace IsrMiddleware.Tests.Declaration;

public sealed class PageKeyBinderTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddRouting().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private PageKeyBinder Create(RoutePattern pattern) => new(
        pattern,
        _services.GetRequiredService<TemplateBinderFactory>(),
        _services.GetRequiredService<ParameterPolicyFactory>());

    private PageKeyBinder Create(string pattern) => Create(RoutePatternFactory.Parse(pattern));

    // As Razor Pages builds it: a required value that is not a parameter needs a matching default, or Parse throws.
    private static RoutePattern RazorPagePattern() =>
        RoutePatternFactory.Parse("/blog/{slug}", defaults: new { page = "/Blog/Post" }, parameterPolicies: null, requiredValues: new { page = "/Blog/Post" });

    private static string BindKey(PageKeyBinder binder, object values)
    {
        Assert.True(binder.TryGetKey(new RouteValueDictionary(values), out var key));
        return key;
    }

    private static Dictionary<string, string> Set(params (string Name, string Value)[] values) =>
        values.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Fact]
    public void Key_from_a_request_is_bound_from_its_route_values_and_repeats_for_the_same_path()
    {
        var binder = Create("/products/{category}/{id}");
        var first = new DefaultHttpContext();
        first.Request.Path = "/Products/tools/a b";
        first.Request.RouteValues = new RouteValueDictionary { ["category"] = "tools", ["id"] = "a b" };
        var again = new DefaultHttpContext();
        again.Request.Path = "/Products/tools/a b";
        again.Request.RouteValues = new RouteValueDictionary { ["category"] = "tools", ["id"] = "a b" };

        Assert.True(binder.TryGetKey(first.Request, out var key));
        Assert.True(binder.TryGetKey(again.Request, out var repeated));
        Assert.Equal("/products/tools/a%20b", key);
        Assert.Same(key, repeated);
    }

    [Fact]
    public void Keys_stay_right_past_the_remembered_path_bound()
    {
        var binder = Create("/items/{slug}");
        for (var i = 0; i < 5_000; i++)
        {
            var context = new DefaultHttpContext();
            context.Request.Path = $"/items/{i}";
            context.Request.RouteValues = new RouteValueDictionary { ["slug"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            Assert.True(binder.TryGetKey(context.Request, out var key));
            Assert.Equal($"/items/{i}", key);
        }
    }

    [Fact]
    public void Key_that_decodes_to_a_nul_character_matches_nothing()
    {
        var binder = Create("/items/{slug}");

        Assert.True(binder.TryGetKey(new RouteValueDictionary { ["slug"] = "a\0b" }, out var key));
        Assert.Null(binder.Match(key));
        Assert.NotNull(binder.Validate(new Dictionary<string, string> { ["slug"] = "a\0b" }, out _));
    }

    [Fact]
    public void Key_is_bound_from_the_pattern_parameters_only()
    {
        var binder = Create("/products/{category}/{id}");

        var key = BindKey(binder, new { category = "tools", id = "hammer", q = "search", utm_source = "mail" });

        Assert.Equal("/products/tools/hammer", key);
    }

    [Fact]
    public void Key_is_not_bound_when_a_required_parameter_is_missing()
    {
        var binder = Create("/products/{category}/{id}");

        var bound = binder.TryGetKey(new RouteValueDictionary { ["category"] = "tools" }, out var key);

        // Values without an id name no page of this route; "/products/tools" would be another route's page.
        Assert.False(bound, $"bound the key '{key}' without a value for 'id'");
    }

    [Fact]
    public void Key_of_a_razor_page_carries_no_required_value_in_a_query()
    {
        var binder = Create(RazorPagePattern());

        var key = BindKey(binder, new { slug = "hello", page = "/Blog/Post", handler = "x" });

        Assert.Equal("/blog/hello", key);
    }

    [Fact]
    public void Key_takes_the_literal_casing_of_the_pattern()
    {
        var binder = Create("/Blog/Posts/{slug}");

        var key = BindKey(binder, new { slug = "hello" });

        Assert.Equal("/Blog/Posts/hello", key);
    }

    [Fact]
    public void Catch_all_value_keeps_its_slashes()
    {
        var binder = Create("/docs/{**path}");

        var key = BindKey(binder, new { path = "guide/intro/setup" });

        Assert.Equal("/docs/guide/intro/setup", key);
    }

    [Theory]
    [InlineData("a b", "/items/a%20b")]
    [InlineData("café", "/items/caf%C3%A9")]
    [InlineData("what?", "/items/what%3F")]
    [InlineData("c#", "/items/c%23")]
    [InlineData("100%", "/items/100%25")]
    public void Values_are_percent_encoded_in_the_key(string slug, string expected)
    {
        var binder = Create("/items/{slug}");

        var key = BindKey(binder, new { slug });

        Assert.Equal(expected, key);
    }

    [Fact]
    public void Two_different_values_never_bind_to_one_key()
    {
        var binder = Create("/items/{slug}");
        string[] values = ["a b", "a%20b", "a+b", "a%2Bb", "a/b", "a%2Fb", "a%252Fb", "what?", "what%3F", "c#", "c%23", "café", "caf%C3%A9", "A", "a", "100%", "100%25"];

        var keys = values.Select(slug => BindKey(binder, new { slug })).ToArray();

        Assert.Equal(values.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("café")]
    [InlineData("what?")]
    [InlineData("c#")]
    [InlineData("100%")]
    [InlineData("a%2Fb")]
    [InlineData("plain")]
    public void Match_reads_back_the_values_a_key_was_bound_from(string slug)
    {
        var binder = Create("/items/{category}/{slug}");
        var key = BindKey(binder, new { category = "tools", slug });

        var values = binder.Match(key);

        Assert.NotNull(values);
        Assert.Equal("tools", values["category"]);
        Assert.Equal(slug, values["slug"]);
    }

    [Theory]
    [InlineData("guide/intro")]
    [InlineData("guide/a b/café")]
    [InlineData("guide/what?/c#/100%")]
    public void Match_reads_back_a_catch_all_value_with_its_slashes(string path)
    {
        var binder = Create("/docs/{**path}");
        var key = BindKey(binder, new { path });

        var values = binder.Match(key);

        Assert.NotNull(values);
        Assert.Equal(path, values["path"]);
    }

    [Fact]
    public void Match_returns_null_for_a_key_outside_the_pattern()
    {
        var binder = Create("/items/{slug}");

        Assert.Null(binder.Match("/other/thing"));
        Assert.Null(binder.Match("/items/a/b"));
    }

    [Fact]
    public void Match_adds_the_required_values_of_a_razor_page()
    {
        var binder = Create(RazorPagePattern());
        var key = BindKey(binder, new { slug = "hello world" });

        var values = binder.Match(key);

        Assert.Equal("/blog/hello%20world", key);
        Assert.NotNull(values);
        Assert.Equal("hello world", values["slug"]);
        Assert.Equal("/Blog/Post", values["page"]);
    }

    [Fact]
    public void Validate_accepts_a_fitting_set_and_returns_its_key()
    {
        var binder = Create("/products/{category}/{id:int}");

        var error = binder.Validate(Set(("category", "tools"), ("id", "42")), out var key);

        Assert.Null(error);
        Assert.Equal("/products/tools/42", key);
    }

    [Fact]
    public void Validate_accepts_a_set_for_a_razor_page_with_required_values()
    {
        var binder = Create(RazorPagePattern());

        var error = binder.Validate(Set(("slug", "hello")), out var key);

        Assert.Null(error);
        Assert.Equal("/blog/hello", key);
    }

    [Fact]
    public void Validate_names_a_missing_value()
    {
        var binder = Create("/products/{category}/{id}");

        var error = binder.Validate(Set(("category", "tools")), out _);

        Assert.NotNull(error);
        Assert.Contains("'id'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_names_a_value_that_is_not_a_parameter()
    {
        var binder = Create("/products/{category}/{id}");

        var error = binder.Validate(Set(("category", "tools"), ("id", "1"), ("color", "red")), out _);

        Assert.NotNull(error);
        Assert.Contains("'color'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_names_a_value_that_fails_a_constraint()
    {
        var binder = Create("/items/{id:int}");

        var error = binder.Validate(Set(("id", "abc")), out _);

        Assert.NotNull(error);
        Assert.Contains("'abc'", error, StringComparison.Ordinal);
        Assert.Contains("'id'", error, StringComparison.Ordinal);
        Assert.Contains("int", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_slash_in_a_value_of_a_parameter_that_is_not_a_catch_all()
    {
        var binder = Create("/items/{slug}");

        var error = binder.Validate(Set(("slug", "a/b")), out _);

        Assert.NotNull(error);
        Assert.Contains("'a/b'", error, StringComparison.Ordinal);
        Assert.Contains("'slug'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_a_slash_in_a_catch_all_value()
    {
        var binder = Create("/docs/{**path}");

        var error = binder.Validate(Set(("path", "guide/intro")), out var key);

        Assert.Null(error);
        Assert.Equal("/docs/guide/intro", key);
    }

    [Fact]
    public void Validate_lets_an_optional_parameter_be_absent()
    {
        var binder = Create("/items/{id?}");

        var absent = binder.Validate(Set(), out var absentKey);
        var present = binder.Validate(Set(("id", "7")), out var presentKey);

        Assert.Null(absent);
        Assert.Equal("/items", absentKey);
        Assert.Null(present);
        Assert.Equal("/items/7", presentKey);
    }

    public static TheoryData<string, string, string> PlainCases() => new()
    {
        { "/products/{category}/{id}", "tools", "hammer-2" },
        { "/products/{category}/{id}", "Tools", "A.b_c~d" },
        { "/products/{category}/{id}", "tools", "caf\u00e9" },
        { "/products/{category}/{id}", "a b", "x" },
        { "/products/{category}/{id}", "tools", "..." },
        { "/products/{category}/{id}", "tools", "a%2Fb" },
        { "/p/{category}/item/{id}", "x", "y" },
        { "/{category}/{id}", "1", "2" },
    };

    [Theory]
    [MemberData(nameof(PlainCases))]
    public void Declared_keys_of_plain_patterns_are_the_ones_the_framework_binds_and_matches(string pattern, string category, string id)
    {
        var binder = Create(pattern);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["category"] = category, ["id"] = id };

        var error = binder.Validate(values, out var key);
        var fullError = binder.ValidateFully(values, out var fullKey);

        Assert.Equal(fullError, error);
        Assert.Equal(fullKey, key);
        if (error is null)
        {
            Assert.Equal(key, BindKey(binder, new RouteValueDictionary { ["category"] = category, ["id"] = id }));
        }
    }

    [Fact]
    public void Declared_key_of_a_razor_page_pattern_is_the_one_a_request_binds()
    {
        var binder = Create(RazorPagePattern());
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["slug"] = "hello-world" };

        Assert.Null(binder.Validate(values, out var key));
        Assert.Equal(BindKey(binder, new { slug = "hello-world", page = "/Blog/Post" }), key);
        Assert.Null(binder.ValidateFully(values, out var fullKey));
        Assert.Equal(fullKey, key);
    }
}
