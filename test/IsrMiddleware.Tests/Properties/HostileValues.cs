using FsCheck;
using FsCheck.Fluent;

namespace IsrMiddleware.Tests.Properties;

/// <summary>One route value built from pieces that often break paths: dot segments, escapes, separators, odd Unicode.</summary>
public sealed record SegmentValue(string Value)
{
    public override string ToString() => System.Text.Json.JsonSerializer.Serialize(Value);
}

/// <summary>A catch-all value: one to four segment values joined with '/'.</summary>
public sealed record PathValue(string Value)
{
    public override string ToString() => System.Text.Json.JsonSerializer.Serialize(Value);
}

/// <summary>FsCheck generators for route values and page keys.</summary>
public static class HostileValues
{
    private static readonly string[] Pieces =
    [
        "..", ".", "\\", "%", "%2e", "%2f", "%00", "?", "#", " ", "+", "&", "=", "é", "e\u0301", "\u202e", "\ud83d\udca9",
        "\u00c0\u00ae", "con", "a", "Z", "-", "_", "~", ":", "@", "\t", "\n", "0", "42",
    ];

    private static Gen<string> Segment =>
        Gen.Choose(1, 7).SelectMany(count => Gen.ArrayOf(Gen.Elements(Pieces), count)).Select(string.Concat);

    public static Arbitrary<SegmentValue> SegmentValue() => Segment.Select(value => new SegmentValue(value)).ToArbitrary();

    public static Arbitrary<PathValue> PathValue() =>
        Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(Segment, count)).Select(segments => new PathValue(string.Join('/', segments))).ToArbitrary();
}
