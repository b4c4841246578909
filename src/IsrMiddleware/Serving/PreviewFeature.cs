namespace IsrMiddleware.Serving;

/// <summary>Marks a request rendered live for an editor holding a valid preview cookie.</summary>
internal sealed class PreviewFeature
{
    public static readonly PreviewFeature Instance = new();

    private PreviewFeature()
    {
    }
}
