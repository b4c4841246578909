namespace IsrMiddleware.Model;

/// <summary>What one render captured from the response it produced.</summary>
internal sealed class RenderResult
{
    public required RenderOutcome Outcome { get; init; }

    public int StatusCode { get; init; }

    public string? ContentType { get; init; }

    public KeyValuePair<string, string>[] Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Why the result is <see cref="RenderOutcome.Uncacheable"/> or <see cref="RenderOutcome.Failed"/>.</summary>
    public string? Reason { get; init; }

    public Exception? Error { get; init; }

    public DateTimeOffset GeneratedAt { get; init; }

    public TimeSpan Duration { get; init; }

    public static RenderResult Failure(string reason, Exception? error, DateTimeOffset generatedAt, TimeSpan duration) => new()
    {
        Outcome = RenderOutcome.Failed,
        Reason = reason,
        Error = error,
        GeneratedAt = generatedAt,
        Duration = duration,
    };
}
