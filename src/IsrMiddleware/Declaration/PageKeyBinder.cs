using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace IsrMiddleware.Declaration;

/// <summary>
/// Binds a page key (the canonical path) from a route pattern and route values with the framework's
/// <see cref="TemplateBinder"/>, and matches a key back into route values as the router would make them.
/// </summary>
internal sealed class PageKeyBinder
{
    private readonly RoutePattern _pattern;
    private readonly TemplateBinder _binder;
    private readonly TemplateMatcher _matcher;
    private readonly string[] _parameterNames;
    private readonly string[] _requiredParameterNames;
    private readonly KeyValuePair<string, object?>[] _requiredValues;
    private readonly (RoutePatternParameterPart Parameter, IRouteConstraint Constraint, string Text)[] _constraints;

    // For a pattern of whole segments (each one literal or one required parameter, no constraint): the literal of each
    // segment, or null where a parameter goes. Null when the pattern is anything else.
    private readonly string?[]? _plainSegments;

    // Routing is deterministic: one request path always yields the same route values for this pattern, so the key
    // bound for a path is kept and the hot path skips binding. Bounded; cleared when full.
    private const int MaxRememberedPaths = 2048;
    private readonly ConcurrentDictionary<string, string> _keysByPath = new(StringComparer.Ordinal);
    private int _rememberedPaths;

