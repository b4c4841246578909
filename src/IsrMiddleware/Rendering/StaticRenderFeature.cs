using IsrMiddleware.Model;

namespace IsrMiddleware.Rendering;

/// <summary>Marks a synthetic render context and collects what the page says about itself while it renders.</summary>
internal sealed class StaticRenderFeature(bool isFallback)
{
    private readonly List<string> _tags = [];

    public bool IsFallback { get; } = isFallback;

    public IReadOnlyList<string> Tags => _tags;

    /// <summary>The nonce of this render's hole markers; null until the page declares a hole.</summary>
    public string? HoleNonce { get; private set; }

    /// <summary>The markers that surround a hole's fallback in the shell this render produces.</summary>
    public (string Start, string End) MarkHole(string name)
    {
        var nonce = HoleNonce;
        if (nonce is null)
        {
            lock (_tags)
            {
                nonce = HoleNonce ??= Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            }
        }

        return (HoleMarkers.Start(nonce, name), HoleMarkers.End(nonce));
    }

    public void AddTags(IEnumerable<string> tags)
    {
        lock (_tags)
        {
            foreach (var tag in tags)
            {
                if (!_tags.Contains(tag, StringComparer.Ordinal))
                {
                    _tags.Add(tag);
                }
            }
        }
    }
}
