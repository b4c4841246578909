namespace IsrMiddleware;

/// <summary>Settings of one webhook invalidator (<c>AddWebhookInvalidator</c>).</summary>
public sealed class WebhookInvalidatorOptions
{
    /// <summary>
    /// Headers sent with every call, for example <c>Authorization</c> for the receiver. Default: none.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