    public PageKeyBinder(RoutePattern pattern, TemplateBinderFactory binderFactory, ParameterPolicyFactory policyFactory)
    {
        _pattern = pattern;
        _binder = binderFactory.Create(pattern);
        _matcher = new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults));
        _parameterNames = pattern.Parameters.Select(p => p.Name).ToArray();
        _requiredParameterNames = pattern.Parameters
            .Where(p => !p.IsOptional && !p.IsCatchAll && p.Default is null)
            .Select(p => p.Name)
            .ToArray();
        _requiredValues = pattern.RequiredValues
            .Where(pair => pair.Value is not null && !_parameterNames.Contains(pair.Key, StringComparer.OrdinalIgnoreCase))
            .ToArray();
        _constraints = pattern.Parameters
            .SelectMany(parameter => parameter.ParameterPolicies.Select(reference =>
                (Parameter: parameter, Policy: policyFactory.Create(parameter, reference), Text: reference.Content ?? reference.ParameterPolicy?.GetType().Name ?? "?")))
            .Where(item => item.Policy is IRouteConstraint)
            .Select(item => (item.Parameter, (IRouteConstraint)item.Policy, item.Text))
            .ToArray();
        _plainSegments = PlainSegments(pattern);
    }

    private static string?[]? PlainSegments(RoutePattern pattern)
    {
        var segments = new string?[pattern.PathSegments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            if (parts.Count != 1)
            {
                return null;
            }

            switch (parts[0])
            {
                case RoutePatternLiteralPart literal when IsUnreserved(literal.Content):
                    segments[i] = literal.Content;
                    break;
                case RoutePatternParameterPart { IsOptional: false, IsCatchAll: false, Default: null, ParameterPolicies.Count: 0 }:
                    segments[i] = null;
                    break;
                default:
                    return null;
            }
        }

        return segments;
    }

    /// <summary>Whether a value is bound as itself: only URL-unreserved characters, and not a dot segment.</summary>
    private static bool IsUnreserved(string value)
    {
        if (value.Length == 0 || value is "." or "..")
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                return false;
            }
        }

        return true;
    }

    public IReadOnlyList<string> ParameterNames => _parameterNames;

    /// <summary>The key of the page a request for this route names, from its route values.</summary>
    public bool TryGetKey(HttpRequest request, out string key)
    {
        var path = request.Path.Value;
        if (path is not null && _keysByPath.TryGetValue(path, out key!))
        {
            return true;
        }

        if (!TryGetKey(request.RouteValues, out key))
        {
            return false;
        }

        if (path is not null)
        {
            if (Interlocked.Increment(ref _rememberedPaths) > MaxRememberedPaths)
            {
                _keysByPath.Clear();
                Interlocked.Exchange(ref _rememberedPaths, 1);
            }

            _keysByPath.TryAdd(path, key);
        }

        return true;
    }

    /// <summary>
    /// Binds the key of the page that the given route values name; only the pattern's parameters are read, and every
    /// required one must have a non-empty value.
    /// </summary>
    public bool TryGetKey(RouteValueDictionary routeValues, out string key)
    {
        key = string.Empty;
        foreach (var name in _requiredParameterNames)
        {
            if (!routeValues.TryGetValue(name, out var value) || string.IsNullOrEmpty(Convert.ToString(value, CultureInfo.InvariantCulture)))
            {
                return false;
            }
        }

        var values = new RouteValueDictionary();
        foreach (var name in _parameterNames)
        {
            if (routeValues.TryGetValue(name, out var value) && value is not null)
            {
                values[name] = value;
            }
        }

        AddRequiredValues(values);
        key = _binder.BindValues(values)!;
        if (key is null)
        {
            return false;
        }

        // The binder writes the root as the empty path; the root page's key is "/", as every other key starts with one.
        if (key.Length == 0)
        {
            key = "/";
        }

        return true;
    }

    /// <summary>Matches a key back into the route values a render runs with, or <see langword="null"/> when it does not fit.</summary>
    public RouteValueDictionary? Match(string key)
    {
        PathString path;
        try
        {
            path = PathString.FromUriComponent(key);
        }
        catch (InvalidOperationException)
        {
            // A key that decodes to a NUL character names no page.
            return null;
        }

        var values = new RouteValueDictionary();
        if (!_matcher.TryMatch(path, values))
        {
            return null;
        }

        AddRequiredValues(values);
        return values;
    }

    /// <summary>
    /// Checks one set of provider output against the pattern and binds its key.
    /// Returns <see langword="null"/> when it fits, else the reason it does not.
    /// </summary>
    public string? Validate(IReadOnlyDictionary<string, string> values, out string key)
    {
        key = string.Empty;
        foreach (var name in values.Keys)
        {
            if (!_parameterNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return $"'{name}' is not a parameter of the pattern";
            }
        }

        foreach (var parameter in _pattern.Parameters)
        {
            var has = values.TryGetValue(parameter.Name, out var value) && !string.IsNullOrEmpty(value);
            if (!has && !parameter.IsOptional && !parameter.IsCatchAll && parameter.Default is null)
            {
                return $"no value for '{parameter.Name}'";
            }
        }

        // A million declared pages are checked at every start: where binding is plain concatenation, and matching the
        // path back would read each value back unchanged, the key is written directly.
        if (TryBindPlain(values) is { } plain)
        {
            key = plain;
            return null;
        }

        return ValidateFully(values, out key);
    }

    /// <summary>The check of <see cref="Validate"/> through the framework's binder and matcher, whatever the pattern and values.</summary>
    internal string? ValidateFully(IReadOnlyDictionary<string, string> values, out string key)
    {

        if (!TryGetKey(new RouteValueDictionary(values.Select(pair => new KeyValuePair<string, object?>(pair.Key, pair.Value))), out key))
        {
            return "the values cannot be bound to the pattern";
        }

        if (HasDotSegment(key))
        {
            return $"the bound path '{key}' has a '.' or '..' segment, which clients and servers remove before routing: no request could reach it";
        }

        var matched = Match(key);
        if (matched is null)
        {
            return $"the bound path '{key}' does not match the pattern";
        }

        foreach (var (name, value) in values)
        {
            var roundTripped = Convert.ToString(matched[name], CultureInfo.InvariantCulture) ?? string.Empty;
            if (!string.Equals(roundTripped, value, StringComparison.Ordinal))
            {
                return $"the value '{value}' of '{name}' reads back from '{key}' as '{roundTripped}'";
            }
        }

        return FailedConstraint(matched);
    }

    /// <summary>The key for a plain pattern whose values are all bound as themselves, or <see langword="null"/>.</summary>
    private string? TryBindPlain(IReadOnlyDictionary<string, string> values)
    {
        if (_plainSegments is not { } segments || segments.Length == 0)
        {
            return null;
        }

        var length = 0;
        var parameter = 0;
        var bound = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is { } literal)
            {
                bound[i] = literal;
            }
            else if (values.TryGetValue(_parameterNames[parameter++], out var value) && IsUnreserved(value))
            {
                bound[i] = value;
            }
            else
            {
                return null;
            }

            length += bound[i].Length + 1;
        }

        return string.Create(length, bound, static (span, parts) =>
        {
            foreach (var part in parts)
            {
                span[0] = '/';
                part.AsSpan().CopyTo(span[1..]);
                span = span[(part.Length + 1)..];
            }
        });
    }

    private static bool HasDotSegment(string key)
    {
        foreach (var segment in key.AsSpan().Split('/'))
        {
            if (key.AsSpan(segment) is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether matched route values satisfy the pattern's constraints (the matcher does not check them).</summary>
    public bool SatisfiesConstraints(RouteValueDictionary matched) => FailedConstraint(matched) is null;

    private string? FailedConstraint(RouteValueDictionary matched)
    {
        foreach (var (parameter, constraint, text) in _constraints)
        {
            if (matched.ContainsKey(parameter.Name)
                && !constraint.Match(httpContext: null, route: null, parameter.Name, matched, RouteDirection.IncomingRequest))
            {
                return $"the value '{matched[parameter.Name]}' of '{parameter.Name}' fails the constraint '{text}'";
            }
        }

        return null;
    }

    private void AddRequiredValues(RouteValueDictionary values)
    {
        foreach (var (name, value) in _requiredValues)
        {
            values[name] = value;
        }
    }
}
