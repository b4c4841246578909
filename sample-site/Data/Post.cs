namespace SampleSite.Data;

/// <summary>A blog post: <c>posts/{slug}.md</c>, its first line <c># Title</c>, then paragraphs.</summary>
public sealed record Post(string Slug, string Title, IReadOnlyList<string> Paragraphs);
