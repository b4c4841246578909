namespace IsrMiddleware.Rendering;

/// <summary>Marks a synthetic render context and collects what the page says about itself while it renders.</summary>
internal sealed class StaticRenderFeature(bool isFallback)
{
    private readonly List<string> _tags = [];

    public bool IsFallback { get; } = isFallback;

    public IReadOnlyList<string> Tags => _tags;

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
